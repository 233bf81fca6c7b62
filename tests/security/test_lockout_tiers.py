"""Login lockout by address and by user name: a forged X-Forwarded-For that changes on every try (gunicorn
reached directly, past the proxy) still locks the account."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from audit.models import AuditEvent

PASSWORD = "Test-pass-2026"  # tests.factories.make_user
LOGIN_URL = "/accounts/login/"


def _try(client, password, forwarded_for):
    """A login as town01 that reaches gunicorn directly: the attacker writes X-Forwarded-For herself."""
    return client.post(
        LOGIN_URL,
        {"username": "town01", "password": password},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def _locked(response) -> bool:
    return response.status_code in (403, 429) and "锁定" in response.content.decode()


@pytest.fixture(autouse=True)
def _behind_one_proxy():
    with override_settings(TRUSTED_PROXY_COUNT=1):
        yield


def test_the_limits_are_five_per_address_and_ten_per_user_name():
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_USERNAME_FAILURE_LIMIT) == (5, 10)


def test_five_failures_from_one_address_lock_the_user_name_there(client, town01):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "wrong-password", "10.0.0.1").status_code == 200
    assert _locked(_try(client, "wrong-password", "10.0.0.1"))
    assert _locked(_try(client, PASSWORD, "10.0.0.1"))
    assert "_auth_user_id" not in client.session


def test_a_forged_address_per_try_still_locks_the_user_name_after_ten_failures(client, town01):
    limit = settings.AXES_USERNAME_FAILURE_LIMIT
    for attempt in range(limit - 1):
        response = _try(client, "wrong-password", f"10.0.{attempt}.1")
        assert response.status_code == 200, attempt
    assert _locked(_try(client, "wrong-password", "10.0.200.1"))
    # Locked for every address now, the right password too, until the cool-off ends.
    assert _locked(_try(client, PASSWORD, "10.0.201.1"))
    assert "_auth_user_id" not in client.session
    lockout = AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKOUT, username="town01").first()
    assert lockout is not None and "合计" in lockout.detail


def test_nine_failures_spread_over_addresses_do_not_lock_the_user_name(client, town01):
    for attempt in range(settings.AXES_USERNAME_FAILURE_LIMIT - 1):
        _try(client, "wrong-password", f"10.1.{attempt}.1")
    response = _try(client, PASSWORD, "10.1.99.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(town01.pk)


def test_another_user_name_is_not_locked_by_her_neighbours_failures(client, town01, town02):
    for attempt in range(settings.AXES_USERNAME_FAILURE_LIMIT):
        _try(client, "wrong-password", f"10.2.{attempt}.1")
    response = client.post(
        LOGIN_URL,
        {"username": "town02", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="10.2.0.1",
    )
    assert response.status_code == 302
