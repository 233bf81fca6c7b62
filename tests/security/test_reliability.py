"""Stale edits, production settings, error pages, hosts and security headers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import path

from editing.stale import FIELD_NAME, STALE_MESSAGE
from orgs.models import Unit
from tests.factories import CadreFactory, UnitFactory, WomenOrganisationFactory
from tests.security.urlwalk import parameterless_get_urls

BASE_DIR = Path(settings.BASE_DIR)


# --- stale edits --------------------------------------------------------------------------------------


def _change_form_data(response) -> dict:
    """What the browser would post back: the admin form's current values plus the hidden fingerprint."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = str(management[name].value())
    data[FIELD_NAME] = response.context["stale_fingerprint"]
    data["_save"] = "保存"
    return data


def test_the_second_of_two_overlapping_edits_is_refused(township1, town01, county_staff):
    village = UnitFactory(parent=township1, name="桃源村")
    first, second = Client(), Client()
    first.force_login(town01)
    second.force_login(county_staff)
    url = f"/admin/orgs/unit/{village.pk}/change/"
    form_of_first = first.get(url)
    form_of_second = second.get(url)
    assert f'name="{FIELD_NAME}"' in form_of_first.content.decode()

    data = _change_form_data(form_of_second)
    data["address"] = "桃源路 1 号"
    assert second.post(url, data).status_code == 302

    data = _change_form_data(form_of_first)
    data["address"] = "桃源路 99 号"
    refused = first.post(url, data)
    assert refused.status_code == 200
    assert STALE_MESSAGE in refused.content.decode()
    assert Unit.objects.get(pk=village.pk).address == "桃源路 1 号"


def test_an_edit_without_interference_saves(township1, county_staff, client_for):
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township1))
    client = client_for(county_staff)
    url = f"/admin/orgs/womenorganisation/{organisation.pk}/change/"
    data = _change_form_data(client.get(url))
    data["notes"] = "已核实"
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.notes == "已核实"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="select_for_update needs PostgreSQL")
def test_two_simultaneous_saves_cannot_both_win(county_staff, admin_user, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))
    url = f"/admin/orgs/cadre/{cadre.pk}/change/"
    clients, payloads = [], []
    for user, phone in ((county_staff, "13900000001"), (admin_user, "13900000002")):
        client = Client()
        client.force_login(user)
        data = _change_form_data(client.get(url))
        data["phone"] = phone
        data.pop("id_number", None)
        clients.append(client)
        payloads.append(data)
    statuses, refusals = [], []
    barrier = threading.Barrier(2)

    def save(client, data):
        try:
            barrier.wait()
            response = client.post(url, data)
            statuses.append(response.status_code)
            if response.status_code == 200:
                refusals.append(STALE_MESSAGE in response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=pair) for pair in zip(clients, payloads, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 302]
    assert refusals == [True]
    cadre.refresh_from_db()
    assert cadre.phone in ("13900000001", "13900000002")


# --- production settings --------------------------------------------------------------------------------

_PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
names = ["DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
         "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "SECURE_CONTENT_TYPE_NOSNIFF",
         "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "SESSION_IDLE_TIMEOUT", "SESSION_ABSOLUTE_MAX_AGE"]
print("SETTINGS=" + json.dumps({name: getattr(settings, name) for name in names}))
"""


@pytest.fixture(scope="module")
def production():
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "fulian.settings.production",
            "SECRET_KEY": "k3Jq9-vXz2_Lm8Rt5Wb1Yp7Nc4Hs6Ud0Ea9Gf3Ki2Ol5Mn8Pq1Rs4Tu7Vw0Xy3Za6",
            "FIELD_ENCRYPTION_KEYS": settings.FIELD_ENCRYPTION_KEYS[0],
            "ID_NUMBER_HASH_KEY": "production-hash-key-for-the-probe",
            "ALLOWED_HOSTS": "fulian.example.gov.cn",
            "FULIAN_VAR_DIR": str(Path(settings.MEDIA_ROOT).parent / "probe-var"),
        }
    )
    completed = subprocess.run(
        [sys.executable, "-c", _PRODUCTION_PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    return completed


def test_production_settings_pass_the_deploy_check(production):
    assert production.returncode == 0, production.stderr[-3000:]


def test_production_cookies_and_transport_are_locked_down(production):
    values = json.loads(production.stdout.split("SETTINGS=", 1)[1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SESSION_IDLE_TIMEOUT"] == 1800
    assert values["SESSION_ABSOLUTE_MAX_AGE"] <= 12 * 3600


# --- error pages and hosts ------------------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("secret internals: SELECT * FROM orgs_cadre")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_shows_a_chinese_page_without_traceback():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出现错误" in page
    for leak in ("Traceback", "secret internals", "orgs_cadre", "RuntimeError"):
        assert leak not in page


def test_an_unknown_page_shows_a_chinese_404_without_the_url_list(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page
    assert "URLconf" not in page and "admin/" not in page


def test_an_unknown_host_gets_400(client):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()


def test_a_forbidden_page_is_chinese(client_for, town01):
    response = client_for(town01).get("/admin/auth/user/")
    assert response.status_code == 403
    assert "无权" in response.content.decode()


# --- headers and content security policy ----------------------------------------------------------------


def test_every_page_carries_the_security_headers(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    directives = dict((part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part)
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_responses_carry_hsts(client, db):
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


class _InlineCodeFinder(HTMLParser):
    """Collects what a script-src 'self' policy would block: inline scripts, on* handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "script":
            kind = (attributes.get("type") or "text/javascript").lower()
            self._inline_script = "src" not in attributes and kind in (
                "text/javascript",
                "module",
                "application/javascript",
            )
            src = attributes.get("src") or ""
            if src and not src.startswith("/"):
                self.problems.append(f"<script src={src}> from another origin")

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.problems.append(f"inline <script>{data.strip()[:60]}…")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False


def _csp_problems(html: str) -> list[str]:
    finder = _InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_the_inline_code_finder_catches_what_the_policy_blocks():
    assert len(_csp_problems('<a href="javascript:x()">x</a><script>alert(1)</script><b onclick="y()">')) == 3
    assert _csp_problems('<script src="/static/a.js"></script><script type="application/json">{"a":1}</script>') == []


def test_the_portal_and_admin_pages_satisfy_the_content_security_policy(client_for, admin_user, township1):
    CadreFactory(unit=UnitFactory(parent=township1))
    client = client_for(admin_user)
    problems = {}
    for url in parameterless_get_urls():
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found = _csp_problems(response.content.decode())
        if found:
            problems[url] = sorted(set(found))
    assert problems == {}
    assert re.search(r"script-src 'self'", client.get("/").headers["Content-Security-Policy"])
