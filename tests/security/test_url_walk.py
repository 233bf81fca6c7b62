"""Every URL × every role: each page, object view, history, autocomplete, filter, action, download and form
post the project serves, tried by anonymous, town01, town02, county and leader against the demo county.

The URLs come from the resolver and the admin registry, so pages added by any app are walked without
editing this file. A township user must never read or write another township's rows (404 or 403, nothing
changed, no other township's names in anything she receives); the leader changes nothing; anonymous
reaches only the login pages, the 使用说明 (PUBLIC_PATHS) and static files; nobody gets a 500.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import Resolver404, resolve

from orgs import scoping
from tests.security.urlwalk import all_routes
from tests.security.walk_world import (
    LOGIN_PATHS,
    PUBLIC_PATHS,
    ROLES,
    SKIP_ROUTES,
    Target,
    _changed_tables,
    _client,
    _data_fingerprint,
    _foreign_names,
    _form_of,
    _full_id_numbers,
    _is_login_redirect,
    _Links,
    _targets,
    _text_of,
)


class _Walk:
    """One role's walk: the pages it is answered, the links it follows and the problems it finds."""

    def __init__(self, world, role: str, targets: list[Target]) -> None:
        self.role = role
        self.client = _client(world, role)
        self.own = world.township_of.get(role)
        other = None
        if role.startswith("town"):
            other = world.township_of["town02" if role == "town01" else "town01"]
        self.foreign = _foreign_names(world, self.own, other) if self.own else {}
        self.problems: list[str] = []
        self.seen = {t.url for t in targets}
        self.followed: set[str] = set()
        self.followed_routes: set[str] = set()
        self.queue = list(targets)

    def run(self) -> None:
        while self.queue:
            self.visit(self.queue.pop(0))

    def visit(self, target: Target) -> None:
        response = self.client.get(target.url)
        status = response.status_code
        where = f"{self.role} GET {target.url}"
        if status >= 500:
            self.problems.append(f"{where}: {status}")
        elif self.role == "anonymous":
            self.check_anonymous(where, target, response)
        elif self.own and target.owner not in (None, self.own) and status not in (403, 404, 405):
            self.problems.append(f"{where}: another township's {target.model._meta.label} answered {status}")
        elif status == 200:
            text = _text_of(response)
            self.check_contents(where, text)
            self.check_changelist(where, target, response)
            if "html" in response.get("Content-Type", ""):
                self.follow_links(text)

    def check_anonymous(self, where: str, target: Target, response) -> None:
        status = response.status_code
        if target.url in LOGIN_PATHS:
            if status != 200:
                self.problems.append(f"{where}: login page answers {status}")
        elif target.url in PUBLIC_PATHS:
            if status != 200:
                self.problems.append(f"{where}: public page answers {status}")
            self.check_contents(where, _text_of(response))
        elif status not in (404, 405) and not _is_login_redirect(response):
            self.problems.append(f"{where}: anonymous got {status}")

    def check_contents(self, where: str, text: str) -> None:
        """Nothing of another township, and no full 身份证号, in what the user receives."""
        self.problems += [
            f"{where}: shows {label} “{name}” of another township"
            for name, label in self.foreign.items()
            if name in text
        ]
        if _full_id_numbers(text):
            self.problems.append(f"{where}: shows a full 身份证号 to a user without the reveal permission")

    def check_changelist(self, where: str, target: Target, response) -> None:
        if not (self.own and target.kind == "changelist" and response.context and "cl" in response.context):
            return
        changelist = response.context["cl"]
        if scoping.is_township_owned(changelist.model):
            leaked = [r.pk for r in changelist.result_list if r.township_id != self.own]
            if leaked:
                self.problems.append(f"{where}: lists other townships' rows {leaked[:5]}")

    def follow_links(self, text: str) -> None:
        """Links to pages with other parameters than an object id (report downloads, …) are walked too."""
        parser = _Links()
        parser.feed(text)
        for href in parser.hrefs - self.seen - self.followed:
            try:
                match = resolve(urlsplit(href).path)
            except Resolver404:
                continue
            if match.kwargs and not set(match.kwargs) <= {"pk", "object_id", "id"}:
                self.followed.add(href)
                self.queue.append(Target(href))
                self.followed_routes.add(match.route)

    def check_exports(self, targets: list[Target]) -> None:
        """The file a user takes away holds nothing of another township either."""
        for target in targets:
            if not target.url.endswith("/export/"):
                continue
            response = self.client.post(target.url, {"format": "0", "resource": "0"})
            if response.status_code >= 500:
                self.problems.append(f"{self.role} POST {target.url}: {response.status_code}")
            elif response.status_code == 200:
                text = _text_of(response)
                self.problems += [f"{self.role} export {target.url}: holds “{n}”" for n in self.foreign if n in text]
                if _full_id_numbers(text):
                    self.problems.append(f"{self.role} export {target.url}: holds a full 身份证号")

    def unreached_routes(self) -> list[str]:
        """Routes taking other parameters than an object id that no followed link reached."""
        unreached = []
        for route in all_routes():
            extra = set(route.converters) - {"pk", "object_id", "id", "index"}
            walked_by_links = extra and route.name not in SKIP_ROUTES and not route.name.startswith("admin:")
            if walked_by_links and route.pattern not in self.followed_routes:
                unreached.append(route.name)
        return unreached


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_expected(world, role, db):
    targets, unmapped = _targets(world)
    assert not unmapped, f"routes whose object the walk cannot tell (add them to ROUTE_MODELS): {unmapped}"
    if world.users[role] is not None:
        assert not world.users[role].has_perm("orgs.reveal_id_number")
    walk = _Walk(world, role, targets)
    before = _data_fingerprint()
    walk.run()
    if role != "anonymous":
        walk.check_exports(targets)
    after = _data_fingerprint()
    assert not walk.problems, "\n".join(walk.problems[:60])
    assert _changed_tables(before, after) == [], "a GET changed data"
    if role == "county":
        assert walk.unreached_routes() == [], "routes never reached by a link"
    if role == "anonymous":
        assert walk.client.get("/static/css/portal.css").status_code == 200


