"""Login throttling, password rules, session lifetime and CSRF, tried as an outsider would."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import translation

from accounts.sessions import LAST_SEEN, LOGIN_AT
from audit.models import AuditEvent
from orgs.models import Unit

PASSWORD = "Test-pass-2026"  # tests.factories.make_user


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _login(client, url, username, password):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_repeated_wrong_passwords_lock_the_account_with_a_chinese_message(client, town01, login_url):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, login_url, "town01", "wrong-password")
        assert response.status_code == 200
    locked = _login(client, login_url, "town01", "wrong-password")
    assert locked.status_code in (403, 429)
    page = locked.content.decode()
    assert "锁定" in page
    cooloff_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"{cooloff_minutes}分钟后再试" in page
    # Even the right password is refused while the lock lasts.
    again = _login(client, login_url, "town01", PASSWORD)
    assert again.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    events = AuditEvent.objects.filter(username="town01")
    assert events.filter(kind=AuditEvent.Kind.LOGIN_FAILED).count() >= settings.AXES_FAILURE_LIMIT
    lockout = events.filter(kind=AuditEvent.Kind.LOCKOUT).first()
    assert lockout is not None
    assert lockout.ip_address == "10.1.2.3"
    assert lockout.result == AuditEvent.Result.FAILURE


def test_a_successful_login_is_audited_with_user_and_ip(client, town01):
    response = _login(client, "/accounts/login/", "town01", PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN)
    assert (event.user, event.username, event.ip_address) == (town01, "town01", "10.1.2.3")


@pytest.mark.parametrize(
    "password",
    ["Ab1!xyz", "abcdefghij", "password", "1234567890", "town01town01A1"],
    ids=["too-short", "one-character-class", "common", "all-digits", "like-the-username"],
)
def test_weak_passwords_are_refused_in_chinese(town01, password):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password(password, user=town01)
    assert caught.value.messages
    assert all(_has_chinese(message) for message in caught.value.messages), caught.value.messages


def test_a_strong_password_is_accepted(town01):
    validate_password("Hx7-qpl-Wr2", user=town01)


def test_the_session_key_changes_at_login(client, town01):
    session = client.session
    session["probe"] = "before-login"
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    _login(client, "/accounts/login/", "town01", PASSWORD)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_invalidates_the_session_on_the_server(client, town01):
    _login(client, "/accounts/login/", "town01", PASSWORD)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_idle_session_ends_after_thirty_minutes(client, town01):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    _login(client, "/accounts/login/", "town01", PASSWORD)
    _age_session(client, **{LAST_SEEN: 29 * 60})
    assert client.get("/").status_code == 200
    _age_session(client, **{LAST_SEEN: 31 * 60})
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "未操作" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGOUT, detail__contains="未操作").exists()


@override_settings(SESSION_IDLE_TIMEOUT=5 * 60)
def test_the_idle_timeout_is_configurable(client, town01):
    _login(client, "/accounts/login/", "town01", PASSWORD)
    _age_session(client, **{LAST_SEEN: 6 * 60})
    assert client.get("/").status_code == 302


def test_even_an_active_session_ends_at_the_absolute_maximum_age(client, town01):
    _login(client, "/accounts/login/", "town01", PASSWORD)
    _age_session(client, **{LOGIN_AT: settings.SESSION_ABSOLUTE_MAX_AGE + 60, LAST_SEEN: 10})
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "重新登录" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_post_without_csrf_token_is_refused(town01, county_staff, township1):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "town01", "password": PASSWORD})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    client.force_login(county_staff)
    response = client.post(
        f"/admin/orgs/unit/{township1.pk}/change/",
        {"name": "被篡改", "kind": "township", "parent": township1.parent_id},
    )
    assert response.status_code == 403
    assert Unit.objects.get(pk=township1.pk).name == "萧江镇"
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PERMISSION_DENIED, user=county_staff).exists()


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_session_and_csrf_cookies_carry_secure_httponly_and_samesite(client, town01):
    page = client.get("/accounts/login/", secure=True)
    csrf_cookie = page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["secure"] and csrf_cookie["samesite"] == "Lax"
    response = client.post("/accounts/login/", {"username": "town01", "password": PASSWORD}, secure=True)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
