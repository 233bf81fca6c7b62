"""The whole 示范点 journey through the portal, as the township and the county live it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from demo_sites import selectors
from demo_sites.models import Acceptance, Application, Designation, StatusChange
from tests.demo_sites.helpers import acceptance_post, png, self_assessment_post
from tests.factories import UnitFactory


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_application_goes_from_draft_through_rectification_to_designation_and_revocation(
    client, township1, town01, county_staff
):
    village = UnitFactory(name="桃源村", parent=township1)
    year = timezone.localdate().year

    # Township drafts an application for its own village.
    client.force_login(town01)
    response = client.post(
        "/demo-sites/applications/new/",
        {
            "category": "womens_home",
            "level": "county",
            "unit": village.pk,
            "year": year,
            "summary": "",
            "contact": "",
        },
    )
    application = Application.objects.get(unit=village)
    assert response.status_code == 302 and response.url == f"/demo-sites/applications/{application.pk}/edit/"
    assert application.status == Application.Status.DRAFT
    assert application.township == township1
    assert application.deadline.isoformat() == f"{year}-12-31"

    page = client.get(f"/demo-sites/applications/{application.pk}/edit/").content.decode()
    assert "班子建设好" in page and "工作有成效" in page and "佐证" in page
    assert "score_total.js" in page and "<script>" not in page

    response = client.post(f"/demo-sites/applications/{application.pk}/edit/", self_assessment_post(application))
    assert response.status_code == 302
    response = client.post(
        f"/demo-sites/applications/{application.pk}/attachments/",
        {"file": png(), "description": "活动阵地"},
        follow=True,
    )
    assert "附件已上传" in _messages(response)
    attachment = application.attachments.get()
    assert attachment.original_name == "阵地照片.png" and "阵地照片" not in attachment.file.name

    response = client.post(f"/demo-sites/applications/{application.pk}/submit/", {"comment": ""}, follow=True)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at is not None
    # A submitted application is read-only for the township.
    response = client.get(f"/demo-sites/applications/{application.pk}/edit/", follow=True)
    assert "不能修改" in _messages(response)

    # County sees it in the 验收 queue, scores it below the line and returns it for 整改.
    client.force_login(county_staff)
    queue = client.get("/demo-sites/").content.decode()
    assert "桃源村" in queue and f"{year}-12-31" in queue
    scoring = client.get(f"/demo-sites/applications/{application.pk}/acceptance/").content.decode()
    assert "总分不低于 80 分，且每项不低于 6 分" in scoring
    response = client.post(
        f"/demo-sites/applications/{application.pk}/acceptance/",
        acceptance_post(application, score="7", decision="rectify", rectifications="补齐会议记录\n落实活动阵地并挂牌"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.RECTIFYING

    # Township sees the reasons, edits and resubmits with a rectification report.
    client.force_login(town01)
    page = client.get(f"/demo-sites/applications/{application.pk}/").content.decode()
    assert "补齐会议记录" in page and "落实活动阵地并挂牌" in page
    client.post(f"/demo-sites/applications/{application.pk}/edit/", self_assessment_post(application, score="9.5"))
    response = client.post(f"/demo-sites/applications/{application.pk}/submit/", {"comment": ""}, follow=True)
    assert "请说明整改落实情况" in _messages(response)
    application.refresh_from_db()
    assert application.status == Application.Status.RECTIFYING
    client.post(f"/demo-sites/applications/{application.pk}/submit/", {"comment": "会议记录已补齐，阵地已挂牌。"})
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED

    # County sees the previous round next to the new one and accepts: the site is designated.
    client.force_login(county_staff)
    scoring = client.get(f"/demo-sites/applications/{application.pk}/acceptance/").content.decode()
    assert "第1轮" in scoring and "补齐会议记录" in scoring
    response = client.post(
        f"/demo-sites/applications/{application.pk}/acceptance/",
        acceptance_post(
            application,
            score="9",
            decision="accepted",
            certificate_number="清妇示〔2026〕1号",
            designated_on=(timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
        ),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    designation = Designation.objects.get(application=application)
    assert (designation.unit, designation.level, designation.year) == (village, "county", year)
    assert designation.certificate_number == "清妇示〔2026〕1号"
    assert list(Acceptance.objects.filter(application=application).values_list("decision", flat=True)) == [
        "rectify",
        "accepted",
    ]
    moves = list(StatusChange.objects.filter(application=application).values_list("from_status", "to_status"))
    assert moves == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "rectifying"),
        ("rectifying", "submitted"),
        ("submitted", "accepted"),
    ]
    assert designation in selectors.designations_in_force(user=county_staff)
    printed = client.get(f"/demo-sites/applications/{application.pk}/acceptance/print/?round=1").content.decode()
    assert "验收表" in printed and "补齐会议记录" in printed and "print.css" in printed

    # Revocation: from its date the site no longer counts.
    today = timezone.localdate()
    response = client.post(
        f"/demo-sites/designations/{designation.pk}/revoke/",
        {"revoked_on": today.isoformat(), "reason": "复核不达标"},
        follow=True,
    )
    assert "已摘牌" in _messages(response)
    designation.refresh_from_db()
    assert designation.revoked_on == today and designation.revoke_reason == "复核不达标"
    assert designation not in selectors.designations_in_force(user=county_staff)
    assert designation in selectors.designations_in_force(user=county_staff, on=today - datetime.timedelta(days=1))


def test_township_home_list_shows_its_applications_and_the_county_queue_defaults_to_awaiting(
    client_for, township1, town01, county_staff
):
    from tests.factories import ApplicationFactory

    ApplicationFactory(unit=UnitFactory(name="草稿村", parent=township1))
    ApplicationFactory(unit=UnitFactory(name="待验收村", parent=township1), status="submitted")

    mine = client_for(town01).get("/demo-sites/").content.decode()
    assert "我的申报" in mine and "草稿村" in mine and "待验收村" in mine

    queue = client_for(county_staff).get("/demo-sites/").content.decode()
    assert "待验收村" in queue and "草稿村" not in queue
