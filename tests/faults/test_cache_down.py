"""REDIS_URL set but Redis down: every page still answers, the figures are computed instead of read from the
cache, sign-in and sessions work, and the log says why (issue 16, "Faults")."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from operations import outages
from tests.factories import UnitFactory, WomenOrganisationFactory
from tests.security.urlwalk import parameterless_get_urls

WARNING = "Redis cache unavailable"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_cache(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "operations.outages.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "fulian-faults-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }


@pytest.fixture
def fresh_breaker(monkeypatch):
    monkeypatch.setattr(outages.ResilientRedisCache, "_down_until", 0.0)


@pytest.fixture
def redis_down(settings, fresh_breaker):
    """REDIS_URL pointing at a port where nothing listens (Redis stopped, or crashed)."""
    settings.CACHES = _redis_cache(_free_port())


@pytest.fixture
def two_townships(township1, township2):
    for township, villages in ((township1, 3), (township2, 5)):
        WomenOrganisationFactory(unit=township, name=f"{township.name}妇联")
        for _ in range(villages):
            WomenOrganisationFactory(unit=UnitFactory(parent=township))
        UnitFactory(parent=township)  # a village without a women's organisation
    return township1, township2


def test_every_page_answers_with_redis_down_and_the_log_says_why(
    redis_down, client_for, county_staff, two_townships, caplog
):
    client = client_for(county_staff)
    with caplog.at_level(logging.WARNING, logger="operations.outages"):
        statuses = {url: client.get(url).status_code for url in parameterless_get_urls()}

    failed = {url: status for url, status in statuses.items() if status >= 500}
    assert failed == {}
    assert statuses["/reports/dashboard/"] == 200 and statuses["/"] == 200
    warnings = [r for r in caplog.records if WARNING in r.getMessage()]
    assert len(warnings) == 1, "one warning per outage, not one per cache call"
    assert "ConnectionError" in warnings[0].getMessage() and "computed on each request" in warnings[0].getMessage()


def test_the_figures_are_computed_not_cached_while_redis_is_down(redis_down, client_for, county_staff, two_townships):
    client = client_for(county_staff)
    assert "80.0%" in client.get("/reports/dashboard/").content.decode()  # 8 of 10 villages have an organisation

    WomenOrganisationFactory(unit=UnitFactory(parent=two_townships[0]))  # 9 of 11

    assert "81.8%" in client.get("/reports/dashboard/").content.decode()


def test_signing_in_works_with_redis_down(redis_down, client, town01):
    response = client.post("/accounts/login/", {"username": "town01", "password": "Test-pass-2026"}, follow=True)

    assert response.status_code == 200
    assert response.context["user"].username == "town01"
    assert client.get("/demo-sites/").status_code == 200  # the session holds: it lives in the database


def test_redis_is_not_asked_again_on_every_call_while_it_is_down(redis_down, monkeypatch):
    tries = []
    original = outages.RedisCache.get

    def counted(self, *args, **kwargs):
        tries.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(outages.RedisCache, "get", counted)

    assert [cache.get(f"key{n}", "miss") for n in range(5)] == ["miss"] * 5
    cache.set("key", "value")
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")
    assert len(tries) == 1

    monkeypatch.setattr(outages.ResilientRedisCache, "_down_until", 0.0)  # RETRY_AFTER seconds later
    cache.get("key")
    assert len(tries) == 2


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server program to start a real Redis")
def test_a_real_redis_that_stops_and_comes_back(settings, fresh_breaker, monkeypatch, caplog, tmp_path):
    port = _free_port()
    command = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp_path),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        settings.CACHES = _redis_cache(port)
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        cache.set("figures", 42)
        assert cache.get("figures") == 42

        server.terminate()
        server.wait(timeout=10)
        with caplog.at_level(logging.WARNING, logger="operations.outages"):
            assert cache.get("figures", "miss") == "miss"
        assert WARNING in caplog.text

        server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        time.sleep(0.5)
        monkeypatch.setattr(outages.ResilientRedisCache, "_down_until", 0.0)  # RETRY_AFTER seconds later
        cache.set("figures", 43)
        assert cache.get("figures") == 43
    finally:
        server.terminate()
        server.wait(timeout=10)
