"""Addresses and phones for the cast, so that mail and texts have somewhere to go."""

from __future__ import annotations

import pytest
from django.test import Client

from orgs.models import StaffProfile


def reach(user, email: str, phone: str = "") -> None:
    user.email = email
    user.save(update_fields=["email"])
    StaffProfile.objects.filter(user=user).update(phone=phone)


@pytest.fixture
def reachable(town01, town02, county_staff, leader):
    reach(town01, "town01@example.cn", "13800000001")
    reach(town02, "town02@example.cn", "13800000002")
    reach(county_staff, "county@example.cn", "13800000003")
    reach(leader, "leader@example.cn", "13800000004")


@pytest.fixture
def login():
    """login(user) -> a client of its own for that user (several users at once in one test)."""

    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login
