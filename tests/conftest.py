"""The fixed cast every test can use: two townships, and a user of each role."""

from __future__ import annotations

import pytest

from orgs import roles
from tests.factories import CountyFactory, TownshipFactory, make_user


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
