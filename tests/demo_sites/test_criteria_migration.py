"""The rubric's data migration stands on its own: it replays the same years later, whatever the app's
code has become by then."""

from __future__ import annotations

import ast
import inspect
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from demo_sites.models import CriteriaSet

MIGRATION = import_module("demo_sites.migrations.0002_seed_criteria")


def test_criteria_migration_imports_no_code_of_the_project():
    tree = ast.parse(inspect.getsource(MIGRATION))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names} | {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }

    assert modules, "the migration imports something (at least django.db)"
    assert all(name.split(".")[0] in {"django", "decimal", "datetime"} for name in modules), modules


def test_criteria_migration_seeds_the_five_goods_and_five_haves_for_every_category(db):
    CriteriaSet.objects.filter(applications__isnull=True).delete()
    MIGRATION.seed(apps, None)
    MIGRATION.seed(apps, None)  # replayed (load_demo --reset): nothing doubles

    year = timezone.localdate().year
    sets = CriteriaSet.objects.filter(year__in=[year - 1, year])
    assert sorted(sets.values_list("category", flat=True)) == sorted(
        ["womens_home", "new_organisation", "organ_committee"] * 2
    )
    for criteria_set in sets:
        criteria = list(criteria_set.criteria.order_by("order"))
        assert [c.name for c in criteria] == [
            "班子建设好",
            "宣传教育好",
            "发挥作用好",
            "维权工作好",
            "制度落实好",
            "班子有活力",
            "运作有机制",
            "服务有队伍",
            "活动有阵地",
            "工作有成效",
        ]
        assert sum(c.max_score for c in criteria) == 100 and all(c.description for c in criteria)
        assert criteria_set.pass_rule_text == "总分不低于 80 分，且每项不低于 6 分"


def test_a_new_year_copies_the_set_county_staff_edited_in_the_database(db):
    from demo_sites import services

    year = timezone.localdate().year
    MIGRATION.seed(apps, None)
    edited = CriteriaSet.objects.get(category="womens_home", year=year)
    edited.pass_total = 85
    edited.save()
    edited.criteria.filter(code="WY5").update(name="工作有特色", max_score=15)

    copy = services.criteria_set_for(category="womens_home", year=year + 1)

    assert copy.pass_total == 85
    assert copy.criteria.get(code="WY5").name == "工作有特色"
    assert sum(c.max_score for c in copy.criteria.all()) == 105
