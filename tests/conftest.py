"""The fixed cast every test can use: two townships, and a user of each role."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction

from orgs import roles
from orgs.models import Duty
from orgs.reference_data import replay_data_migrations
from tests.factories import CountyFactory, TownshipFactory, make_user


def _restore_reference_data() -> None:
    with transaction.atomic():
        if not Duty.objects.exists():  # emptied by a flush: the data migrations' rows are gone
            replay_data_migrations()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With --reuse-db, the last run's transactional tests may have flushed the reference rows."""
    with django_db_blocker.unblock():
        _restore_reference_data()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request, django_db_blocker):
    """A transactional test (live server, threads) ends with a flush that removes the rows the data
    migrations made (duties, rubrics, audiences); later tests expect a freshly migrated database. The flush
    leaves the cache table alone, so its report figures go too. Checked before each database test as
    well: with pytest-xdist a worker may run a flushing test's module before any other."""
    if {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames) or request.node.get_closest_marker(
        "django_db"
    ):
        with django_db_blocker.unblock():
            _restore_reference_data()
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
        or (marker is not None and marker.kwargs.get("transaction"))
    )
    if transactional:
        with django_db_blocker.unblock():
            _restore_reference_data()
            cache.clear()


@pytest.fixture
def county(db):
    return CountyFactory()


@pytest.fixture
def township1(county):
    return TownshipFactory(name="萧江镇", parent=county)


@pytest.fixture
def township2(county):
    return TownshipFactory(name="水头镇", parent=county)


@pytest.fixture
def admin_user(db):
    user = make_user("admin", roles.ADMIN)
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def county_staff(db):
    return make_user("county", roles.COUNTY_STAFF)


@pytest.fixture
def leader(db):
    return make_user("leader", roles.LEADER)


@pytest.fixture
def town01(township1):
    return make_user("town01", roles.TOWNSHIP_STAFF, township1)


@pytest.fixture
def town02(township2):
    return make_user("town02", roles.TOWNSHIP_STAFF, township2)


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
