"""notify: one message per inbox, thing and day (the database says so); email and SMS to the inbox's readers
after commit; a failing mailer or gateway never breaks the step."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from demo_sites import services
from notices import selectors
from notices.models import Message
from notices.services import notify
from notices.sms import SmsGateway
from tests.demo_sites.helpers import service_scores
from tests.factories import ApplicationFactory, UnitFactory, make_user

TODAY = timezone.localdate()


def _notify(township, key="election_due:org:17", on=None):
    return notify(
        township=township,
        kind=Message.Kind.ELECTION_DUE,
        subject="桃源村妇联换届即将到期",
        body="本届任期将于30天后届满，请及时组织换届。",
        link="/admin/orgs/termelection/",
        dedupe_key=key,
        on=on,
    )


# --- one per thing per day -----------------------------------------------------------------------


def test_notify_twice_on_one_day_makes_one_message_and_the_next_day_another(township1, town01):
    first, created = _notify(township1)
    again, created_again = _notify(township1)
    tomorrow, created_tomorrow = _notify(township1, on=TODAY + datetime.timedelta(days=1))

    assert created and not created_again and again.pk == first.pk
    assert created_tomorrow and tomorrow.pk != first.pk
    assert selectors.unread_count(town01) == 2


def test_the_same_thing_is_told_to_each_inbox_once(township1, township2, county_staff, town01, town02):
    for _ in range(2):
        _notify(township1)
        _notify(township2)
        _notify(None)

    assert [selectors.unread_count(u) for u in (town01, town02, county_staff)] == [1, 1, 1]


@pytest.mark.parametrize("inbox", ["township", "county"])
def test_the_database_refuses_a_second_message_for_one_thing_and_day(township1, inbox):
    township = township1 if inbox == "township" else None
    row = {"township": township, "kind": "election_due", "subject": "换届", "dedupe_key": "k", "day": TODAY}
    Message.objects.create(**row)

    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(**row)


def test_wrong_arguments_are_a_programming_error(township1):
    with pytest.raises(ValueError):
        notify(township=township1, kind="nonsense", subject="x", body="", link="", dedupe_key="k")
    with pytest.raises(ValueError):
        _notify_link(township1, "https://evil.example.com/")
    with pytest.raises(ValueError):
        _notify_link(township1, "//evil.example.com/")
    with pytest.raises(ValueError):
        notify(
            township=UnitFactory(parent=township1), kind="election_due", subject="x", body="", link="", dedupe_key="k"
        )
    assert Message.objects.count() == 0


def _notify_link(township, link):
    return notify(township=township, kind="election_due", subject="x", body="", link=link, dedupe_key="k")


@pytest.mark.django_db(transaction=True)
def test_two_processes_notifying_at_once_make_one_message(township1):
    if connection.vendor != "postgresql":
        pytest.skip("select_for_update and concurrent inserts need PostgreSQL")
    barrier, results, errors = threading.Barrier(4), [], []

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(_notify(township1)[1])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert Message.objects.count() == 1


# --- email and SMS ---------------------------------------------------------------------------------


def _return(township, county_staff):
    application = ApplicationFactory(unit=UnitFactory(name="桃源村", parent=township), status="submitted")
    services.acceptance_decide(
        application=application,
        by=county_staff,
        inspected_on=TODAY,
        inspectors="王秀英",
        by_site_visit=True,
        scores=service_scores(application, "7"),
        decision="rectify",
        rectifications="补齐会议记录",
    )
    return application


def test_a_return_is_mailed_to_the_townships_staff_after_commit(
    township1, county_staff, town01, reachable, django_capture_on_commit_callbacks
):
    colleague = make_user("town01b", "乡镇妇联填报员", township1)
    colleague.email = "town01b@example.cn"
    colleague.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = _return(township1, county_staff)
    assert mail.outbox == []  # nothing leaves before the step has committed

    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mail.outbox) == ["town01@example.cn", "town01b@example.cn"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # colleagues' addresses are not shown to each other
    email = mail.outbox[0]
    assert email.subject == f"【县妇联平台】桃源村的{TODAY.year}年县级“妇女之家”示范点申报被退回整改"
    assert "补齐会议记录" in email.body and f"/demo-sites/applications/{application.pk}/" in email.body


def test_a_submission_is_mailed_to_county_staff_not_the_leader(
    township1, town01, county_staff, leader, reachable, django_capture_on_commit_callbacks
):
    draft = ApplicationFactory(unit=UnitFactory(parent=township1))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=draft, by=town01)

    assert [m.to for m in mail.outbox] == [["county@example.cn"]]


def test_a_rolled_back_step_tells_nobody(township1, town01, reachable, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _notify(township1)
        raise RuntimeError("the step failed after notifying")

    assert Message.objects.count() == 0 and mail.outbox == []


class RecordingGateway(SmsGateway):
    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        RecordingGateway.sent.append((phone, text))


class FailingGateway(SmsGateway):
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("gateway unreachable")


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("smtp down")


def test_the_sms_gateway_of_the_settings_receives_the_text(
    settings, township1, county_staff, town01, reachable, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY = "tests.notices.test_notify.RecordingGateway"
    RecordingGateway.sent = []
    with django_capture_on_commit_callbacks(execute=True):
        _return(township1, county_staff)

    [(phone, text)] = RecordingGateway.sent
    assert phone == "13800000001"
    assert text.startswith("【县妇联】桃源村的") and "退回整改" in text


def test_a_failing_gateway_and_mailer_do_not_break_the_return(
    settings, township1, county_staff, town01, reachable, django_capture_on_commit_callbacks, caplog
):
    settings.SMS_GATEWAY = "tests.notices.test_notify.FailingGateway"
    settings.EMAIL_BACKEND = "tests.notices.test_notify.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        application = _return(township1, county_staff)

    application.refresh_from_db()
    assert application.status == "rectifying"
    assert [m.kind for m in selectors.inbox(town01)] == [Message.Kind.APPLICATION_RETURNED]
    logged = caplog.text
    assert "email to 1 recipients failed" in logged and "SMS to 138****0001 failed" in logged
    assert "13800000001" not in logged


def test_the_default_gateway_only_logs_a_masked_number(
    township1, county_staff, town01, reachable, django_capture_on_commit_callbacks, caplog
):
    import logging

    with caplog.at_level(logging.INFO, logger="notices.sms"), django_capture_on_commit_callbacks(execute=True):
        _return(township1, county_staff)

    assert "SMS not sent (no gateway configured) to 138****0001" in caplog.text
    assert "13800000001" not in caplog.text
