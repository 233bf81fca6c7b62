"""The URL walk's writes: a township user posting to another township's rows, the leader and anonymous
posting every form. Each must change nothing (see test_url_walk for the reads)."""

from __future__ import annotations

import pytest
from django.contrib import admin

from audit.models import AuditEvent
from orgs import scoping
from tests.security.walk_world import (
    LOGIN_PATHS,
    Target,
    World,
    _changed_tables,
    _client,
    _data_fingerprint,
    _form_of,
    _html_of,
    _is_login_redirect,
    _targets,
)


def _other_township_targets(world: World, own: int) -> list[Target]:
    targets, _ = _targets(world)
    return [t for t in targets if t.owner is not None and t.owner != own]


@pytest.mark.parametrize("role", ["town01", "town02"])
def test_a_township_user_cannot_write_another_townships_rows(world, role, db):
    client = _client(world, role)
    own = world.township_of[role]
    other = world.township_of["town02" if role == "town01" else "town01"]
    admin_client = _client(world, "county")
    before = _data_fingerprint()
    problems = []
    for target in _other_township_targets(world, own):
        # The form a county user sees for that row, replayed by the township user (delete confirms included).
        data = _form_of(_html_of(admin_client.get(target.url)))
        data.setdefault("post", ["yes"])
        response = client.post(target.url, data)
        if response.status_code not in (403, 404, 405):
            problems.append(f"{role} POST {target.url}: {response.status_code}")
    # Admin actions and list filters that name other townships' rows.
    for model, samples in world.owned.items():
        model_admin = admin.site._registry.get(model)
        foreign_row = samples.get(other)
        if model_admin is None or foreign_row is None:
            continue
        changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        action_names = {"delete_selected"} | {
            action if isinstance(action, str) else action.__name__ for action in (model_admin.actions or ())
        }
        for action in sorted(action_names):
            response = client.post(changelist, {"action": action, "_selected_action": [foreign_row.pk], "post": "yes"})
            if response.status_code >= 500:
                problems.append(f"{role} action {action} on {changelist}: {response.status_code}")
        probes = [{"township": other}, {"township__id__exact": other}]
        for f in model._meta.concrete_fields:
            if f.is_relation and f.name != "township" and scoping.is_township_owned(f.related_model):
                value = getattr(foreign_row, f.attname)
                if value is not None:  # an empty optional key (a recommendation's 县级 basis) names no row
                    probes += [{f.name: value}, {f"{f.name}__id__exact": value}]
                probes.append({f"{f.name}__township": other})
        for params in probes:
            response = client.get(changelist, params)
            if response.status_code >= 500:
                problems.append(f"{role} GET {changelist}?{params}: {response.status_code}")
            elif response.status_code == 200 and response.context and "cl" in response.context:
                leaked = [r.pk for r in response.context["cl"].result_list if r.township_id != own]
                if leaked:
                    problems.append(f"{role} GET {changelist}?{params}: lists other townships' rows {leaked[:5]}")
    after = _data_fingerprint()
    assert not problems, "\n".join(problems[:60])
    assert _changed_tables(before, after) == []
    assert AuditEvent.objects.filter(user=world.users[role], kind=AuditEvent.Kind.PERMISSION_DENIED).exists()


def test_the_leader_changes_nothing(world, db):
    leader = _client(world, "leader")
    county = _client(world, "county")
    targets, _ = _targets(world)
    before = _data_fingerprint()
    problems = []
    for target in targets:
        if target.url in LOGIN_PATHS:
            continue
        data = _form_of(_html_of(county.get(target.url)))
        data.setdefault("post", ["yes"])
        response = leader.post(target.url, data)
        if response.status_code >= 500:
            problems.append(f"leader POST {target.url}: {response.status_code}")
    for model, samples in world.owned.items():
        if model in admin.site._registry and samples:
            changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            ids = [row.pk for row in samples.values()]
            leader.post(changelist, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    after = _data_fingerprint()
    assert not problems, "\n".join(problems[:60])
    assert _changed_tables(before, after) == []


def test_anonymous_posts_change_nothing(world, db):
    client = _client(world, "anonymous")
    targets, _ = _targets(world)
    before = _data_fingerprint()
    problems = []
    for target in targets:
        if target.url in LOGIN_PATHS:
            continue
        response = client.post(target.url, {"post": "yes"})
        if response.status_code not in (403, 404, 405) and not _is_login_redirect(response):
            problems.append(f"anonymous POST {target.url}: {response.status_code}")
    assert not problems, "\n".join(problems[:60])
    assert _changed_tables(before, _data_fingerprint()) == []
