"""The township's 待办: each item appears exactly when its rule says so, links to where it is fixed, and
belongs to the township alone."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from demo_sites import services
from demo_sites.models import Acceptance, Application
from orgs.models import Cadre, LeadershipRule, Unit, WomenOrganisation
from reports import sealing
from reports.models import YearConfirmation, YearSeal
from tests.demo_sites.helpers import acceptance_post, service_scores
from tests.factories import (
    ActivityFactory,
    ApplicationFactory,
    AttendanceFactory,
    CadreFactory,
    EventFactory,
    PostFactory,
    UnitFactory,
    WomenOrganisationFactory,
)
from workbench.todo import township_todos

# A day well inside the year: no 验收截止 (31 December) near, last year's figures due for confirmation.
TODAY = datetime.date(2026, 6, 15)


def _kinds(user, today=TODAY) -> list[str]:
    return [item.kind for item in township_todos(user=user, today=today)]


def _items(user, kind, today=TODAY):
    return [item for item in township_todos(user=user, today=today) if item.kind == kind]


def _organisation(township, *, due: datetime.date | None = None, **kwargs) -> WomenOrganisation:
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township), **kwargs)
    if due is not None:
        # next_election_due is derived (founding + one term, or the latest 换届 + its term): set the result.
        WomenOrganisation.objects.filter(pk=organisation.pk).update(next_election_due=due)
    return organisation


def _only_rule(**minimums) -> None:
    """The village rule alone (the migration's defaults replaced), with these minimums."""
    LeadershipRule.objects.all().delete()
    LeadershipRule.objects.create(unit_kind=Unit.Kind.VILLAGE, **minimums)


# --- 退回整改 and 草稿 ---------------------------------------------------------------------------------


def _submitted(township, town_user):
    application = ApplicationFactory(unit=UnitFactory(name="桃源村", parent=township))
    services.application_submit(application=application, by=town_user)
    return application


def _return(application, county_staff, rectifications="补齐会议记录\n落实活动阵地并挂牌"):
    services.acceptance_decide(
        application=application,
        by=county_staff,
        inspected_on=timezone.localdate(),
        inspectors="王秀英",
        by_site_visit=True,
        scores=service_scores(application, "7"),
        decision="rectify",
        rectifications=rectifications,
        reasons="总分未达到80分。",
    )


def test_a_returned_application_appears_with_the_countys_reasons_and_vanishes_on_resubmission(
    township1, town01, county_staff
):
    application = _submitted(township1, town01)
    assert _items(town01, "rectify") == []

    _return(application, county_staff)

    (item,) = _items(town01, "rectify")
    assert item.title == f"申报被退回整改：{application}"
    assert item.details == ("整改要求：补齐会议记录", "整改要求：落实活动阵地并挂牌", "县妇联意见：总分未达到80分。")
    assert item.url == f"/demo-sites/applications/{application.pk}/"
    assert item.urgent

    services.application_submit(application=application, by=town01, comment="会议记录已补齐。")

    assert _items(town01, "rectify") == []
    assert [i for i in township_todos(user=town01, today=TODAY) if i.url == item.url] == []  # nor as anything else


def test_the_latest_rounds_reasons_are_shown(township1, town01, county_staff):
    application = _submitted(township1, town01)
    _return(application, county_staff, "第一轮要求")
    services.application_submit(application=application, by=town01, comment="已整改。")
    _return(application, county_staff, "第二轮要求")

    (item,) = _items(town01, "rectify")

    assert "整改要求：第二轮要求" in item.details and "整改要求：第一轮要求" not in item.details


def test_the_returned_item_appears_on_her_home_page_and_vanishes_when_she_resubmits(
    client, township1, town01, county_staff
):
    application = _submitted(township1, town01)
    client.force_login(county_staff)
    client.post(
        f"/demo-sites/applications/{application.pk}/acceptance/",
        acceptance_post(application, score="7", decision="rectify", rectifications="落实活动阵地并挂牌"),
    )

    client.force_login(town01)
    html = client.get("/").content.decode()
    assert "申报被退回整改" in html and "整改要求：落实活动阵地并挂牌" in html
    assert f'href="/demo-sites/applications/{application.pk}/"' in html

    client.post(f"/demo-sites/applications/{application.pk}/submit/", {"comment": "阵地已挂牌。"})
    html = client.get("/").content.decode()
    assert "申报被退回整改" not in html and "落实活动阵地并挂牌" not in html


def test_a_draft_is_listed_until_submitted(township1, town01):
    application = ApplicationFactory(unit=UnitFactory(parent=township1))

    (item,) = _items(town01, "draft")
    assert item.title == f"申报草稿未提交：{application}"
    assert item.note == f"验收截止 {application.year}年12月31日，还剩 {(application.deadline - TODAY).days} 天"

    services.application_submit(application=application, by=town01)

    assert _items(town01, "draft") == []


def test_applications_waiting_for_the_county_or_decided_are_not_hers_to_do(township1, town01):
    for status in ("submitted", "accepted", "rejected"):
        ApplicationFactory(unit=UnitFactory(parent=township1), status=status)

    assert not {"rectify", "draft", "deadline"} & set(_kinds(town01))


# --- 验收截止 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "listed"),
    [(31, False), (30, True), (7, True), (6, True), (1, True), (0, True), (-1, False)],
)
def test_the_acceptance_deadline_is_announced_from_thirty_days_before(township1, town01, days_left, listed):
    application = ApplicationFactory(unit=UnitFactory(parent=township1))
    deadline = TODAY + datetime.timedelta(days=days_left)
    Application.objects.filter(pk=application.pk).update(deadline=deadline)

    items = _items(town01, "deadline")

    assert bool(items) == listed
    if listed:
        left = "今天截止" if days_left == 0 else f"还剩 {days_left} 天"
        assert items[0].title == f"示范点验收截止：{deadline.year}年{deadline.month}月{deadline.day}日，{left}"
        assert items[0].details == ("尚有 1 份申报未提交或整改后未重新提交。",)
        assert items[0].urgent == (days_left < 7)  # its last week: among the urgent items


