"""Admin changelists cost the same number of queries with 10 rows as with 200."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import Duty
from tests.factories import (
    CadreFactory,
    PostFactory,
    TermElectionFactory,
    UnitFactory,
    WomenOrganisationFactory,
    make_user,
)

CHANGELISTS = ["unit", "womenorganisation", "cadre", "post", "termelection", "duty"]


def _add_rows(township, count: int) -> None:
    duties = list(Duty.objects.all()[:2])
    for _ in range(count):
        unit = UnitFactory(parent=township)
        org = WomenOrganisationFactory(unit=unit)
        cadre = CadreFactory(unit=unit)
        post = PostFactory(organisation=org, cadre=cadre)
        post.concurrent_duties.set(duties)
        PostFactory(organisation=org, cadre=cadre, position="executive")
        TermElectionFactory(organisation=org)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["admin_user", "town01"])
def test_orgs_changelists_do_not_grow_with_rows(request, client, township1, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    urls = [reverse(f"admin:orgs_{name}_changelist") for name in CHANGELISTS]
    _add_rows(township1, 10)
    for url in urls:
        client.get(url)  # warm per-process caches (content types, permissions)
    few = {url: _queries(client, url) for url in urls}

    _add_rows(township1, 190)
    many = {url: _queries(client, url) for url in urls}

    assert many == few


def test_user_changelist_does_not_grow_with_users(admin_user, client, township1):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_changelist")
    for n in range(10):
        make_user(f"user{n}", "乡镇妇联填报员", township1)
    client.get(url)
    few = _queries(client, url)

    for n in range(10, 200):
        make_user(f"user{n}", "乡镇妇联填报员", township1)

    assert _queries(client, url) == few
    assert User.objects.count() > 200
