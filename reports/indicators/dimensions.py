"""The breakdowns of indicators (示范点类别, 培训形式, 月份, 年龄段, 学历 …): their values and labels, in
display order. A broken-down indicator's figures are stored per value as ``"code:value"``."""

from __future__ import annotations

from demo_sites.models import Category, Level
from orgs.models import Cadre, Unit
from orgs.models.funds import Programme
from training.models import Event

AGE_BANDS = (
    ("35_and_under", "35岁及以下"),
    ("36_45", "36～45岁"),
    ("46_55", "46～55岁"),
    ("56_and_over", "56岁及以上"),
)
MONTHS = tuple((str(m), f"{m}月") for m in range(1, 13))
QUARTERS = (("1", "第一季度"), ("2", "第二季度"), ("3", "第三季度"), ("4", "第四季度"))

# The breakdowns' values and labels, in display order. Audiences are reference data: their values are the
# audiences' ids, labelled from the table (see ``dimension_values``).
DIMENSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "category": tuple(Category.choices),
    "level": tuple(Level.choices),
    "category_level": tuple(
        (f"{c.value}.{lv.value}", f"{lv.label}{c.label}")
        for c in Category
        for lv in (Level.PROVINCE, Level.CITY, Level.COUNTY)
    ),
    "training_kind": tuple(Event.Kind.choices),
    "activity_kind": tuple(Event.ActivityKind.choices),
    "month": MONTHS,
    "quarter": QUARTERS,
    "age_band": AGE_BANDS,
    "education": tuple(Cadre.Education.choices) + (("unknown", "未填"),),
    "unit_kind": tuple((k.value, k.label) for k in Unit.Kind if k != Unit.Kind.COUNTY),
    "funds_programme": tuple(Programme.choices),
    "application_status": (),  # filled below (import order: demo_sites.models.Application)
    "audience": (),
    "duty": (),
}


def dimension_values(name: str) -> tuple[tuple[str, str], ...]:
    """(value, label) pairs of a breakdown, in display order. Audiences, duties and application states are
    read when asked for (audiences and duties are reference data that county staff keep)."""
    if name == "duty":
        from orgs.models import Duty

        return tuple((str(pk), label) for pk, label in Duty.objects.order_by("pk").values_list("pk", "name"))
    if name == "audience":
        from training.models import Audience

        return tuple(
            (str(pk), label) for pk, label in Audience.objects.order_by("sort_order", "pk").values_list("pk", "name")
        )
    if name == "application_status":
        from demo_sites.models import Application

        return tuple(Application.Status.choices)
    return DIMENSIONS[name]
