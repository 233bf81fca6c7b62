"""Growing past one server: two gunicorn instances on different ports share one PostgreSQL database and
one media store. A user signs in on one and carries on on the other; a file uploaded through one is
downloaded through the other. Nothing that must agree lives in a process."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings

from demo_sites.models import Attachment
from tests.factories import ApplicationFactory, UnitFactory

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "Scaling-pass-2026"

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="多台应用服务器共享同一 PostgreSQL 数据库；SQLite 不适用",
    ),
    pytest.mark.skipif(importlib.util.find_spec("gunicorn") is None, reason="需要 gunicorn"),
    pytest.mark.django_db(transaction=True),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = urllib.parse.quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_server(port: int, media: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.scaling.server_settings",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": str(ROOT),
        "DB_CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fulian.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def _wait_until_up(port: int, timeout: float = 25) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"应用服务器（端口 {port}）未能启动")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar shared across servers, as one browser behind a load balancer would keep it."""

    def __init__(self) -> None:
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.cookies if c.name == name)

    def request(self, port: int, path: str, *, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx arrive here
            return error.code, dict(error.headers), error.read()

    def login(self, port: int, username: str, password: str):
        _, _, page = self.request(port, "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        return self.request(
            port,
            "/accounts/login/",
            data=body.encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}/accounts/login/",
            },
        )

    def upload(self, port: int, path: str, *, field: str, filename: str, content: bytes, fields: dict):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            port,
            path,
            data=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-CSRFToken": self.cookie("csrftoken"),
                "Referer": f"http://127.0.0.1:{port}{path}",
            },
        )


@pytest.fixture
def two_servers(tmp_path):
    media = tmp_path / "shared-media"
    media.mkdir()
    ports = [_free_port(), _free_port()]
    servers = [_start_server(port, media) for port in ports]
    try:
        for port in ports:
            _wait_until_up(port)
        yield ports, media
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=15)


def test_session_and_uploads_carry_over_between_app_servers(two_servers, township1, town01):
    (port_a, port_b), media = two_servers
    town01.set_password(PASSWORD)
    town01.save()
    application = ApplicationFactory(unit=UnitFactory(parent=township1, name="桃源村"))
    browser = Browser()

    status, headers, _ = browser.login(port_a, "town01", PASSWORD)
    assert status == 302, "在服务器 A 登录失败"

    # The session made on A is known to B: the application page opens there without a new login.
    status, _, page = browser.request(port_b, f"/demo-sites/applications/{application.pk}/")
    assert status == 200
    assert "桃源村" in page.decode()

    # Uploaded through B, stored in the shared media store, downloaded through A.
    content = b"\x89PNG\r\n\x1a\n" + os.urandom(2048)
    status, headers, _ = browser.upload(
        port_b,
        f"/demo-sites/applications/{application.pk}/attachments/",
        field="file",
        filename="现场照片.png",
        content=content,
        fields={"description": "现场照片"},
    )
    assert status == 302
    attachment = Attachment.objects.get(application=application)
    assert (media / attachment.file.name).read_bytes() == content

    status, headers, body = browser.request(port_a, f"/demo-sites/attachments/{attachment.pk}/")
    assert status == 200
    assert body == content
    assert "attachment" in headers["Content-Disposition"]

    # Signing out on B ends the session everywhere.
    _, _, page = browser.request(port_b, f"/demo-sites/applications/{application.pk}/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    browser.request(
        port_b,
        "/accounts/logout/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port_b}/"},
    )
    status, headers, _ = browser.request(port_a, f"/demo-sites/applications/{application.pk}/")
    assert status == 302 and "/accounts/login/" in headers["Location"]
