"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from tests.security.walk_world import loaded_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The URL walks' world: loaded once per walk module, so the read and write walks can run on two workers."""
    yield from loaded_world(django_db_blocker)
