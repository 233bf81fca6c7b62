"""身份证号 and other secrets: encrypted at rest, masked on pages, every reveal logged, never in logs."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import connection

from audit.models import AuditEvent
from editing.stale import FIELD_NAME
from operations.redaction import RedactingFilter
from orgs.models import Cadre
from tests.factories import CadreFactory, UnitFactory, valid_id_number

PASSWORD = "Test-pass-2026"


def _cadre_add_data(unit, number: str, name: str = "王秀兰") -> dict:
    return {
        "name": name,
        "unit": unit.pk,
        "id_number": number,
        "sex": "F",
        "birth_date": "",
        "ethnicity": "汉族",
        "political_status": "masses",
        "education": "",
        "phone": "13800001111",
        "is_reserve": "",
        "notes": "",
        "posts-TOTAL_FORMS": "0",
        "posts-INITIAL_FORMS": "0",
        "posts-MIN_NUM_FORMS": "0",
        "posts-MAX_NUM_FORMS": "1000",
        "_save": "保存",
    }


def _every_stored_value() -> str:
    """What a database dump shows: every value of every table, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def test_a_database_dump_does_not_contain_any_id_number(client_for, admin_user, township1):
    unit = UnitFactory(parent=township1)
    number = valid_id_number(7)
    client = client_for(admin_user)
    response = client.post("/admin/orgs/cadre/add/", _cadre_add_data(unit, number))
    assert response.status_code == 302, response.content.decode()[:2000]
    cadre = Cadre.objects.get(name="王秀兰")
    assert cadre.id_number == number
    # An edit leaves history rows and an admin log entry behind: none of them may hold the number either.
    data = _cadre_add_data(unit, number, name="王秀兰")
    data["phone"] = "13800002222"
    data[FIELD_NAME] = client.get(f"/admin/orgs/cadre/{cadre.pk}/change/").context["stale_fingerprint"]
    assert client.post(f"/admin/orgs/cadre/{cadre.pk}/change/", data).status_code == 302
    assert cadre.history.count() == 2
    dump = _every_stored_value()
    assert number not in dump
    assert number[6:14] + number[14:] not in dump  # not even the birth date with the tail
    assert cadre.id_number_masked in dump  # the mask is what pages show


def test_users_without_reveal_permission_only_ever_see_the_mask(client_for, county_staff, leader, town01, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))
    number = cadre.id_number
    version = cadre.history.latest().history_id
    for user in (county_staff, leader, town01):
        client = client_for(user)
        for url in (
            "/admin/orgs/cadre/",
            f"/admin/orgs/cadre/{cadre.pk}/change/",
            f"/admin/orgs/cadre/{cadre.pk}/history/",
            f"/admin/orgs/cadre/{cadre.pk}/history/{version}/",
            f"/admin/orgs/cadre/?q={cadre.name}",
        ):
            response = client.get(url)
            assert response.status_code == 200, (user.username, url)
            page = response.content.decode()
            assert number not in page, (user.username, url)
        assert cadre.id_number_masked in client.get("/admin/orgs/cadre/").content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.REVEAL).exists()


def test_each_reveal_of_a_full_id_number_is_audited(client_for, admin_user, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))
    response = client_for(admin_user).get(f"/admin/orgs/cadre/{cadre.pk}/change/", REMOTE_ADDR="10.9.8.7")
    assert cadre.id_number in response.content.decode()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.REVEAL)
    assert (event.user, event.ip_address) == (admin_user, "10.9.8.7")
    assert cadre.name in event.object_repr and cadre.id_number not in event.object_repr


def test_no_password_id_number_or_session_key_reaches_a_log_record(client, admin_user, township1, caplog):
    unit = UnitFactory(parent=township1)
    number = valid_id_number(11)
    caplog.set_level(logging.DEBUG)
    client.post("/accounts/login/", {"username": "admin", "password": "Wrong-pass-1"})
    client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/admin/orgs/cadre/add/", _cadre_add_data(unit, number))
    cadre = Cadre.objects.get(name="王秀兰")
    client.get(f"/admin/orgs/cadre/{cadre.pk}/change/")
    client.post("/accounts/logout/")
    assert caplog.records, "the login should at least have been logged by django-axes"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("Wrong-pass-1", PASSWORD, number, session_key):
        assert secret not in logged
    for entry in LogEntry.objects.all():
        assert number not in f"{entry.object_repr} {entry.change_message}"
    for event in AuditEvent.objects.all():
        assert number not in f"{event.object_repr} {event.detail}"
    assert number not in str(cadre)


def test_the_log_handlers_scrub_id_numbers_and_secrets():
    number = valid_id_number(3)
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Bad request with id %s password=%s sessionid=%s",
        (number, "Hunter-22", "abc123xyz"),
        None,
    )
    assert RedactingFilter().filter(record)
    line = record.getMessage()
    assert number not in line and "Hunter-22" not in line and "abc123xyz" not in line
    assert number[:6] + "********" + number[-4:] in line
    # The filter is wired to every handler the project configures.
    assert all("redact" in handler.get("filters", []) for handler in settings.LOGGING["handlers"].values())
