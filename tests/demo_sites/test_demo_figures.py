"""The demo county's 示范点 reproduce the seed report's figures, counted through the selectors."""

from __future__ import annotations

import datetime
import io
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from demo_sites import sample_county as demo
from demo_sites import selectors
from demo_sites.models import (
    Acceptance,
    AcceptanceScore,
    Application,
    Attachment,
    Designation,
    DesignationChange,
    Review,
    ReviewScore,
    SelfAssessment,
    StatusChange,
    Subsidy,
)
from demo_sites.services import TRANSITIONS
from orgs.sample_county import DemoContext
from tests.demo_county import demo_county_loaded

YEAR = 2025
YEAR_END = datetime.date(YEAR, 12, 31)


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    with demo_county_loaded(django_db_blocker, seed=2026, year=YEAR) as output:
        yield output


pytestmark = [pytest.mark.usefixtures("demo_county"), pytest.mark.django_db]


@pytest.fixture
def county_user():
    return User.objects.get(username="county")


def test_designations_in_force_match_the_report(county_user):
    counts = selectors.designation_counts(user=county_user, on=YEAR_END)

    assert counts[("womens_home", "city")] == 3
    assert counts[("womens_home", "county")] == 16
    assert counts[("new_organisation", "county")] == 5
    assert sum(counts.values()) == 24


def test_showcase_sites_are_designated(county_user):
    in_force = selectors.designations_in_force(user=county_user, on=YEAR_END)
    names = dict(in_force.values_list("unit__name", "category"))
    assert names["桃源社区"] == "womens_home"
    assert names["沿河社区"] == "womens_home"
    assert names["立天控股集团"] == "new_organisation"
    assert in_force.get(unit__name="桃源社区").township.name == "萧江镇"


def test_a_revoked_site_does_not_count(county_user):
    revoked = Designation.objects.get(revoked_on__isnull=False)
    assert revoked.revoked_on.year == YEAR - 1 and revoked.revoke_reason
    assert revoked not in selectors.designations_in_force(user=county_user, on=YEAR_END)
    assert revoked in selectors.designations_in_force(
        user=county_user, on=revoked.revoked_on - datetime.timedelta(days=1)
    )


def test_fifteen_county_level_applications_await_acceptance_by_year_end(county_user):
    awaiting = selectors.applications_awaiting_acceptance(user=county_user, year=YEAR)

    assert awaiting.count() == 15
    assert {(a.level, a.category, a.deadline) for a in awaiting} == {("county", "womens_home", YEAR_END)}
    town01 = User.objects.get(username="town01")
    mine = selectors.applications_awaiting_acceptance(user=town01, year=YEAR)
    assert 0 < mine.count() < 15 and {a.township.name for a in mine} == {"萧江镇"}


def test_some_applications_were_returned_for_rectification_with_history():
    rectifying = Application.objects.filter(status="rectifying")
    assert rectifying.count() == 3
    for application in rectifying:
        round_ = Acceptance.objects.get(application=application)
        assert round_.decision == "rectify" and len(round_.rectification_items) == 2
        assert list(application.status_changes.values_list("to_status", flat=True)) == [
            "draft",
            "submitted",
            "rectifying",
        ]
    resubmitted = Application.objects.filter(status="submitted", acceptances__decision="rectify")
    assert resubmitted.count() == 2
    for application in resubmitted:
        assert list(application.status_changes.values_list("to_status", flat=True)) == [
            "draft",
            "submitted",
            "rectifying",
            "submitted",
        ]


def test_last_years_womens_home_subsidies_are_a_little_over_80000_yuan(county_user):
    rows = selectors.subsidy_totals(user=county_user, year=YEAR - 1, category="womens_home")
    total = sum((row["total"] for row in rows), Decimal(0))

    assert total == Decimal("82600")
    assert Decimal("80000") < total < Decimal("90000")
    assert selectors.subsidy_year_totals(user=county_user) == {YEAR - 1: Decimal("82600")}
    assert len({row["township_id"] for row in rows}) == len(rows)


