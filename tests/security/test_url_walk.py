"""Every URL × every role: each page, object view, history, autocomplete, filter, action, download and form
post the project serves, tried by anonymous, town01, town02, county and leader against the demo county.

The URLs come from the resolver and the admin registry, so pages added by any app are walked without
editing this file. A township user must never read or write another township's rows (404 or 403, nothing
changed, no other township's names in anything she receives); the leader changes nothing; anonymous
reaches only the login pages and static files; nobody gets a 500.
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


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_expected(world, role, db):
    targets, unmapped = _targets(world)
    assert not unmapped, f"routes whose object the walk cannot tell (add them to ROUTE_MODELS): {unmapped}"
    if world.users[role] is not None:
        assert not world.users[role].has_perm("orgs.reveal_id_number")
    client = _client(world, role)
    own, other = world.township_of.get(role), None
    if role.startswith("town"):
        other = world.township_of["town02" if role == "town01" else "town01"]
    foreign = _foreign_names(world, own, other) if own else {}
    problems: list[str] = []
    before = _data_fingerprint()
    followed: set[str] = set()
    followed_routes: set[str] = set()
    seen = {t.url for t in targets}
    queue = list(targets)
    while queue:
        target = queue.pop(0)
        response = client.get(target.url)
        status = response.status_code
        where = f"{role} GET {target.url}"
        if status >= 500:
            problems.append(f"{where}: {status}")
            continue
        if role == "anonymous":
            if target.url in LOGIN_PATHS:
                if status != 200:
                    problems.append(f"{where}: login page answers {status}")
            elif status not in (404, 405) and not _is_login_redirect(response):
                problems.append(f"{where}: anonymous got {status}")
            continue
        if own and target.owner not in (None, own) and status not in (403, 404, 405):
            problems.append(f"{where}: another township's {target.model._meta.label} answered {status}")
            continue
        if status != 200:
            continue
        text = _text_of(response)
        for name, label in foreign.items():
            if name in text:
                problems.append(f"{where}: shows {label} “{name}” of another township")
        if _full_id_numbers(text):
            problems.append(f"{where}: shows a full 身份证号 to a user without the reveal permission")
        if own and target.kind == "changelist" and response.context and "cl" in response.context:
            model = response.context["cl"].model
            if scoping.is_township_owned(model):
                leaked = [r.pk for r in response.context["cl"].result_list if r.township_id != own]
                if leaked:
                    problems.append(f"{where}: lists other townships' rows {leaked[:5]}")
        # Links to pages with other parameters (report downloads, …) are walked too.
        if "html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(text)
            for href in parser.hrefs - seen - followed:
                try:
                    match = resolve(urlsplit(href).path)
                except Resolver404:
                    continue
                if match.kwargs and not set(match.kwargs) <= {"pk", "object_id", "id"}:
                    followed.add(href)
                    queue.append(Target(href))
                    followed_routes.add(match.route)
    # Exports: the file a user takes away holds nothing of another township either.
    if role != "anonymous":
        for target in targets:
            if not target.url.endswith("/export/"):
                continue
            response = client.post(target.url, {"format": "0", "resource": "0"})
            if response.status_code >= 500:
                problems.append(f"{role} POST {target.url}: {response.status_code}")
            elif response.status_code == 200:
                text = _text_of(response)
                problems += [f"{role} export {target.url}: holds “{n}”" for n in foreign if n in text]
                if _full_id_numbers(text):
                    problems.append(f"{role} export {target.url}: holds a full 身份证号")
    after = _data_fingerprint()
    assert not problems, "\n".join(problems[:60])
    assert _changed_tables(before, after) == [], "a GET changed data"
    if role == "county":
        # Routes taking other parameters than an object id (report downloads, …) were reached through links.
        for route in all_routes():
            extra = set(route.converters) - {"pk", "object_id", "id", "index"}
            if extra and route.name not in SKIP_ROUTES and not route.name.startswith("admin:"):
                assert route.pattern in followed_routes, f"{route.name} was never reached by a link"
    if role == "anonymous":
        assert client.get("/static/css/portal.css").status_code == 200


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
