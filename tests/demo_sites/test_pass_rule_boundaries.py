"""The pass rule at its edges, through the acceptance service: a total of exactly the pass line passes, and
so does a criterion at exactly the per-criterion minimum; half a point less on either does not."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from demo_sites import services
from demo_sites.models import Acceptance, Designation, plain
from tests.demo_sites.helpers import criteria_of
from tests.factories import ApplicationFactory, UnitFactory

TODAY = timezone.localdate()
HALF = Decimal("0.5")


@pytest.fixture
def submitted(township1):
    return ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")


@pytest.fixture
def rule(submitted):
    """The 五好/五有 rubric's pass rule: total 80, no criterion below 6 (read from the set, not assumed)."""
    criteria_set = submitted.criteria_set
    assert criteria_set.pass_min_per_criterion > 0, "the rubric has a per-criterion minimum"
    return criteria_set.pass_total, criteria_set.pass_min_per_criterion


def _scores(application, *, total: Decimal, first: Decimal | None = None) -> dict:
    """Scores adding up to ``total``: the first criterion gets ``first`` if given, the others share the
    rest evenly in half points (so none of them is the one at the edge)."""
    criteria = criteria_of(application)
    others = criteria[1:] if first is not None else criteria
    halves, extra = divmod(int((total - (first or 0)) / HALF), len(others))
    values = ([first] if first is not None else []) + [HALF * (halves + (n < extra)) for n in range(len(others))]
    assert sum(values) == total and all(0 <= v <= c.max_score for v, c in zip(values, criteria, strict=True))
    return {c.pk: (str(v), "") for c, v in zip(criteria, values, strict=True)}


def _accept(application, by, scores):
    return services.acceptance_decide(
        application=application,
        by=by,
        inspected_on=TODAY,
        inspectors="县妇联 王秀英",
        by_site_visit=True,
        scores=scores,
        decision="accepted",
        designated_on=TODAY,
    )


def _assert_accepted(application, acceptance, total):
    application.refresh_from_db()
    assert application.status == "accepted"
    assert acceptance.meets_pass_rule is True and acceptance.total_score == total
    assert Designation.objects.filter(application=application).exists()


def _assert_refused(application, by, scores, problem: str):
    with pytest.raises(ValidationError) as caught:
        _accept(application, by, scores)
    assert caught.value.code == "override_required"
    assert f"评分未达到通过标准（{problem}）" in caught.value.messages[0]
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Acceptance.objects.filter(application=application).exists()
    assert not Designation.objects.filter(application=application).exists()


def test_a_total_of_exactly_the_pass_line_passes(submitted, rule, county_staff):
    pass_total, _ = rule
    acceptance = _accept(submitted, county_staff, _scores(submitted, total=pass_total))
    _assert_accepted(submitted, acceptance, pass_total)


@pytest.mark.parametrize("short", [HALF, Decimal("1")])
def test_a_total_just_below_the_pass_line_fails(submitted, rule, county_staff, short):
    pass_total, _ = rule
    total = pass_total - short
    _assert_refused(
        submitted, county_staff, _scores(submitted, total=total), f"总分 {plain(total)} 分，低于 {plain(pass_total)} 分"
    )


def test_a_criterion_at_exactly_the_minimum_passes(submitted, rule, county_staff):
    pass_total, minimum = rule
    total = pass_total + 2
    acceptance = _accept(submitted, county_staff, _scores(submitted, total=total, first=minimum))
    _assert_accepted(submitted, acceptance, total)
    assert acceptance.scores.get(criterion=criteria_of(submitted)[0]).score == minimum


def test_both_edges_at_once_pass(submitted, rule, county_staff):
    pass_total, minimum = rule
    acceptance = _accept(submitted, county_staff, _scores(submitted, total=pass_total, first=minimum))
    _assert_accepted(submitted, acceptance, pass_total)


@pytest.mark.parametrize("short", [HALF, Decimal("1")])
def test_a_criterion_just_below_the_minimum_fails_whatever_the_total(submitted, rule, county_staff, short):
    pass_total, minimum = rule
    name = criteria_of(submitted)[0].name
    _assert_refused(
        submitted,
        county_staff,
        _scores(submitted, total=pass_total + 5, first=minimum - short),
        f"{name}低于 {plain(minimum)} 分",
    )
