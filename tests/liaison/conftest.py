"""The 联系点 tests' cast: the shared one (two townships, a user per role) with a village in each township."""

from __future__ import annotations

import pytest

from orgs.models import Unit
from tests.factories import UnitFactory


@pytest.fixture
def village1(township1):
    return UnitFactory(parent=township1, name="桃源社区", kind=Unit.Kind.COMMUNITY)


@pytest.fixture
def village2(township2):
    return UnitFactory(parent=township2, name="沿溪村")
