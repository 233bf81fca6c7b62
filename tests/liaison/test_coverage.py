"""联系点覆盖情况: the indicators, the coverage page's counts and the rows behind them, the dashboard's figure,
the 示范点 application's 联系点走访记录 panel, and the pages' query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orgs.models import Unit
from reports.dashboard import headlines
from reports.indicators import figures
from reports.selectors import make_scope
from tests.factories import (
    ApplicationFactory,
    ContactPointFactory,
    DesignationFactory,
    UnitFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def county_units(leader, county_staff, township1, township2):
    """萧江镇 covered, 水头镇 not; in 萧江镇 two villages (one covered), an enterprise (not covered), a
    submitted applicant (covered) and a 示范点 (not covered); a draft application counts for nothing."""
    covered_village = UnitFactory(parent=township1, name="桃源社区", kind=Unit.Kind.COMMUNITY)
    UnitFactory(parent=township1, name="后垟村")
    UnitFactory(parent=township1, name="立天控股集团", kind=Unit.Kind.ENTERPRISE)
    applicant = UnitFactory(parent=township1, name="沿河社区", kind=Unit.Kind.COMMUNITY)
    site = UnitFactory(parent=township2, name="沿溪村")
    ApplicationFactory(unit=applicant, status="submitted")
    ApplicationFactory(unit=UnitFactory(parent=township2, name="草稿村"), status="draft")
    DesignationFactory(unit=site, year=YEAR - 1, designated_on=datetime.date(YEAR - 1, 6, 1))
    ContactPointFactory(person=leader, unit=township1)
    ContactPointFactory(person=leader, unit=covered_village)
    ContactPointFactory(person=county_staff, unit=applicant, category="enterprise_or_site")
    ContactPointFactory(person=county_staff, unit=site, year=YEAR - 1)  # last year's does not count
    point = ContactPointFactory(person=county_staff, unit=UnitFactory(parent=township2, name="溪口村"))
    VisitFactory(contact_point=point, visited_on=datetime.date(YEAR, 2, 1), follow_up="补齐台账")
    VisitFactory(
        contact_point=point,
        visited_on=datetime.date(YEAR, 5, 1),
        follow_up="落实阵地",
        follow_up_done=True,
        follow_up_done_on=datetime.date(YEAR, 6, 1),
    )
    VisitFactory(contact_point=point, visited_on=datetime.date(YEAR, 5, 9))
    return {"applicant": applicant, "site": site}


def _table(user, township_id=None):
    return figures.for_scope(make_scope(user=user, year=YEAR, township_id=township_id))


def test_coverage_figures_count_units_with_a_contact_person_this_year(county_staff, county_units):
    table = _table(county_staff)
    value = table.value

    assert (value("liaison_townships_covered"), value("liaison_townships")) == (1, 2)
    assert value("liaison_townships_rate") == 0.5
    # 桃源社区、后垟村、沿河社区、沿溪村、草稿村、溪口村: covered 桃源社区, 沿河社区, 溪口村
    assert (value("liaison_villages_covered"), value("liaison_villages")) == (3, 6)
    assert (value("liaison_new_orgs_covered"), value("liaison_new_orgs")) == (0, 1)
    # The submitted applicant and the 示范点 in force; not the draft.
    assert (value("liaison_sites_covered"), value("liaison_sites")) == (1, 2)
    assert value("liaison_points") == 4
    assert value("liaison_visits") == 3 and value("liaison_follow_ups_open") == 1
    assert [n for _, _, n in table.breakdown("liaison_visits_by_quarter")] == [1, 2, 0, 0]


def test_a_township_sees_her_own_coverage(town01, county_units):
    table = _table(town01)
    assert (table.value("liaison_townships_covered"), table.value("liaison_townships")) == (1, 1)
    assert (table.value("liaison_sites_covered"), table.value("liaison_sites")) == (1, 1)


@pytest.mark.parametrize(
    ("key", "covered", "names"),
    [
        ("townships", "no", ["水头镇"]),
        ("villages", "yes", ["桃源社区", "沿河社区", "溪口村"]),
        ("new_orgs", "no", ["立天控股集团"]),
        ("sites", "no", ["沿溪村"]),
        ("sites", "", ["沿河社区", "沿溪村"]),
    ],
)
def test_each_coverage_count_opens_its_units(client_for, county_staff, county_units, key, covered, names):
    response = client_for(county_staff).get(
        "/reports/liaison-coverage/", {"year": YEAR, "list": key, "covered": covered}
    )

    assert response.status_code == 200
    assert sorted(unit.name for unit, _ in response.context["rows"]) == sorted(names)
    row = next(row for row, _ in response.context["coverage"] if row.key == key)
    expected = {"yes": row.covered, "no": row.uncovered, "": row.total}[covered]
    assert response.context["page"].paginator.count == expected


def test_the_coverage_page_links_visits_per_quarter_and_open_follow_ups(client_for, county_staff, county_units):
    client = client_for(county_staff)
    page = client.get("/reports/liaison-coverage/", {"year": YEAR})
    text = page.content.decode()
    assert f"/liaison/visits/?year={YEAR}&amp;open=1" in text

    open_list = client.get("/liaison/visits/", {"year": YEAR, "open": 1})
    second_quarter = client.get("/liaison/visits/", {"year": YEAR, "quarter": 2})
    assert open_list.context["page"].paginator.count == page.context["open_follow_ups"] == 1
    assert second_quarter.context["page"].paginator.count == 2


def test_the_dashboard_shows_the_coverage_and_its_link_counts_the_uncovered(client_for, county_staff, county_units):
    scope = make_scope(user=county_staff, year=YEAR)
    headline = next(h for h in headlines(figures.for_scope(scope), scope) if h.code == "liaison_townships_rate")
    assert headline.label == "联系点覆盖率" and headline.value == "50.0%"

    listed = client_for(county_staff).get(headline.url)
    assert listed.context["page"].paginator.count == headline.link_count == 1
    assert "联系点覆盖率" in client_for(county_staff).get("/reports/dashboard/").content.decode()


# ---- the 示范点 application's panel --------------------------------------------------------------------


def test_the_application_page_shows_the_units_contact_person_and_visits(client_for, county_staff, leader, township1):
    unit = UnitFactory(parent=township1, name="桃源社区", kind=Unit.Kind.COMMUNITY)
    application = ApplicationFactory(unit=unit, status="submitted")
    leader.last_name, leader.first_name = "刘美华", ""
    leader.save()
    point = ContactPointFactory(person=leader, unit=unit, category="enterprise_or_site")
    VisitFactory(contact_point=point, findings="活动阵地面积偏小", help_given="对照五有标准指导")

    text = client_for(county_staff).get(f"/demo-sites/applications/{application.pk}/").content.decode()

    assert "联系点走访记录" in text and "刘美华" in text
    assert "活动阵地面积偏小" in text and "对照五有标准指导" in text


def test_an_application_without_a_contact_person_says_so(client_for, county_staff, township1):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")
    text = client_for(county_staff).get(f"/demo-sites/applications/{application.pk}/").content.decode()
    assert "该单位尚未确定联系人" in text


# ---- query counts -------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def _grow(township, people, n: int) -> None:
    for index in range(n):
        person = people[index % len(people)]
        point = ContactPointFactory(person=person, unit=UnitFactory(parent=township), category="enterprise_or_site")
        for day in (1, 2):
            VisitFactory(contact_point=point, visited_on=datetime.date(YEAR, 1 + index % 12, day), follow_up="跟进")


def test_pages_cost_the_same_for_few_and_many_contact_points(client_for, county_staff, leader, township1):
    unit = UnitFactory(parent=township1, name="桃源社区")
    application = ApplicationFactory(unit=unit, status="submitted")
    anchor = ContactPointFactory(person=leader, unit=unit)
    VisitFactory(contact_point=anchor)
    client = client_for(county_staff)
    client.get("/reports/liaison-coverage/")  # the ledger is filled before counting
    urls = lambda: [  # noqa: E731 - the visit's id changes between the rounds
        "/liaison/",
        "/liaison/contactpoints/",
        f"/liaison/contactpoints/{anchor.pk}/",
        "/liaison/visits/",
        "/liaison/visits/?open=1",
        f"/liaison/visits/{anchor.visits.first().pk}/",
        "/reports/liaison-coverage/?list=villages&covered=yes",
        f"/demo-sites/applications/{application.pk}/",
    ]
    _grow(township1, [county_staff, leader], 2)
    client.get("/reports/liaison-coverage/")
    few = [_queries(client, url) for url in urls()]
    _grow(township1, [county_staff, leader], 8)
    for _ in range(4):
        VisitFactory(contact_point=anchor)
    client.get("/reports/liaison-coverage/")
    many = [_queries(client, url) for url in urls()]

    assert many == few
    assert max(few) <= 40, few
