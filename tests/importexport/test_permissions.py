"""Import and export need their own permissions: the leader exports but never imports."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.importexport.helpers import CADRE_HEADERS, export, upload, xlsx_bytes


@pytest.fixture
def plain_staff(db):
    return User.objects.create_user("plain", password="Test-pass-2026", is_staff=True)


@pytest.mark.parametrize("model", ["cadre", "unit", "womenorganisation", "termelection"])
def test_leader_can_export_but_not_import(client_for, leader, villages, model):
    client = client_for(leader)

    assert export(client, model).status_code == 200
    assert client.get(reverse(f"admin:orgs_{model}_import")).status_code == 403
    assert client.get(reverse(f"admin:orgs_{model}_import_template", args=[0])).status_code == 403
    assert upload(client, model, xlsx_bytes(CADRE_HEADERS, [])).status_code == 403


@pytest.mark.parametrize("url_name", ["import", "export", "process_import"])
def test_staff_without_the_permission_gets_403(client_for, plain_staff, url_name):
    response = client_for(plain_staff).post(reverse(f"admin:orgs_cadre_{url_name}"), {"format": "0"})

    assert response.status_code == 403


@pytest.mark.parametrize("user_fixture", ["town01", "county_staff"])
def test_staff_roles_may_import_and_export(client_for, request, villages, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))

    changelist = client.get(reverse("admin:orgs_cadre_changelist"))
    page = changelist.content.decode()
    assert reverse("admin:orgs_cadre_import") in page and reverse("admin:orgs_cadre_export") in page
    import_page = client.get(reverse("admin:orgs_cadre_import"))
    assert import_page.status_code == 200
    assert reverse("admin:orgs_cadre_import_template", args=[0]) in import_page.content.decode()
    assert client.get(reverse("admin:orgs_cadre_import_template", args=[0])).status_code == 200
    assert client.get(reverse("admin:orgs_cadre_export")).status_code == 200


def test_leader_changelist_offers_export_only(client_for, leader):
    page = client_for(leader).get(reverse("admin:orgs_cadre_changelist")).content.decode()

    assert reverse("admin:orgs_cadre_export") in page
    assert reverse("admin:orgs_cadre_import") not in page


def test_township_staff_are_not_offered_county_level_units(client_for, town01, county_staff):
    township_page = client_for(town01).get(reverse("admin:orgs_unit_import")).content.decode()
    county_page = client_for(county_staff).get(reverse("admin:orgs_unit_import")).content.decode()

    assert "县直机关和团体会员" not in township_page and "村和社区" in township_page
    assert "县直机关和团体会员" in county_page
    assert client_for(town01).get(reverse("admin:orgs_unit_import_template", args=[2])).status_code == 404
