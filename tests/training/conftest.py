"""Shared pieces of the training tests: a village in each township with its chair."""

from __future__ import annotations

import pytest

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
