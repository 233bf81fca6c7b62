"""Illegal moves are refused with a Chinese message and change nothing; the pass rule is enforced."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from demo_sites import services
from demo_sites.models import Acceptance, Application, Designation, StatusChange
from demo_sites.services import WorkflowError
from tests.demo_sites.helpers import acceptance_post, png, service_scores
from tests.factories import ApplicationFactory, DesignationFactory, UnitFactory

TODAY = timezone.localdate()


def _snapshot(application):
    application.refresh_from_db()
    return (
        application.status,
        application.submitted_at,
        application.decided_at,
        Acceptance.objects.filter(application=application).count(),
        StatusChange.objects.filter(application=application).count(),
        Designation.objects.filter(application=application).count(),
    )


def _decide(application, by, **overrides):
    kwargs = {
        "application": application,
        "by": by,
        "inspected_on": TODAY,
        "inspectors": "王秀英",
        "by_site_visit": True,
        "scores": service_scores(application),
        "decision": "accepted",
        "designated_on": TODAY,
    }
    kwargs.update(overrides)
    return services.acceptance_decide(**kwargs)


@pytest.fixture
def submitted(township1):
    return ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")


def test_township_staff_cannot_decide_their_own_application(submitted, town01, client_for):
    before = _snapshot(submitted)

    with pytest.raises(WorkflowError, match="没有作出“通过”决定的权限"):
        _decide(submitted, town01)
    response = client_for(town01).post(
        f"/demo-sites/applications/{submitted.pk}/acceptance/", acceptance_post(submitted)
    )

    assert response.status_code == 403
    assert _snapshot(submitted) == before


def test_leader_cannot_decide(submitted, leader):
    before = _snapshot(submitted)
    with pytest.raises(WorkflowError, match="权限"):
        _decide(submitted, leader)
    assert _snapshot(submitted) == before


def test_deciding_a_draft_is_refused(township1, county_staff, client_for):
    draft = ApplicationFactory(unit=UnitFactory(parent=township1))
    before = _snapshot(draft)

    with pytest.raises(WorkflowError) as caught:
        _decide(draft, county_staff)
    assert caught.value.messages == ["该申报当前状态为“草稿”，不能作出“通过”决定。"]
    response = client_for(county_staff).post(
        f"/demo-sites/applications/{draft.pk}/acceptance/", acceptance_post(draft), follow=True
    )

    assert "不能验收" in response.content.decode()
    assert _snapshot(draft) == before


def test_resubmitting_an_accepted_application_is_refused(township1, town01, client_for):
    accepted = ApplicationFactory(unit=UnitFactory(parent=township1), status="accepted")
    before = _snapshot(accepted)

    response = client_for(town01).post(
        f"/demo-sites/applications/{accepted.pk}/submit/", {"comment": "再报"}, follow=True
    )

    assert "该申报当前状态为“通过”，不能提交。" in response.content.decode()
    assert _snapshot(accepted) == before


def test_submitted_application_cannot_be_edited_or_get_attachments(submitted, town01, client_for):
    with pytest.raises(WorkflowError, match="不能修改"):
        services.application_update(application=submitted, by=town01, summary="改", contact="", assessments={})
    response = client_for(town01).post(
        f"/demo-sites/applications/{submitted.pk}/attachments/", {"file": png()}, follow=True
    )

    assert "不能上传附件" in response.content.decode()
    assert submitted.attachments.count() == 0
    assert submitted.summary == Application.objects.get(pk=submitted.pk).summary


def test_submission_needs_every_self_assessment(township1, town01):
    draft = ApplicationFactory(unit=UnitFactory(parent=township1), self_score="empty")
    with pytest.raises(WorkflowError, match="尚未填写自评情况或自评分：班子建设好"):
        services.application_submit(application=draft, by=town01)
    assert _snapshot(draft)[0] == "draft"


def test_accepting_a_failing_score_needs_an_override_reason(submitted, county_staff, client_for):
    before = _snapshot(submitted)
    scores = {n: "9" for n in range(10)} | {0: "5"}  # total 86 but 班子建设好 below 6

    response = client_for(county_staff).post(
        f"/demo-sites/applications/{submitted.pk}/acceptance/", acceptance_post(submitted, scores=scores)
    )
    assert response.status_code == 200
    assert "评分未达到通过标准（班子建设好低于 6 分）" in response.content.decode()
    assert _snapshot(submitted) == before

    response = client_for(county_staff).post(
        f"/demo-sites/applications/{submitted.pk}/acceptance/",
        acceptance_post(submitted, scores=scores, override_reason="班子已于验收后调整到位，经主席会议研究同意通过"),
    )
    assert response.status_code == 302
    acceptance = Acceptance.objects.get(application=submitted)
    assert acceptance.decision == "accepted" and acceptance.meets_pass_rule is False
    assert acceptance.total_score == Decimal("86")
    assert "经主席会议研究同意通过" in acceptance.override_reason


def test_total_below_pass_line_is_not_met_even_with_every_item_above_minimum(submitted, county_staff):
    with pytest.raises(ValidationError, match="总分 70 分，低于 80 分"):
        _decide(submitted, county_staff, scores=service_scores(submitted, "7"))
    assert _snapshot(submitted)[3] == 0


def test_rectify_needs_listed_rectifications_and_reject_needs_reasons(submitted, county_staff):
    before = _snapshot(submitted)
    with pytest.raises(ValidationError, match="逐条列出整改要求"):
        _decide(submitted, county_staff, decision="rectify")
    with pytest.raises(ValidationError, match="请填写理由"):
        _decide(submitted, county_staff, decision="rejected")
    assert _snapshot(submitted) == before


def test_scores_must_cover_every_criterion_within_its_maximum(submitted, county_staff):
    scores = service_scores(submitted)
    first = next(iter(scores))
    with pytest.raises(ValidationError, match="应在 0 到 10 分之间"):
        _decide(submitted, county_staff, scores=scores | {first: ("11", "")})
    scores.pop(first)
    with pytest.raises(ValidationError, match="请为以下各项打分：班子建设好"):
        _decide(submitted, county_staff, scores=scores)
    assert _snapshot(submitted)[3] == 0


def test_rejected_application_is_closed(submitted, county_staff, town01):
    _decide(submitted, county_staff, decision="rejected", reasons="阵地未落实", scores=service_scores(submitted, "5"))
    submitted.refresh_from_db()
    assert submitted.status == "rejected"
    with pytest.raises(WorkflowError, match="不能提交"):
        services.application_submit(application=submitted, by=town01, comment="再试")
    with pytest.raises(WorkflowError, match="不能作出“通过”决定"):
        _decide(submitted, county_staff)


def test_revoking_twice_or_before_designation_is_refused(county_staff, township1, client_for):
    designation = DesignationFactory(unit=UnitFactory(parent=township1), designated_on=datetime.date(2024, 6, 1))
    with pytest.raises(ValidationError, match="摘牌日期不能早于挂牌日期"):
        services.designation_revoke(
            designation=designation, by=county_staff, revoked_on=datetime.date(2024, 1, 1), reason="x"
        )
    services.designation_revoke(
        designation=designation, by=county_staff, revoked_on=datetime.date(2025, 3, 1), reason="复核不达标"
    )

    response = client_for(county_staff).post(
        f"/demo-sites/designations/{designation.pk}/revoke/",
        {"revoked_on": TODAY.isoformat(), "reason": "又一次"},
        follow=True,
    )

    assert "该示范点已于2025年03月01日摘牌" in response.content.decode()
    designation.refresh_from_db()
    assert designation.revoked_on == datetime.date(2025, 3, 1) and designation.revoke_reason == "复核不达标"


def test_township_staff_cannot_revoke(township1, town01, client_for):
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    response = client_for(town01).post(
        f"/demo-sites/designations/{designation.pk}/revoke/", {"revoked_on": TODAY.isoformat(), "reason": "x"}
    )
    assert response.status_code == 403
    designation.refresh_from_db()
    assert designation.revoked_on is None


def test_review_with_revoke_outcome_ends_the_designation_on_the_review_date(township1, county_staff):
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    from tests.factories import demo_criteria_set

    criteria = demo_criteria_set("womens_home", TODAY.year).criteria.all()
    review = services.review_record(
        designation=designation,
        by=county_staff,
        reviewed_on=TODAY,
        inspectors="复核组",
        scores={c.pk: ("5", "阵地挪用") for c in criteria},
        outcome="revoked",
        comments="阵地被挪作他用",
    )
    designation.refresh_from_db()
    assert review.meets_pass_rule is False and review.total_score == Decimal("50")
    assert designation.revoked_on == TODAY and "阵地被挪作他用" in designation.revoke_reason
    assert not designation.is_in_force(TODAY)


def test_subsidy_only_for_a_site_in_force_on_the_grant_date(township1, county_staff):
    designation = DesignationFactory(unit=UnitFactory(parent=township1), designated_on=datetime.date(2024, 6, 1))
    with pytest.raises(ValidationError, match="不是有效的示范点"):
        services.subsidy_grant(
            designation=designation,
            by=county_staff,
            granted_on=datetime.date(2024, 1, 5),
            amount=Decimal("5000"),
            purpose="阵地建设",
        )
    subsidy = services.subsidy_grant(
        designation=designation,
        by=county_staff,
        granted_on=datetime.date(2024, 12, 15),
        amount=Decimal("5000.50"),
        purpose="阵地建设",
    )
    assert subsidy.amount == Decimal("5000.50") and subsidy.township == township1


def test_county_records_a_city_level_site_named_by_the_city(county_staff, township1, client_for):
    community = UnitFactory(name="沿河社区", kind="community", parent=township1)
    url = f"/demo-sites/designations/new/?township={township1.pk}"
    assert "沿河社区" in client_for(county_staff).get(url).content.decode()

    response = client_for(county_staff).post(
        url,
        {
            "category": "womens_home",
            "level": "city",
            "unit": community.pk,
            "year": 2025,
            "designated_on": "2025-10-08",
            "certificate_number": "温妇示〔2025〕3号",
        },
    )

    designation = Designation.objects.get(unit=community)
    assert response.status_code == 302
    assert (designation.level, designation.township, designation.application) == ("city", township1, None)


def test_county_level_sites_cannot_be_recorded_without_acceptance(county_staff, township1):
    with pytest.raises(ValidationError, match="须经申报和验收"):
        services.designation_record(
            unit=UnitFactory(parent=township1),
            category="womens_home",
            level="county",
            year=2025,
            designated_on=datetime.date(2025, 5, 1),
            by=county_staff,
        )
    assert not Designation.objects.exists()


def test_township_staff_cannot_record_designations(town01, township1, client_for):
    assert client_for(town01).get("/demo-sites/designations/new/").status_code == 403


def test_self_score_above_the_maximum_is_refused_and_nothing_saved(township1, town01, client_for):
    from tests.demo_sites.helpers import self_assessment_post

    draft = ApplicationFactory(unit=UnitFactory(parent=township1), self_score=8)
    response = client_for(town01).post(
        f"/demo-sites/applications/{draft.pk}/edit/", self_assessment_post(draft, score="12")
    )

    assert response.status_code == 200
    assert "确保该值小于或等于10" in response.content.decode()
    assert set(draft.self_assessments.values_list("score", flat=True)) == {Decimal("8")}


@pytest.mark.parametrize("status", ["draft", "submitted", "rectifying", "accepted", "rejected"])
def test_each_status_allows_exactly_the_moves_in_the_table(township1, town01, county_staff, status):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status=status)
    submit_allowed = status in ("draft", "rectifying")
    decide_allowed = status == "submitted"

    if submit_allowed:
        services.application_submit(application=application, by=town01, comment="已整改")
    else:
        with pytest.raises(WorkflowError, match="不能提交"):
            services.application_submit(application=application, by=town01, comment="已整改")

    application.refresh_from_db()
    before = _snapshot(application)
    if decide_allowed or submit_allowed:  # a successful submission makes it decidable
        _decide(application, county_staff, decision="rectify", rectifications="补齐台账")
    else:
        with pytest.raises(WorkflowError, match="不能退回整改"):
            _decide(application, county_staff, decision="rectify", rectifications="补齐台账")
        assert _snapshot(application) == before
