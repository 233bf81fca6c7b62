"""Every decision on a designated site (挂牌, 复核, 摘牌) leaves a row beside it (who, when, from, to, why),
shown on the site's page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo_sites import services
from demo_sites.models import DesignationChange, Review
from tests.demo_sites.helpers import acceptance_post
from tests.factories import ApplicationFactory, DesignationFactory, UnitFactory, demo_criteria_set

TODAY = timezone.localdate()
State, Action = DesignationChange.State, DesignationChange.Action


def _scores(score: str = "8.5") -> dict:
    return {c.pk: (score, "") for c in demo_criteria_set("womens_home", TODAY.year).criteria.all()}


def _rows(designation) -> list[tuple]:
    return list(
        designation.changes.order_by("at", "pk").values_list("action", "from_state", "to_state", "by__username")
    )


def test_revocation_through_the_page_leaves_a_decision_row_shown_on_the_page(
    township1, county_staff, town01, client_for
):
    designation = DesignationFactory(unit=UnitFactory(parent=township1, name="桃源村"))
    client = client_for(county_staff)

    client.post(
        f"/demo-sites/designations/{designation.pk}/revoke/",
        {
            "revoked_on": TODAY.isoformat(),
            "reason": "活动阵地被挪作他用",
        },
    )

    change = designation.changes.get()
    assert (change.action, change.from_state, change.to_state, change.by) == (
        Action.REVOKE,
        State.IN_FORCE,
        State.REVOKED,
        county_staff,
    )
    assert "活动阵地被挪作他用" in change.comment and change.at is not None
    for user in (county_staff, town01):
        history = client_for(user).get(f"/demo-sites/designations/{designation.pk}/").content.decode()
        assert "决定记录" in history and "有效 → 已摘牌" in history and "活动阵地被挪作他用" in history


def test_a_refused_revocation_leaves_no_row(township1, county_staff):
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    with pytest.raises(ValidationError, match="请填写摘牌原因"):
        services.designation_revoke(designation=designation, by=county_staff, revoked_on=TODAY, reason="  ")
    assert not designation.changes.exists()


def test_a_review_that_keeps_the_site_is_recorded_with_its_score(township1, county_staff):
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    review = services.review_record(
        designation=designation,
        by=county_staff,
        reviewed_on=TODAY,
        inspectors="复核组",
        scores=_scores("8.5"),
        outcome=Review.Outcome.MAINTAINED,
        comments="保持良好",
    )

    change = designation.changes.get()
    assert (change.action, change.from_state, change.to_state, change.review) == (
        Action.REVIEW,
        State.IN_FORCE,
        State.IN_FORCE,
        review,
    )
    assert "85" in change.comment and "保留" in change.comment


def test_a_review_that_revokes_is_one_decision_from_in_force_to_revoked(township1, county_staff):
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    services.review_record(
        designation=designation,
        by=county_staff,
        reviewed_on=TODAY,
        inspectors="复核组",
        scores=_scores("5"),
        outcome=Review.Outcome.REVOKED,
        comments="阵地撤销",
    )

    assert _rows(designation) == [(Action.REVIEW, State.IN_FORCE, State.REVOKED, county_staff.username)]
    designation.refresh_from_db()
    assert designation.revoked_on == TODAY


def test_designation_by_acceptance_and_by_registration_start_the_history(township1, county_staff, client_for):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")
    client_for(county_staff).post(
        f"/demo-sites/applications/{application.pk}/acceptance/",
        acceptance_post(application, certificate_number="清妇示〔2026〕1号"),
    )
    accepted = application.designation
    assert _rows(accepted) == [(Action.DESIGNATE, "", State.IN_FORCE, county_staff.username)]
    assert "清妇示〔2026〕1号" in accepted.changes.get().comment

    city = services.designation_record(
        unit=UnitFactory(parent=township1),
        category="womens_home",
        level="city",
        year=TODAY.year,
        designated_on=TODAY,
        by=county_staff,
    )
    assert _rows(city) == [(Action.DESIGNATE, "", State.IN_FORCE, county_staff.username)]


def test_designation_page_queries_do_not_grow_with_its_history(township1, county_staff, client_for):
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    client = client_for(county_staff)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/demo-sites/designations/{designation.pk}/").status_code == 200
        return len(ctx.captured_queries)

    services.review_record(
        designation=designation,
        by=county_staff,
        reviewed_on=TODAY,
        inspectors="复核组",
        scores=_scores(),
        outcome=Review.Outcome.MAINTAINED,
    )
    few = count()
    for _ in range(5):
        services.review_record(
            designation=designation,
            by=county_staff,
            reviewed_on=TODAY,
            inspectors="复核组",
            scores=_scores(),
            outcome=Review.Outcome.MAINTAINED,
        )
    assert count() == few