def test_a_past_deadline_is_marked_on_the_application_itself(township1, town01):
    application = ApplicationFactory(unit=UnitFactory(parent=township1))
    Application.objects.filter(pk=application.pk).update(deadline=TODAY - datetime.timedelta(days=3))

    (item,) = _items(town01, "draft")

    assert item.note.endswith("已过 3 天") and item.urgent


def test_a_submitted_application_does_not_make_the_deadline_hers(township1, town01):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")
    Application.objects.filter(pk=application.pk).update(deadline=TODAY + datetime.timedelta(days=5))

    assert _items(town01, "deadline") == []


# --- 换届 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "kind"),
    [(91, None), (90, "election_due"), (0, "election_due"), (-1, "election_overdue"), (-400, "election_overdue")],
)
def test_an_election_is_announced_ninety_days_ahead_and_overdue_from_the_day_after(township1, town01, days, kind):
    _organisation(township1, due=TODAY + datetime.timedelta(days=days))

    found = {k for k in _kinds(town01) if k.startswith("election")}

    assert found == ({kind} if kind else set())


def test_election_items_count_the_organisations_and_link_to_their_list(township1, town01):
    for days in (-30, -1, 10, 90):
        _organisation(township1, due=TODAY + datetime.timedelta(days=days))
    _organisation(township1, due=TODAY - datetime.timedelta(days=5), status=WomenOrganisation.Status.DISSOLVED)

    (overdue,) = _items(town01, "election_overdue")
    (due,) = _items(town01, "election_due")

    assert overdue.title == "2 个妇女组织逾期未换届" and overdue.urgent
    assert overdue.url == "/admin/orgs/womenorganisation/?election=overdue"
    assert due.title == "2 个妇女组织将在 90 天内到期换届"
    assert due.url == "/admin/orgs/womenorganisation/?election=due_soon"


def test_the_linked_election_lists_hold_what_the_items_count(client_for, township1, town01):
    today = timezone.localdate()
    for days in (-30, -1, 0, 45, 90, 91, 400):
        _organisation(township1, due=today + datetime.timedelta(days=days))
    client = client_for(town01)

    for item in township_todos(user=town01):
        if item.kind.startswith("election"):
            response = client.get(item.url)
            assert response.context["cl"].result_count == int(item.title.split()[0]), item.title


# --- 主席 and 班子配备 -------------------------------------------------------------------------------------


def test_an_organisation_without_a_current_chair_is_listed(township1, town01):
    with_chair = _organisation(township1)
    PostFactory(organisation=with_chair, position=Cadre.Position.CHAIR)
    left = _organisation(township1)
    PostFactory(organisation=left, position=Cadre.Position.CHAIR, ended_on=TODAY - datetime.timedelta(days=1))
    starting = _organisation(township1)
    PostFactory(organisation=starting, position=Cadre.Position.CHAIR, started_on=TODAY + datetime.timedelta(days=1))
    vice_only = _organisation(township1)
    PostFactory(organisation=vice_only, position=Cadre.Position.VICE_CHAIR)
    _organisation(township1, status=WomenOrganisation.Status.DISSOLVED)

    (item,) = _items(town01, "no_chair")

    assert item.title == "3 个妇女组织没有现任主席"
    assert item.url == "/admin/orgs/womenorganisation/?chair=none"