@pytest.mark.parametrize("role", ["town01", "town02"])
def test_autocomplete_offers_only_ones_own_townships_rows(world, role, db):
    client = _client(world, role)
    own = world.township_of[role]
    problems, asked = [], 0
    for model, model_admin in admin.site._registry.items():
        for field_name in getattr(model_admin, "autocomplete_fields", ()):
            related = model._meta.get_field(field_name).related_model
            if not scoping.is_township_owned(related):
                continue
            response = client.get(
                "/admin/autocomplete/",
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                    "term": "",
                },
            )
            asked += 1
            if response.status_code != 200:
                continue  # no permission on the source model: nothing offered
            ids = [int(r["id"]) for r in response.json()["results"]]
            foreign = related._default_manager.filter(pk__in=ids).exclude(township_id=own)
            if foreign.exists():
                problems.append(
                    f"{model._meta.label}.{field_name} offers {list(foreign.values_list('pk', flat=True)[:5])}"
                )
    assert asked
    assert not problems, "\n".join(problems)


def test_the_walk_covers_every_registered_admin_and_portal_page(world):
    targets, _ = _targets(world)
    urls = {t.url for t in targets}
    for model in admin.site._registry:
        assert f"/admin/{model._meta.app_label}/{model._meta.model_name}/" in urls
    for model, samples in world.owned.items():
        if model in admin.site._registry and model._default_manager.values("township").distinct().count() >= 2:
            assert len(samples) == 2, f"the walk has no rows of {model._meta.label} in both townships"
    assert any(re.match(r"^/(demo-sites|training|reports)/", u) for u in urls)


def test_the_walks_detectors_see_what_they_look_for(world, db):
    from orgs.models import Cadre

    cadre = Cadre.objects.exclude(id_number_encrypted="").first()
    assert _full_id_numbers(f"<td>{cadre.id_number}</td>") and not _full_id_numbers(
        f"<td>{cadre.id_number_masked}</td>"
    )
    own, other = world.township_of["town01"], world.township_of["town02"]
    names = _foreign_names(world, own, other)
    assert names, "no distinctive names of the other township to look for"
    assert _form_of(
        '<form method="post"><input name="a" value="1"><select name="b"><option value="x">'
        '<option value="y" selected></select><textarea name="c">t</textarea></form>'
    ) == {"a": ["1"], "b": ["y"], "c": ["t"]}
