"""The 示范点 moves reach the right inbox: the township hears of returns, decisions, 摘牌 and 复核; the county of
submissions and resubmissions. Nobody else hears anything."""

from __future__ import annotations

import pytest
from django.utils import timezone

from demo_sites import services
from demo_sites.models import Review
from notices import selectors
from notices.models import Message
from tests.demo_sites.helpers import acceptance_post, service_scores
from tests.factories import ApplicationFactory, DesignationFactory, UnitFactory, demo_criteria_set

TODAY = timezone.localdate()
RECTIFICATIONS = "补齐会议记录\n落实活动阵地并挂牌"


@pytest.fixture
def submitted(township1):
    return ApplicationFactory(unit=UnitFactory(name="桃源村", parent=township1), status="submitted")


def _inbox(user) -> list[Message]:
    return list(selectors.inbox(user))


def _return(application, by):
    return services.acceptance_decide(
        application=application,
        by=by,
        inspected_on=TODAY,
        inspectors="王秀英",
        by_site_visit=True,
        scores=service_scores(application, "7"),
        decision="rectify",
        rectifications=RECTIFICATIONS,
    )


def test_a_return_by_the_county_puts_one_message_with_the_reasons_in_town01s_inbox_only(
    submitted, county_staff, town01, town02, login
):
    response = login(county_staff).post(
        f"/demo-sites/applications/{submitted.pk}/acceptance/",
        acceptance_post(submitted, score="7", decision="rectify", rectifications=RECTIFICATIONS),
    )

    assert response.status_code == 302
    [message] = _inbox(town01)
    assert message.kind == Message.Kind.APPLICATION_RETURNED
    assert message.subject == f"桃源村的{TODAY.year}年县级“妇女之家”示范点申报被退回整改"
    assert "补齐会议记录" in message.body and "落实活动阵地并挂牌" in message.body
    assert message.link == f"/demo-sites/applications/{submitted.pk}/"
    assert _inbox(town02) == []
    assert _inbox(county_staff) == []
    page = login(town01).get("/messages/").content.decode()
    assert "桃源村的" in page and "补齐会议记录" in page
    assert "桃源村" not in login(town02).get("/messages/").content.decode()


def test_a_submission_and_a_resubmission_reach_the_county(submitted, county_staff, town01, township1):
    draft = ApplicationFactory(unit=UnitFactory(name="新联村", parent=township1))

    services.application_submit(application=draft, by=town01)
    _return(submitted, county_staff)
    services.application_submit(application=submitted, by=town01, comment="会议记录已补齐，阵地已挂牌")

    county = {m.kind: m for m in _inbox(county_staff)}
    assert set(county) == {Message.Kind.APPLICATION_SUBMITTED, Message.Kind.APPLICATION_RESUBMITTED}
    assert county[Message.Kind.APPLICATION_SUBMITTED].subject.startswith("萧江镇新联村的")
    resubmitted = county[Message.Kind.APPLICATION_RESUBMITTED]
    assert "已整改并重新提交" in resubmitted.subject and "会议记录已补齐，阵地已挂牌" in resubmitted.body
    assert resubmitted.link == f"/demo-sites/applications/{submitted.pk}/"
    assert [m.kind for m in _inbox(town01)] == [Message.Kind.APPLICATION_RETURNED]


def test_acceptance_and_rejection_tell_the_township(township1, county_staff, town01):
    accepted = ApplicationFactory(unit=UnitFactory(name="桃源村", parent=township1), status="submitted")
    rejected = ApplicationFactory(unit=UnitFactory(name="沿河村", parent=township1), status="submitted")
    common = {"by": county_staff, "inspected_on": TODAY, "inspectors": "王秀英", "by_site_visit": True}

    services.acceptance_decide(
        application=accepted, scores=service_scores(accepted), decision="accepted", designated_on=TODAY, **common
    )
    services.acceptance_decide(
        application=rejected, scores=service_scores(rejected, "5"), decision="rejected", reasons="阵地未落实", **common
    )

    told = {m.kind: m for m in _inbox(town01)}
    assert set(told) == {Message.Kind.APPLICATION_ACCEPTED, Message.Kind.APPLICATION_REJECTED}
    assert told[Message.Kind.APPLICATION_ACCEPTED].subject.endswith("申报验收通过")
    assert "阵地未落实" in told[Message.Kind.APPLICATION_REJECTED].body
    assert _inbox(county_staff) == []


def test_a_revocation_and_a_review_tell_the_township(township1, county_staff, town01, town02):
    revoked = DesignationFactory(unit=UnitFactory(name="桃源村", parent=township1))
    reviewed = DesignationFactory(unit=UnitFactory(name="沿河村", parent=township1))
    criteria = demo_criteria_set("womens_home", TODAY.year).criteria.all()

    services.designation_revoke(designation=revoked, by=county_staff, revoked_on=TODAY, reason="阵地挪作他用")
    services.review_record(
        designation=reviewed,
        by=county_staff,
        reviewed_on=TODAY,
        inspectors="复核组",
        scores={c.pk: ("8", "") for c in criteria},
        outcome=Review.Outcome.MAINTAINED,
        comments="保持良好",
    )

    told = {m.kind: m for m in _inbox(town01)}
    assert set(told) == {Message.Kind.DESIGNATION_REVOKED, Message.Kind.REVIEW_RECORDED}
    assert "阵地挪作他用" in told[Message.Kind.DESIGNATION_REVOKED].body
    assert told[Message.Kind.DESIGNATION_REVOKED].link == f"/demo-sites/designations/{revoked.pk}/"
    assert "保留称号" in told[Message.Kind.REVIEW_RECORDED].subject
    assert _inbox(town02) == []


def test_a_review_that_revokes_says_so(township1, county_staff, town01):
    designation = DesignationFactory(unit=UnitFactory(name="桃源村", parent=township1))
    criteria = demo_criteria_set("womens_home", TODAY.year).criteria.all()

    services.review_record(
        designation=designation,
        by=county_staff,
        reviewed_on=TODAY,
        inspectors="复核组",
        scores={c.pk: ("5", "") for c in criteria},
        outcome=Review.Outcome.REVOKED,
        comments="台账缺失",
    )

    [message] = _inbox(town01)
    assert message.kind == Message.Kind.DESIGNATION_REVOKED
    assert "复核未通过，被摘牌" in message.subject and "台账缺失" in message.body


def test_a_county_organs_application_is_the_countys_own_news(county, county_staff):
    organ = UnitFactory(name="县卫健局", parent=county, kind="organ")
    application = ApplicationFactory(unit=organ, category="organ_committee", status="submitted")

    _return(application, county_staff)

    [message] = _inbox(county_staff)
    assert message.kind == Message.Kind.APPLICATION_RETURNED and message.township_id is None


def test_a_refused_move_tells_nobody(submitted, town01, county_staff):
    with pytest.raises(services.WorkflowError):
        _return(submitted, town01)  # a township may not decide

    assert Message.objects.count() == 0
