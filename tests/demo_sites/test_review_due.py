"""复核 falls due DESIGNATION_REVIEW_YEARS after a site was designated or last reviewed; townships are told
REVIEW_NOTICE_DAYS ahead, by their 消息 (send_reminders), once a day."""

from __future__ import annotations

import datetime

import pytest

from demo_sites.models import Designation, Review
from demo_sites.services import criteria_set_for
from notices.models import Message
from tests.factories import DesignationFactory, UnitFactory
from workbench.reminders import send_reminders

TODAY = datetime.date(2026, 6, 15)
NOTICE = datetime.timedelta(days=Designation.REVIEW_NOTICE_DAYS)  # 60 days


@pytest.fixture(autouse=True)
def _two_years(settings):
    settings.DESIGNATION_REVIEW_YEARS = 2


def _site(township, name: str, designated_on: datetime.date, **extra) -> Designation:
    return DesignationFactory(unit=UnitFactory(parent=township, name=name), designated_on=designated_on, **extra)


def _due_names(today=TODAY) -> set[str]:
    return set(Designation.objects.review_due(today).values_list("unit__name", flat=True))


def test_due_exactly_at_the_notice_horizon_and_not_a_day_before(township1):
    # Designated 2024-08-14: due 2026-08-14, which is 60 days after TODAY.
    _site(township1, "桃源社区", (TODAY + NOTICE).replace(year=2024))
    _site(township1, "沿河社区", (TODAY + NOTICE + datetime.timedelta(days=1)).replace(year=2024))
    assert _due_names() == {"桃源社区"}


def test_overdue_sites_stay_due_and_revoked_ones_do_not(township1):
    _site(township1, "桃源社区", datetime.date(2023, 1, 10))
    _site(township1, "东岙村", datetime.date(2023, 1, 10), revoked_on=datetime.date(2025, 3, 1), revoke_reason="x")
    assert _due_names() == {"桃源社区"}


def test_a_review_restarts_the_clock(township1, county_staff):
    site = _site(township1, "桃源社区", datetime.date(2023, 1, 10))
    Review.objects.create(
        designation=site,
        criteria_set=criteria_set_for(category=site.category, year=2025),
        reviewed_on=datetime.date(2025, 5, 1),
        inspectors="县妇联 王秀英",
        outcome=Review.Outcome.MAINTAINED,
        reviewed_by=county_staff,
    )
    assert _due_names() == set()
    assert _due_names(datetime.date(2027, 3, 2)) == {"桃源社区"}  # 2027-05-01 is 60 days later


def test_the_period_is_a_setting(township1, settings):
    _site(township1, "桃源社区", datetime.date(2024, 1, 10))
    assert _due_names() == {"桃源社区"}
    settings.DESIGNATION_REVIEW_YEARS = 3
    assert _due_names() == set()


def test_the_township_is_told_once_a_day(township1, township2):
    _site(township1, "桃源社区", datetime.date(2024, 1, 10))
    send_reminders(today=TODAY)
    send_reminders(today=TODAY)
    message = Message.objects.get(kind=Message.Kind.REVIEW_DUE)
    assert message.township == township1 and "桃源社区" in message.body and "1 个示范点" in message.subject
    assert message.link == "/demo-sites/designations/"
    send_reminders(today=TODAY + datetime.timedelta(days=1))
    assert Message.objects.filter(kind=Message.Kind.REVIEW_DUE).count() == 2
    assert not Message.objects.filter(kind=Message.Kind.REVIEW_DUE, township=township2).exists()
