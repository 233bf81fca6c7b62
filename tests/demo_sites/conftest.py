"""Shared pieces of the 示范点 tests."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With --reuse-db on PostgreSQL, the transactional tests of an earlier run flushed the rubric the data
    migration seeded; replay that migration (it is idempotent) so every run starts as freshly migrated."""
    with django_db_blocker.unblock():
        import_module("demo_sites.migrations.0002_seed_criteria").seed(apps, None)