def test_every_application_has_history_and_a_status_trail():
    total = Application.objects.count()
    # 205 per scale unit (--scale 50 builds 10,250), and 沿河社区 recommended to the city (待市级审核)
    assert total == 206
    assert list(Application.objects.filter(status="recommended").values_list("unit__name", flat=True)) == ["沿河社区"]
    assert Application.history.count() == total
    assert StatusChange.objects.filter(from_status="").count() == total
    assert Application.objects.filter(status="accepted").count() == Designation.objects.filter(level="county").count()


def _trail_faults(today: datetime.date) -> list[str]:
    """Every application's StatusChange rows, in the order its page lists them (time, then id), must start
    with its creation (a draft, or a recommendation to the city), move only as ``TRANSITIONS`` allows, end at
    its status and lie no later than ``today``; the faults found, one line each."""
    trails = defaultdict(list)
    for row in StatusChange.objects.order_by("application_id", "at", "pk").values_list(
        "application_id", "from_status", "to_status", "at"
    ):
        trails[row[0]].append(row[1:])
    last_moment = timezone.make_aware(datetime.datetime.combine(today, datetime.time.max))
    faults = []
    for pk, status in Application.objects.values_list("pk", "status"):
        trail = trails.get(pk, [])
        moves = [(frm, to) for frm, to, _ in trail]
        if not moves or moves[0] not in {("", Application.Status.DRAFT), ("", Application.Status.RECOMMENDED)}:
            faults.append(f"{pk}: does not start as a new draft or recommendation: {moves}")
            continue
        for (_, before), (frm, to) in zip(moves, moves[1:], strict=False):
            if frm != before or (frm, to) not in TRANSITIONS:
                faults.append(f"{pk}: {before} then {frm} -> {to}: {moves}")
        if moves[-1][1] != status:
            faults.append(f"{pk}: trail ends at {moves[-1][1]}, status is {status}")
        if trail[-1][2] > last_moment:
            faults.append(f"{pk}: a change dated {trail[-1][2]:%Y-%m-%d}, after {today}")
    return faults


def test_every_status_trail_is_a_path_the_workflow_allows():
    assert Application.objects.count() > 0
    assert _trail_faults(YEAR_END) == []


def _reload_demo_sites(today: datetime.date) -> None:
    """The 示范点 part of the demo county again, as if loaded on ``today`` (the county stays)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (
            Subsidy,
            DesignationChange,
            ReviewScore,
            Review,
            Designation,
            AcceptanceScore,
            Acceptance,
            StatusChange,
            SelfAssessment,
            Attachment,
            Application,
        ):
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
    demo.load(DemoContext(year=YEAR, today=today, scale=1, rng=random.Random(2026), stdout=io.StringIO(), password="x"))


@pytest.mark.parametrize("today", [datetime.date(YEAR, 1, 20), datetime.date(YEAR, 4, 10)])
def test_status_trails_stay_in_order_when_the_demo_is_loaded_early_in_the_year(today):
    """Loaded early in the year, this year's steps crowd onto "today": they still follow one another."""
    _reload_demo_sites(today)

    assert Application.objects.filter(year=YEAR, status="rectifying").exists()
    assert _trail_faults(today) == []


def test_no_site_is_designated_twice_and_no_open_application_repeats_a_held_level():
    """The demo county keeps the rule it shows: one unrevoked designation per unit, category and level,
    and no draft or pending application for a level its unit already holds."""
    doubled = (
        Designation.objects.filter(revoked_on__isnull=True)
        .order_by()
        .values("unit_id", "category", "level")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(doubled) == []
    open_applications = Application.objects.filter(status__in=Application.OPEN_STATUSES)
    assert open_applications.exists()
    repeats = [a.pk for a in open_applications.select_related("unit") if a.designation_held() is not None]
    assert repeats == []
