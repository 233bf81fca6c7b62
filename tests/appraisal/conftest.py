"""The cast of the 考核 tests: this year's published township list with a manual item asking for evidence
and an automatic one (村级妇女组织组建率 ≥ 95%), and an organ list."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from appraisal.models import Assessment, Category, TaskItem, TaskList
from appraisal.services import assessments_ensure

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def pdf(name: str = "活动照片.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def year() -> int:
    return timezone.localdate().year


@pytest.fixture
def township_category(db) -> Category:
    return Category.objects.get(code="township")


@pytest.fixture
def organ_category(db) -> Category:
    return Category.objects.get(code="organ")


def make_list(category, year, *, status=TaskList.Status.PUBLISHED, title=None) -> TaskList:
    return TaskList.objects.create(
        year=year,
        category=category,
        title=title or f"{year}年{category.name}妇女工作任务",
        status=status,
        published_at=timezone.now() if status == TaskList.Status.PUBLISHED else None,
    )


def make_item(task_list, order=1, **fields) -> TaskItem:
    values = {
        "heading": "维权服务",
        "name": f"任务{order}",
        "content": "设立妇女维权岗，及时受理妇女儿童来信来访。",
        "points": Decimal("5"),
        "done_criteria": "来访登记规范。",
        "evidence_required": "来访登记表",
        "deadline": datetime.date(task_list.year, 11, 30),
    }
    values.update(fields)
    return TaskItem.objects.create(task_list=task_list, order=order, **values)


@pytest.fixture
def township_list(township_category, year, township1, township2) -> TaskList:
    task_list = make_list(township_category, year)
    make_item(task_list, 1, name="妇女儿童维权服务")
    make_item(
        task_list,
        2,
        heading="组织建设",
        name="村级妇女组织组建率",
        evidence_required="",
        scoring=TaskItem.Scoring.AUTOMATIC,
        rule="villages_rate",
        target=Decimal("95"),
    )
    assessments_ensure(task_list=task_list)
    return task_list


@pytest.fixture
def manual_item(township_list) -> TaskItem:
    return township_list.items.get(order=1)


@pytest.fixture
def auto_item(township_list) -> TaskItem:
    return township_list.items.get(order=2)


@pytest.fixture
def mine(manual_item, township1) -> Assessment:
    """town01's manual item (萧江镇, 待报送)."""
    return Assessment.objects.get(item=manual_item, unit=township1)


@pytest.fixture
def theirs(manual_item, township2) -> Assessment:
    return Assessment.objects.get(item=manual_item, unit=township2)
