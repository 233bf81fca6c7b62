"""Shared pieces of the training tests: a village in each township with its chair."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from tests.factories import PostFactory, UnitFactory, WomenOrganisationFactory


@pytest.fixture
def chair1(township1):
    """The chair of a village women's federation in 萧江镇."""
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township1, name="桃源村"))
    return PostFactory(organisation=organisation, cadre__name="王秀英", cadre__phone="13800000001").cadre


@pytest.fixture
def chair2(township2):
    """The chair of a village women's federation in 水头镇."""
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township2, name="沿溪村"))
    return PostFactory(organisation=organisation, cadre__name="李桂芳", cadre__phone="13800000002").cadre


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With --reuse-db on PostgreSQL, the transactional tests of an earlier run flushed the audiences the
    data migration seeded; replay that migration (it is idempotent) so every run starts as freshly migrated."""
    with django_db_blocker.unblock():
        import_module("training.migrations.0002_audiences").seed(apps, None)
