"""Shared pieces of the 执委履职 tests: this year's scheme, and a village in each township with its 执委."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from duties.models import DutyScheme, DutyScoreItem
from orgs.models import Cadre
from tests.factories import PostFactory, UnitFactory, WomenOrganisationFactory

YEAR = timezone.localdate().year
EXECUTIVE = Cadre.Position.EXECUTIVE


@pytest.fixture
def scheme(db):
    """Base 60; 组织活动 +5 per time, 参加会议 +3, 缺席会议 −10."""
    scheme = DutyScheme.objects.create(year=YEAR, base_points=60)
    DutyScoreItem.objects.create(scheme=scheme, name="组织开展妇女活动", kind="add", points=5, sort_order=1)
    DutyScoreItem.objects.create(scheme=scheme, name="参加妇联会议", kind="add", points=3, sort_order=2)
    DutyScoreItem.objects.create(scheme=scheme, name="无故缺席妇联会议", kind="subtract", points=10, sort_order=3)
    return scheme


def item(scheme, name_start: str) -> DutyScoreItem:
    return next(i for i in scheme.items.all() if i.name.startswith(name_start))


def make_executives(township, count: int, village: str = "桃源村", started_on=None) -> list[Cadre]:
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township, name=village))
    return [
        PostFactory(
            organisation=organisation,
            position=EXECUTIVE,
            started_on=started_on or datetime.date(YEAR - 2, 3, 1),
            cadre__name=f"{village}执委{n}",
        ).cadre
        for n in range(count)
    ]


@pytest.fixture
def executive1(township1):
    """A 执委 of 桃源村, 萧江镇."""
    return make_executives(township1, 1, "桃源村")[0]


@pytest.fixture
def executive2(township2):
    """A 执委 of 沿溪村, 水头镇."""
    return make_executives(township2, 1, "沿溪村")[0]
