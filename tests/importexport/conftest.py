from __future__ import annotations

import pytest

from orgs.models import Unit
from tests.factories import UnitFactory, WomenOrganisationFactory


@pytest.fixture
def villages(township1, township2):
    """Two villages in 萧江镇 and one in 水头镇, each with its women's federation."""
    result = {
        "桃源村": UnitFactory(name="桃源村", parent=township1),
        "沿河村": UnitFactory(name="沿河村", parent=township1),
        "山前村": UnitFactory(name="山前村", parent=township2),
    }
    for unit in result.values():
        WomenOrganisationFactory(unit=unit)
    return result


@pytest.fixture
def community(township1):
    return UnitFactory(name="桃源社区", parent=township1, kind=Unit.Kind.COMMUNITY)
