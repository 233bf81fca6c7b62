"""示范点: applications against a criteria set, the county's acceptance rounds, designations (挂牌),
reviews (复核), revocations (摘牌) and subsidies.

Criteria are data (``CriteriaSet`` / ``Criterion``), so a new year's rubric is an admin entry, not a
code change. The workflow's allowed moves live in ``services.TRANSITIONS``; every move leaves a
``StatusChange`` row, and every decision on a designation (挂牌, 复核, 摘牌) a ``DesignationChange`` row.
Every township-owned row carries the ``township`` key of its unit (``orgs.ownership``); criteria are
reference data, the same for the whole county.

The models live in three modules along the workflow's seams: ``criteria`` (categories, levels, 评价标准),
``applications`` (申报, 验收 and the status trail) and ``designations`` (挂牌, 复核, 补助). Import them from
here: ``from demo_sites.models import Application``.
"""

from demo_sites.models.applications import (
    Acceptance,
    AcceptanceScore,
    Application,
    ApplicationQuerySet,
    Attachment,
    CriterionScore,
    Decision,
    SelfAssessment,
    StatusChange,
)
from demo_sites.models.criteria import (
    CATEGORY_UNIT_KINDS,
    LEVELS_HIGH_TO_LOW,
    Category,
    CriteriaSet,
    Criterion,
    Level,
    plain,
    year_end,
)
from demo_sites.models.designations import (
    Designation,
    DesignationChange,
    DesignationQuerySet,
    Review,
    ReviewScore,
    Subsidy,
)

__all__ = [
    "CATEGORY_UNIT_KINDS",
    "Acceptance",
    "AcceptanceScore",
    "Application",
    "ApplicationQuerySet",
    "Attachment",
    "Category",
    "CriteriaSet",
    "Criterion",
    "CriterionScore",
    "Decision",
    "Designation",
    "DesignationChange",
    "DesignationQuerySet",
    "LEVELS_HIGH_TO_LOW",
    "Level",
    "Review",
    "ReviewScore",
    "SelfAssessment",
    "StatusChange",
    "Subsidy",
    "plain",
    "year_end",
]
