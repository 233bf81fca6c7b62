"""复制上年: last year's list with its items becomes this year's draft, deadlines moved a year."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from appraisal.models import Assessment, TaskList
from appraisal.services import WorkflowError, task_list_copy
from tests.appraisal.conftest import make_item, make_list


@pytest.fixture
def last_year(township_category, year):
    source = make_list(township_category, year - 1, title=f"{year - 1}年镇街道妇女工作任务")
    make_item(source, 1, name="维权服务", deadline=datetime.date(year - 1, 11, 30))
    make_item(
        source,
        2,
        name="组建率",
        evidence_required="",
        scoring="automatic",
        rule="villages_rate",
        target=Decimal("95"),
        deadline=datetime.date(year - 1, 6, 30),
    )
    return source


def test_copy_makes_a_draft_of_next_year_with_the_same_items(last_year, year, county_staff):
    copy = task_list_copy(source=last_year, by=county_staff)
    assert (copy.year, copy.status, copy.title) == (year, TaskList.Status.DRAFT, f"{year}年镇街道妇女工作任务")
    assert copy.copied_from == last_year
    items = list(copy.items.order_by("order"))
    assert [(i.name, i.points, i.scoring, i.rule, i.target) for i in items] == [
        ("维权服务", Decimal(5), "manual", "", None),
        ("组建率", Decimal(5), "automatic", "villages_rate", Decimal(95)),
    ]
    assert [i.deadline for i in items] == [datetime.date(year, 11, 30), datetime.date(year, 6, 30)]
    assert not Assessment.objects.filter(item__task_list=copy).exists()  # a draft opens nothing yet
    assert last_year.items.count() == 2 and copy.history.count() == 1 and items[0].history.count() == 1


def test_copy_twice_is_refused(last_year, county_staff):
    task_list_copy(source=last_year, by=county_staff)
    with pytest.raises(WorkflowError, match="已有工作任务"):
        task_list_copy(source=last_year, by=county_staff)
    assert TaskList.objects.count() == 2


def test_29_february_becomes_28_february(township_category, county_staff):
    source = make_list(township_category, 2024)
    make_item(source, 1, deadline=datetime.date(2024, 2, 29))
    copy = task_list_copy(source=source, by=county_staff)
    assert copy.items.get().deadline == datetime.date(2025, 2, 28)


def test_township_staff_cannot_copy(last_year, town01):
    with pytest.raises(WorkflowError, match="没有新建"):
        task_list_copy(source=last_year, by=town01)