def test_a_chair_whose_post_ends_today_still_counts(township1, town01):
    organisation = _organisation(township1)
    PostFactory(organisation=organisation, position=Cadre.Position.CHAIR, ended_on=TODAY)

    assert _items(town01, "no_chair") == []


def test_the_chair_list_behind_the_item_holds_what_it_counts(client_for, township1, town01):
    PostFactory(organisation=_organisation(township1), position=Cadre.Position.CHAIR)
    for _ in range(3):
        _organisation(township1)

    (item,) = _items(town01, "no_chair", today=timezone.localdate())
    response = client_for(town01).get(item.url)

    assert response.context["cl"].result_count == 3


def test_organisations_short_of_the_leadership_rule_are_counted_as_the_shortfalls_page_counts(
    client_for, township1, town01
):
    _only_rule(min_chairs=1, min_vice_chairs=1)
    complete = _organisation(township1)
    PostFactory(organisation=complete, position=Cadre.Position.CHAIR)
    PostFactory(organisation=complete, position=Cadre.Position.VICE_CHAIR)
    short = _organisation(township1)
    PostFactory(organisation=short, position=Cadre.Position.CHAIR)
    _organisation(township1)  # neither

    (item,) = _items(town01, "leadership", today=timezone.localdate())

    assert item.title == "2 个妇女组织班子配备不齐"
    page = client_for(town01).get(item.url)
    assert page.context["page"].paginator.count == 2

    PostFactory(organisation=short, position=Cadre.Position.VICE_CHAIR)
    assert _items(town01, "leadership", today=timezone.localdate())[0].title == "1 个妇女组织班子配备不齐"


def test_without_leadership_rules_nothing_is_short(township1, town01):
    LeadershipRule.objects.all().delete()
    _organisation(township1)

    assert _items(town01, "leadership") == []


# --- 干部 ---------------------------------------------------------------------------------------------------


def test_serving_cadres_without_a_phone_are_listed(client_for, township1, town01):
    today = timezone.localdate()
    organisation = _organisation(township1)
    PostFactory(organisation=organisation, position=Cadre.Position.EXECUTIVE)  # no phone
    PostFactory(organisation=organisation, position=Cadre.Position.EXECUTIVE, cadre__phone="13800000000")
    PostFactory(
        organisation=organisation, position=Cadre.Position.EXECUTIVE, ended_on=today - datetime.timedelta(days=1)
    )  # left: not asked about
    CadreFactory(unit=organisation.unit, is_reserve=True)  # 后备干部 without a phone
    CadreFactory(unit=organisation.unit)  # neither in a post nor a reserve

    (item,) = _items(town01, "phone", today=today)

    assert item.title == "2 名在任或后备干部未填手机号"
    assert item.url == "/admin/orgs/cadre/?phone=missing"
    assert client_for(town01).get(item.url).context["cl"].result_count == 2


def _chair(township):
    return PostFactory(organisation=_organisation(township), position=Cadre.Position.CHAIR).cadre


def test_chairs_not_trained_this_year_are_listed_as_the_untrained_page_lists_them(client_for, township1, town01):
    today = timezone.localdate()
    trained, untrained, trained_last_year, at_an_activity = (_chair(township1) for _ in range(4))
    AttendanceFactory(cadre=trained, event=EventFactory(starts_on=today.replace(month=1, day=2)))
    AttendanceFactory(
        cadre=trained_last_year, event=EventFactory(starts_on=today.replace(year=today.year - 1, month=6, day=1))
    )
    AttendanceFactory(cadre=at_an_activity, event=ActivityFactory(starts_on=today.replace(month=1, day=2)))
    assert untrained

    (item,) = _items(town01, "untrained", today=today)

    assert item.title == f"3 名现任主席{today.year}年尚未参加培训"
    assert item.url == f"/training/untrained/?year={today.year}&position=chair"
    page = client_for(town01).get(item.url)
    assert page.context["page"].paginator.count == 3


def test_a_trained_chair_makes_the_item_vanish(township1, town01):
    chair = _chair(township1)
    assert len(_items(town01, "untrained")) == 1

    AttendanceFactory(cadre=chair, event=EventFactory(starts_on=TODAY.replace(month=1, day=1)))

    assert _items(town01, "untrained") == []


# --- 年报确认 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.date(2026, 11, 30), 2025),
        (datetime.date(2026, 12, 1), 2026),
        (datetime.date(2027, 1, 1), 2026),
        (datetime.date(2027, 11, 30), 2026),
    ],
)
def test_the_year_to_confirm_turns_over_on_the_first_of_december(township1, town01, today, year):
    (item,) = _items(town01, "confirm", today=today)

    assert item.title == f"{year}年度数据尚未确认填报完成"
    assert item.url == f"/reports/year-close/?year={year}"


