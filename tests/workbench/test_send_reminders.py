"""manage.py send_reminders: due 换届, a near 验收截止日期 and unconfirmed figures reach each township's 消息,
once a day at most however often cron runs it, and again the next day."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from demo_sites.models import Application
from notices.models import Message
from orgs.models import Unit, WomenOrganisation
from reports.models import YearConfirmation, YearSeal
from tests.factories import ApplicationFactory, UnitFactory, WomenOrganisationFactory
from workbench.reminders import due_reminders

TODAY = datetime.date(2026, 6, 15)  # last year's (2025) figures are the ones to confirm


def _run(day: datetime.date) -> str:
    out = io.StringIO()
    call_command("send_reminders", date=day.isoformat(), stdout=out)
    return out.getvalue()


def _organisation(township, name: str, days: int, *, parent_kind=None) -> WomenOrganisation:
    unit = UnitFactory(name=name, parent=township, **({"kind": parent_kind} if parent_kind else {}))
    organisation = WomenOrganisationFactory(unit=unit, name=f"{name}妇联")
    due = TODAY + datetime.timedelta(days=days)
    WomenOrganisation.objects.filter(pk=organisation.pk).update(next_election_due=due)
    return organisation


@pytest.fixture
def due_things(county, township1, township2, town01):
    """萧江镇: one 换届 overdue and one due in 90 days, a draft due in 30 days, 2025 confirmed. 水头镇: nothing
    but its 2025 figures. 县直: an organ committee due in 10 days."""
    _organisation(township1, "东村", -1)
    _organisation(township1, "西村", 90)
    _organisation(township1, "北村", 91)  # not yet
    draft = ApplicationFactory(unit=UnitFactory(name="南村", parent=township1))
    Application.objects.filter(pk=draft.pk).update(deadline=TODAY + datetime.timedelta(days=30))
    YearConfirmation.objects.create(township=township1, year=2025, status="confirmed", confirmed_by=town01)
    organ = UnitFactory(name="县卫健局", kind=Unit.Kind.ORGAN, parent=county)
    organisation = WomenOrganisationFactory(unit=organ, name="县卫健局妇委会")
    WomenOrganisation.objects.filter(pk=organisation.pk).update(next_election_due=TODAY + datetime.timedelta(days=10))


def _inbox(township) -> list[Message]:
    return list(Message.objects.filter(township=township).order_by("kind", "pk"))


def test_each_township_is_reminded_of_its_own_things(due_things, township1, township2):
    _run(TODAY)

    mine = {m.kind: m for m in _inbox(township1)}
    assert set(mine) == {Message.Kind.ELECTION_DUE, Message.Kind.ACCEPTANCE_DEADLINE}
    election = mine[Message.Kind.ELECTION_DUE]
    assert election.subject == "换届提醒：1 个妇女组织逾期未换届，1 个将在 90 天内到期"
    assert "东村妇联：应于 2026年6月14日 换届（已逾期）" in election.body
    assert "西村妇联：应于 2026年9月13日 换届" in election.body and "北村" not in election.body
    assert election.link == "/admin/orgs/womenorganisation/?election=overdue"
    deadline = mine[Message.Kind.ACCEPTANCE_DEADLINE]
    assert deadline.subject == "示范点验收截止 2026年7月15日，还剩 30 天"
    assert deadline.link == "/demo-sites/"

    (figures,) = _inbox(township2)
    assert figures.kind == Message.Kind.FIGURES_UNCONFIRMED
    assert figures.subject == "2025年度数据尚未确认填报完成" and figures.link == "/reports/year-close/?year=2025"
    assert "东村" not in figures.body

    (county_message,) = Message.objects.filter(township__isnull=True)
    assert county_message.kind == Message.Kind.ELECTION_DUE and "县卫健局妇委会" in county_message.body


def test_running_twice_the_same_day_sends_nothing_new(due_things):
    first = _run(TODAY)
    count = Message.objects.count()

    second = _run(TODAY)

    assert Message.objects.count() == count == 4
    assert "新发提醒 4 条" in first
    assert "新发提醒 0 条" in second and "今天已发过的 4 条未重复发送" in second


def test_the_next_day_reminds_again(due_things, township1):
    _run(TODAY)
    _run(TODAY)

    _run(TODAY + datetime.timedelta(days=1))

    assert Message.objects.count() == 8
    days = sorted({m.day for m in _inbox(township1)})
    assert days == [TODAY, TODAY + datetime.timedelta(days=1)]


def test_a_returned_confirmation_is_reminded_with_its_reason(township1, town01, county_staff):
    YearConfirmation.objects.create(
        township=township1,
        year=2025,
        status="returned",
        confirmed_by=town01,
        returned_by=county_staff,
        return_reason="妇女组织数有误",
    )

    _run(TODAY)

    (message,) = _inbox(township1)
    assert message.subject == "2025年度填报确认被县妇联退回" and "退回原因：妇女组织数有误" in message.body


def test_nothing_about_a_sealed_year(township1, township2, county_staff):
    YearSeal.objects.create(year=2025, version=1, sealed_by=county_staff, snapshot={"rows": []})

    assert due_reminders(TODAY) == []


@pytest.mark.parametrize(("days", "reminded"), [(31, False), (30, True), (0, True), (-1, False)])
def test_the_deadline_is_reminded_from_thirty_days_before(township1, days, reminded):
    draft = ApplicationFactory(unit=UnitFactory(parent=township1))
    Application.objects.filter(pk=draft.pk).update(deadline=TODAY + datetime.timedelta(days=days))

    kinds = [r.kind for r in due_reminders(TODAY) if r.township_id == township1.pk]

    assert (Message.Kind.ACCEPTANCE_DEADLINE in kinds) == reminded


@pytest.mark.parametrize(("days", "reminded"), [(91, False), (90, True), (0, True), (-1, True)])
def test_an_election_is_reminded_from_ninety_days_before(township1, days, reminded):
    _organisation(township1, "东村", days)

    kinds = [r.kind for r in due_reminders(TODAY) if r.township_id == township1.pk]

    assert (Message.Kind.ELECTION_DUE in kinds) == reminded


def test_a_bad_date_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command("send_reminders", date="2026/6/15", stdout=io.StringIO())
