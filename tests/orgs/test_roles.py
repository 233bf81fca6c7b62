"""The four roles are groups whose permissions follow from the models."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.urls import reverse

from orgs import roles
from tests.factories import make_user


def _codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_migrations_create_the_four_roles(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_township_staff_edit_township_owned_models_but_only_view_reference_data(db):
    codes = _codenames(roles.TOWNSHIP_STAFF)

    assert {"add_cadre", "change_cadre", "delete_cadre", "add_unit", "change_post", "add_termelection"} <= codes
    assert "view_duty" in codes and "change_duty" not in codes
    assert "reveal_id_number" not in codes
    assert not {c for c in codes if c.endswith("_staffprofile") and not c.startswith("view")}


def test_leader_only_views_and_exports(db):
    assert {c.split("_", 1)[0] for c in _codenames(roles.LEADER)} <= {"view", "export"}
    assert "view_cadre" in _codenames(roles.LEADER)


def test_only_the_system_administrator_may_reveal_id_numbers_and_manage_accounts(db):
    assert "reveal_id_number" in _codenames(roles.ADMIN)
    assert "reveal_id_number" not in _codenames(roles.COUNTY_STAFF)
    assert {"add_user", "change_user", "change_group"} <= _codenames(roles.ADMIN)
    assert "change_user" not in _codenames(roles.COUNTY_STAFF)


def test_an_administrator_who_is_not_superuser_can_bind_an_account_to_a_township(client, township1):
    administrator = make_user("sysadmin", roles.ADMIN)
    client.force_login(administrator)

    response = client.get(reverse("admin:auth_user_change", args=[administrator.pk]))

    assert response.status_code == 200
    assert "所属乡镇" in response.content.decode()
    assert not User.objects.get(pk=administrator.pk).is_superuser


def test_a_township_clerk_account_without_a_township_is_refused(client, admin_user, township1):
    from tests.orgs.admin_helpers import form_data

    clerk = make_user("clerk", roles.TOWNSHIP_STAFF)  # no township yet
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    data = form_data(client.get(url))

    response = client.post(url, data)

    assert "乡镇妇联填报员必须选择所属乡镇" in response.content.decode()
    data["staff_profile-0-township"] = str(township1.pk)
    assert client.post(url, data).status_code == 302
    clerk.refresh_from_db()
    assert clerk.staff_profile.township == township1
