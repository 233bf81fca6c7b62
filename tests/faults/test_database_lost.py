"""The database connection lost in the middle of a request: the request fails with a Chinese 503 page and
nothing it had written so far is kept (issue 16, "Faults")."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError
from django.test import Client

from demo_sites.models import Acceptance, AcceptanceScore, Application, Designation, StatusChange
from demo_sites.services import applications as demo_services  # where acceptance_decide looks up record_transition
from orgs.importing import resources as import_resources
from orgs.models import Cadre, Post
from tests.demo_sites.helpers import acceptance_post
from tests.factories import ApplicationFactory, UnitFactory, WomenOrganisationFactory, valid_id_number
from tests.faults.helpers import count_rows, postgresql_only, terminate_this_connection
from tests.importexport.helpers import CADRE_HEADERS, cadre_row, confirm, upload, xlsx_bytes

UNAVAILABLE = "数据库连接中断，本次操作未能完成"


def _assert_chinese_503(response) -> None:
    page = response.content.decode()
    assert response.status_code == 503, page[:500]
    assert UNAVAILABLE in page
    for leak in ("Traceback", "OperationalError", "InterfaceError", "pg_terminate_backend", "psycopg"):
        assert leak not in page


@pytest.fixture
def villages(township1):
    units = [UnitFactory(name=name, parent=township1) for name in ("桃源村", "沿河村")]
    for unit in units:
        WomenOrganisationFactory(unit=unit)
    return units


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_connection_killed_during_an_import_confirm_keeps_nothing_and_answers_in_chinese(
    client_for, town01, villages, monkeypatch, caplog
):
    client = client_for(town01)
    rows = [cadre_row("萧江镇", "桃源村", f"王秀英{n}", valid_id_number(300 + n), 职务="执委") for n in range(3)]
    preview = upload(client, "cadre", xlsx_bytes(CADRE_HEADERS, rows))
    assert preview.context["result"].counts["new"] == 3, preview.context["result"].messages
    tables = (Cadre, Cadre.history.model, Post, Post.history.model)
    before = count_rows(*tables)
    original = import_resources.create_with_history

    def create_then_lose_the_connection(*args, **kwargs):
        original(*args, **kwargs)  # the cadres are inserted (not committed) ...
        terminate_this_connection()  # ... and the database goes away before their posts are written

    monkeypatch.setattr(import_resources, "create_with_history", create_then_lose_the_connection)

    with caplog.at_level(logging.ERROR, logger="operations.outages"):
        response = confirm(client, preview, "cadre")

    _assert_chinese_503(response)
    assert "database unavailable" in caplog.text
    assert count_rows(*tables) == before
    assert not Cadre.objects.filter(name__startswith="王秀英").exists()  # Django reconnects for the next request


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_connection_killed_during_an_acceptance_decision_keeps_nothing_and_answers_in_chinese(
    client_for, county_staff, township1, monkeypatch
):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")
    data = acceptance_post(application)
    tables = (Acceptance, AcceptanceScore, StatusChange, Designation, Application.history.model)
    before = count_rows(*tables)
    original = demo_services.record_transition

    def lose_the_connection_then_record(*args, **kwargs):
        terminate_this_connection()  # the acceptance round and its scores are written, not yet committed
        return original(*args, **kwargs)

    monkeypatch.setattr(demo_services, "record_transition", lose_the_connection_then_record)

    response = client_for(county_staff).post(f"/demo-sites/applications/{application.pk}/acceptance/", data)

    _assert_chinese_503(response)
    assert count_rows(*tables) == before
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.decided_at is None


# --- on any database: the answer itself ------------------------------------------------------------------


def test_a_view_that_loses_the_database_answers_503_in_chinese(client_for, county_staff, township1, monkeypatch):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(demo_services, "record_transition", lost)
    response = client_for(county_staff).post(
        f"/demo-sites/applications/{application.pk}/acceptance/", acceptance_post(application)
    )

    _assert_chinese_503(response)
    assert response["Retry-After"] == "30"
    assert not Acceptance.objects.exists()


def test_a_database_lost_before_the_view_answers_503_in_chinese(county_staff, monkeypatch, db):
    """Loading the session happens in a middleware, outside the view: the project's handler500 answers."""
    from django.contrib.sessions.backends import db as session_db

    client = Client(raise_request_exception=False)
    client.force_login(county_staff)

    def lost(self, *args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(session_db.SessionStore, "load", lost)
    response = client.get("/demo-sites/applications/")

    _assert_chinese_503(response)


def test_other_crashes_still_get_the_500_page(county_staff, monkeypatch, db):
    from django.contrib.sessions.backends import db as session_db

    client = Client(raise_request_exception=False)
    client.force_login(county_staff)

    def broken(self, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(session_db.SessionStore, "load", broken)
    response = client.get("/demo-sites/applications/")

    assert response.status_code == 500
    assert "系统出现错误" in response.content.decode()
