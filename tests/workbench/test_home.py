"""首页 per role: township staff their 待办 above the headline figures, county staff the 填报进度, leadership
the dashboard, an account without a role a plain welcome."""

from __future__ import annotations

from django.contrib.auth.models import User

from orgs.models import StaffProfile
from tests.factories import UnitFactory, WomenOrganisationFactory


def _templates(response) -> list[str]:
    return [t.name for t in response.templates]


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get("/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_township_staff_get_their_todo_list_above_the_headline_figures(client_for, town01, township1):
    WomenOrganisationFactory(unit=UnitFactory(parent=township1))

    response = client_for(town01).get("/")

    assert response.status_code == 200
    assert "workbench/township_home.html" in _templates(response)
    html = response.content.decode()
    assert html.index("待办事项") < html.index("基层妇女组织建设概况")
    assert any(h.code == "villages_rate" for h in response.context["headlines"])


def test_county_staff_get_the_progress_of_every_township(client_for, county_staff, township1, township2):
    response = client_for(county_staff).get("/")

    assert response.status_code == 200
    assert "workbench/county_home.html" in _templates(response)
    html = response.content.decode()
    assert "各乡镇填报进度" in html and "萧江镇" in html and "水头镇" in html


def test_the_system_administrator_gets_the_county_page(client_for, admin_user, township1):
    response = client_for(admin_user).get("/")

    assert "workbench/county_home.html" in _templates(response)


def test_leadership_gets_the_dashboard_as_before(client_for, leader, township1):
    WomenOrganisationFactory(unit=UnitFactory(parent=township1))
    client = client_for(leader)

    home = client.get("/")
    dashboard = client.get("/reports/dashboard/")

    assert home.status_code == 200
    assert "reports/dashboard.html" in _templates(home)
    assert "待办事项" not in home.content.decode() and "各乡镇填报进度" not in home.content.decode()
    pairs = lambda response: [(h.label, h.value, h.note) for h in response.context["headlines"]]  # noqa: E731
    assert pairs(home) == pairs(dashboard)


def test_an_account_without_a_role_is_told_to_ask_for_one(client, db):
    user = User.objects.create_user(username="nobody", password="Test-pass-2026", is_staff=True)
    StaffProfile.objects.create(user=user, township=None)
    client.force_login(user)

    response = client.get("/")

    assert response.status_code == 200
    assert "尚未分配所属单位或角色" in response.content.decode()
    assert "待办事项" not in response.content.decode()