def test_a_confirmed_year_is_not_asked_again(township1, town01):
    YearConfirmation.objects.create(township=township1, year=2025, status="confirmed", confirmed_by=town01)

    assert _items(town01, "confirm") == []


def test_a_returned_confirmation_comes_back_with_the_countys_reason(township1, town01, county_staff):
    confirmation = YearConfirmation.objects.create(
        township=township1, year=2025, status="confirmed", confirmed_by=town01
    )
    sealing.year_return(confirmation=confirmation, reason="妇女组织数与上报不一致", by=county_staff)

    (item,) = _items(town01, "confirm")

    assert item.title == "2025年度填报确认被县妇联退回"
    assert item.details == ("退回原因：妇女组织数与上报不一致",) and item.urgent


def test_nothing_is_owed_for_a_sealed_year(township1, town01, county_staff):
    YearSeal.objects.create(year=2025, version=1, sealed_by=county_staff, snapshot={"rows": []})

    assert _items(town01, "confirm") == []


# --- scope -------------------------------------------------------------------------------------------------


def _everything(township, town_user, county_staff):
    """One row of every kind of 待办 in ``township``."""
    _only_rule(min_chairs=1, min_vice_chairs=2)
    village = UnitFactory(name="外乡镇专有村", parent=township)
    organisation = WomenOrganisationFactory(unit=village, name="外乡镇专有村妇联")
    WomenOrganisation.objects.filter(pk=organisation.pk).update(next_election_due=TODAY - datetime.timedelta(days=1))
    _organisation(township, due=TODAY + datetime.timedelta(days=10))
    PostFactory(organisation=organisation, position=Cadre.Position.CHAIR)
    _submitted_app = ApplicationFactory(unit=UnitFactory(parent=township))
    services.application_submit(application=_submitted_app, by=town_user)
    _return(_submitted_app, county_staff)
    draft = ApplicationFactory(unit=UnitFactory(parent=township))
    Application.objects.filter(pk=draft.pk).update(deadline=TODAY + datetime.timedelta(days=3))


def test_every_kind_of_item_can_appear(township1, town01, county_staff):
    _everything(township1, town01, county_staff)

    assert set(_kinds(town01)) == {
        "rectify",
        "draft",
        "deadline",
        "confirm",
        "election_overdue",
        "election_due",
        "no_chair",
        "leadership",
        "phone",
        "untrained",
    }


def test_the_other_township_never_sees_these_items(client_for, township1, township2, town01, town02, county_staff):
    _everything(township1, town01, county_staff)

    assert _kinds(town02) == ["confirm"]  # her own year's figures, nothing of 萧江镇's
    html = client_for(town02).get("/").content.decode()
    assert "外乡镇专有村" not in html and "萧江镇" not in html
    assert "申报被退回整改" not in html
    assert re.findall(r'data-kind="([a-z_]+)"', html) == ["confirm"]


def test_county_roles_have_no_todo_list(county_staff, leader, township1, town01):
    _organisation(township1, due=TODAY - datetime.timedelta(days=1))

    assert township_todos(user=county_staff, today=TODAY) == []
    assert township_todos(user=leader, today=TODAY) == []


# --- order and page -------------------------------------------------------------------------------------------


def test_urgent_items_come_first(township1, town01, county_staff):
    _everything(township1, town01, county_staff)

    urgent = [item.urgent for item in township_todos(user=town01, today=TODAY)]

    assert urgent == sorted(urgent, reverse=True) and urgent[0]


def test_the_page_lists_every_item_with_its_link(client_for, township1, town01, county_staff):
    _everything(township1, town01, county_staff)
    items = township_todos(user=town01)

    html = client_for(town01).get("/").content.decode()

    listed = re.findall(r'<li class="list-group-item todo-item[^"]*" data-kind="([a-z_]+)"', html)
    assert listed == [item.kind for item in items]
    for item in items:
        assert f'href="{item.url.replace("&", "&amp;")}"' in html


def test_an_empty_list_says_so(client_for, township1, town01):
    YearConfirmation.objects.create(
        township=township1, year=YearConfirmation.due_year(), status="confirmed", confirmed_by=town01
    )

    html = client_for(town01).get("/").content.decode()

    assert "暂无待办事项" in html


def test_a_draft_needs_no_acceptance_round(township1, town01):
    ApplicationFactory(unit=UnitFactory(parent=township1))

    assert Acceptance.objects.count() == 0
    assert _items(town01, "draft")
