"""The dashboard and every report cost the same number of queries for a small county and one ten times
larger: figures are aggregated per township in the database, never counted row by row."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo_sites.models import Application, Category, Designation, Level, Subsidy
from demo_sites.services import criteria_set_for
from orgs.models import Cadre, Duty, Unit, WomenOrganisation
from orgs.models.funds import Budget, Expenditure
from reports import workbooks
from reports.selectors import make_scope
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    CadreFactory,
    EventFactory,
    PostFactory,
    TermElectionFactory,
    TownshipFactory,
    UnitFactory,
    WomenOrganisationFactory,
)
from training.models import Audience

YEAR = timezone.localdate().year


def _populate(township: Unit) -> None:
    """A little of everything the reports count, in one township."""
    this_year = datetime.date(YEAR, 3, 8)
    village = UnitFactory(parent=township)
    community = UnitFactory(parent=township, kind=Unit.Kind.COMMUNITY, name=f"{township.name}社区")
    enterprise = UnitFactory(
        parent=township,
        kind=Unit.Kind.ENTERPRISE,
        name=f"{township.name}公司",
        party_organisation=Unit.PartyOrganisation.OWN,
    )
    own = WomenOrganisationFactory(unit=township, name=f"{township.name}妇联")
    village_org = WomenOrganisationFactory(unit=village)
    WomenOrganisationFactory(unit=community)
    WomenOrganisationFactory(unit=enterprise, established_on=this_year, status=WomenOrganisation.Status.NOMINAL)
    chair = PostFactory(organisation=own, cadre=CadreFactory(unit=township, is_reserve=True))
    chair.concurrent_duties.add(Duty.objects.get(name="出纳"))
    PostFactory(organisation=village_org, on_committee=True)
    TermElectionFactory(organisation=village_org, held_on=this_year, filed_on=this_year)
    criteria = criteria_set_for(category=Category.WOMENS_HOME, year=YEAR)
    Application.objects.create(
        unit=community,
        category=Category.WOMENS_HOME,
        level=Level.COUNTY,
        year=YEAR,
        criteria_set=criteria,
        status=Application.Status.SUBMITTED,
    )
    site = Designation.objects.create(
        unit=village,
        category=Category.WOMENS_HOME,
        level=Level.COUNTY,
        year=YEAR - 1,
        designated_on=datetime.date(YEAR - 1, 6, 1),
    )
    Subsidy.objects.create(designation=site, granted_on=this_year, amount=Decimal("5000.00"), purpose="阵地建设")
    Budget.objects.create(federation=township, year=YEAR, amount=Decimal("20000"))
    Expenditure.objects.create(
        federation=township,
        spent_on=this_year,
        programme="training",
        amount=Decimal("4500"),
        purpose="村级妇女干部培训",
    )
    event = EventFactory(organiser=township)
    event.audiences.add(Audience.objects.first())
    AttendanceFactory(event=event, cadre=chair.cadre)
    ActivityFactory(organiser=township)
    # A 现场推进会 showing the township's community: the 情况汇报 reads its place, participants and examples.
    meeting = EventFactory(organiser=township, kind="on_site", place=f"{township.name}{community.name}、{village.name}")
    AttendanceFactory(event=meeting, cadre=chair.cadre)


def _grow(count: int, county: Unit) -> None:
    for _ in range(count):
        _populate(TownshipFactory(parent=county))


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def _measure(user, client_for) -> dict[str, int]:
    """Each report's queries, the first one computing the figures for the whole county (an empty cache),
    the others reading them from the ledger."""
    from django.core.cache import cache

    cache.clear()
    client = client_for(user)
    client.get("/reports/dashboard/")  # warm the session
    make_scope(user=user, year=YEAR)  # and the user's role, cached on the user object
    counts = {}
    for name in workbooks.NAMES:
        counts[name] = _queries(lambda name=name: workbooks.export(name, make_scope(user=user, year=YEAR)))
    for url in (
        "/reports/dashboard/",
        "/reports/",
        "/reports/status-report/",
        "/reports/download/summary/",
        "/reports/status-report/?format=docx",
    ):
        counts[url] = _queries(lambda url=url: _ok(client.get(url)))
    return counts


def _ok(response) -> None:
    assert response.status_code == 200


@pytest.fixture
def small(township1, township2):
    _populate(township1)
    _populate(township2)


def test_county_reports_cost_the_same_queries_for_a_county_ten_times_larger(
    small, township1, township2, county_staff, client_for
):
    before = _measure(county_staff, client_for)
    _grow(18, township1.parent)  # 20 townships in all: ten times the 2 above
    assert Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).count() == 20
    after = _measure(county_staff, client_for)

    assert after == before
    assert before["/reports/dashboard/"] <= 25
    # With last year's figures for 同比, computed once: each year one query per measure, the 联系点 and 执委履职
    # measures three and two.
    assert before["summary"] <= 41


def test_the_first_reader_after_one_townships_change_costs_the_same_queries_in_a_larger_county(
    small, township1, township2, county_staff, client_for
):
    def after_one_change() -> int:
        client = client_for(county_staff)
        _ok(client.get("/reports/dashboard/"))
        _populate_more(township2)
        return _queries(lambda: _ok(client.get("/reports/dashboard/")))

    before = after_one_change()
    _grow(18, township1.parent)
    after = after_one_change()

    assert after == before


def test_township_reports_cost_the_same_queries_whatever_her_townships_size(small, township1, town01, client_for):
    before = _measure(town01, client_for)
    for _ in range(9):
        _populate_more(township1)
    assert Cadre.objects.filter(township=township1).count() >= 20
    after = _measure(town01, client_for)

    assert after == before


def _populate_more(township: Unit) -> None:
    village = UnitFactory(parent=township)
    PostFactory(organisation=WomenOrganisationFactory(unit=village), on_committee=True)
    AttendanceFactory(event=EventFactory(organiser=township), cadre=CadreFactory(unit=village))
