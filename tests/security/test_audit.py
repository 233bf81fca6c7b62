"""The security audit log: what it records, who can read it, that nobody can alter it, how long it lives."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from audit.log import audit_log
from audit.models import AuditEvent
from fulian import urls as fulian_urls
from orgs.models import Unit
from orgs.scoping import get_scoped_or_404
from tests.factories import UnitFactory

Kind = AuditEvent.Kind


def _scoped_unit_view(request, pk):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, pk=pk)
    from django.http import HttpResponse

    return HttpResponse(unit.name)


# The portal's own URLs too: signing in works out her 待办, whose items link to the portal's pages.
urlpatterns = [path("scoped-unit/<int:pk>/", _scoped_unit_view), *fulian_urls.urlpatterns]


def test_county_staff_read_and_filter_the_audit_log(client_for, county_staff, town01):
    audit_log(user=town01, kind=Kind.LOGIN)
    audit_log(user=town01, kind=Kind.EXPORT, object_repr="妇女干部名册")
    client = client_for(county_staff)
    everything = client.get("/admin/audit/auditevent/")
    assert everything.status_code == 200
    assert "妇女干部名册" in everything.content.decode()
    logins_only = client.get("/admin/audit/auditevent/", {"kind": "login"})
    assert logins_only.status_code == 200
    assert set(logins_only.context["cl"].result_list.values_list("kind", flat=True)) == {"login"}
    assert "妇女干部名册" not in logins_only.content.decode()


def test_township_staff_cannot_read_the_audit_log(client_for, town01):
    assert client_for(town01).get("/admin/audit/auditevent/").status_code == 403


def test_nobody_can_add_change_or_delete_an_audit_event_in_the_admin(client_for, admin_user, town01):
    event = audit_log(user=town01, kind=Kind.LOGIN_FAILED, result=AuditEvent.Result.FAILURE)
    client = client_for(admin_user)  # even the superuser
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post("/admin/audit/auditevent/add/", {"kind": "login"}).status_code == 403
    change = client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"kind": "login", "result": "success"})
    assert change.status_code in (200, 403)  # 200 = the read-only view, nothing saved
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(
        "/admin/audit/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    event.refresh_from_db()
    assert (event.kind, event.result) == (Kind.LOGIN_FAILED, AuditEvent.Result.FAILURE)
    page = client.get(f"/admin/audit/auditevent/{event.pk}/change/").content.decode()
    assert 'name="_save"' not in page and "deletelink" not in page


def test_a_refused_request_is_recorded(client_for, town01):
    client_for(town01).get("/admin/auth/user/", REMOTE_ADDR="10.0.0.8")
    event = AuditEvent.objects.get(kind=Kind.PERMISSION_DENIED)
    assert (event.user, event.ip_address, event.object_repr) == (town01, "10.0.0.8", "/admin/auth/user/")
    assert event.result == AuditEvent.Result.FAILURE


@override_settings(ROOT_URLCONF=__name__)
def test_opening_another_townships_row_is_recorded(client_for, town01, township2):
    other = UnitFactory(parent=township2)
    assert client_for(town01).get(f"/scoped-unit/{other.pk}/").status_code == 404
    event = AuditEvent.objects.get(kind=Kind.PERMISSION_DENIED)
    assert event.user == town01 and str(other.pk) in event.object_repr


def test_a_deletion_is_recorded_with_who_and_what(client_for, county_staff, township1):
    village = UnitFactory(parent=township1, name="撤并村")
    response = client_for(county_staff).post(f"/admin/orgs/unit/{village.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=Kind.DELETE)
    assert event.user == county_staff and "撤并村" in event.object_repr


def test_the_purge_never_removes_events_younger_than_180_days(db):
    now = timezone.now()
    ages = (10, 179, 181, 400)
    for days in ages:
        AuditEvent.objects.create(kind=Kind.LOGIN, username=f"u{days}", occurred_at=now - datetime.timedelta(days=days))
    with pytest.raises(CommandError):
        call_command("purge_audit", older_than_days=30)
    assert AuditEvent.objects.count() == len(ages)
    call_command("purge_audit", older_than_days=180)
    remaining = set(AuditEvent.objects.exclude(kind=Kind.DELETE).values_list("username", flat=True))
    assert remaining == {"u10", "u179"}
    assert AuditEvent.objects.filter(kind=Kind.DELETE, detail__contains="2").exists()  # the purge itself is logged


def test_a_workflow_step_is_recorded(client_for, town01, township1):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(unit=UnitFactory(parent=township1))
    response = client_for(town01).post(f"/demo-sites/applications/{application.pk}/submit/", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=Kind.TRANSITION)
    assert (event.user, event.ip_address) == (town01, "10.0.0.9")
    assert str(application) in event.object_repr


def test_designation_decisions_are_recorded_by_the_service_with_the_acting_user(county_staff, township1):
    import datetime

    from demo_sites import services
    from demo_sites.models import Category, Level

    unit = UnitFactory(parent=township1, name="桃源社区")
    designation = services.designation_record(
        unit=unit,
        category=Category.WOMENS_HOME,
        level=Level.CITY,
        year=2026,
        designated_on=datetime.date(2026, 3, 1),
        by=county_staff,
    )
    services.designation_revoke(
        designation=designation, by=county_staff, revoked_on=datetime.date(2026, 6, 1), reason="复核不合格"
    )

    events = list(AuditEvent.objects.filter(kind=Kind.TRANSITION).order_by("pk"))
    assert len(events) == 2
    assert all(e.user == county_staff and "桃源社区" in e.object_repr for e in events)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_logged_address_is_the_one_the_proxy_saw(client, town01):
    client.post(
        "/accounts/login/",
        {"username": "town01", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )
    event = AuditEvent.objects.get(kind=Kind.LOGIN_FAILED)
    # The leftmost entry is whatever the client claimed; the proxy appended the real address.
    assert event.ip_address == "203.0.113.7"
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="town01").ip_address == "203.0.113.7"
