"""Reports read from a replica when one is configured; everything else stays on the primary."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from demo_sites.models import Application
from fulian.db_routers import ReportsOnReplicaMiddleware, ReportsReplicaRouter, replica_reads
from orgs.models import Cadre

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def router():
    return ReportsReplicaRouter()


def test_report_reads_of_federation_data_go_to_the_replica(router, settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    with replica_reads():
        assert router.db_for_read(Cadre) == "replica"
        assert router.db_for_read(Application) == "replica"
        # A login must not depend on replication lag.
        assert router.db_for_read(User) is None
        assert router.db_for_read(Session) is None
    assert router.db_for_read(Cadre) is None


def test_without_a_replica_everything_reads_from_the_primary(router):
    with replica_reads():
        assert router.db_for_read(Cadre) is None


def test_writes_and_migrations_only_touch_the_primary(router):
    with replica_reads():
        assert router.db_for_write(Cadre) == "default"
    assert router.allow_migrate("default", "orgs")
    assert not router.allow_migrate("replica", "orgs")


@pytest.mark.parametrize(("path", "expected"), [("/reports/dashboard/", "replica"), ("/admin/orgs/cadre/", None)])
def test_only_report_pages_read_from_the_replica(path, expected, settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    seen = {}

    def view(request):
        seen["db"] = ReportsReplicaRouter().db_for_read(Cadre)
        return HttpResponse()

    ReportsOnReplicaMiddleware(view)(RequestFactory().get(path))
    assert seen["db"] == expected
