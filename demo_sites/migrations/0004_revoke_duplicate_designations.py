"""Repair the rows that break 0005's rule, a unit holds a category and level at most once at a time
(issue 13: a site counted twice), before the constraint is added.

Of a unit's unrevoked designations of one category and level the earliest is kept, and every later one is
revoked as of its own 挂牌 date (so it never counted as in force), with the reason, a history row and,
where the original decision's user is known, a 摘牌 decision row. Self-contained: it imports nothing from
the project.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Count
from django.utils import timezone

CHANGE_REASON = "重复命名，自挂牌日起摘牌"


def revoke_later_duplicates(apps, schema_editor):
    Designation = apps.get_model("demo_sites", "Designation")
    HistoricalDesignation = apps.get_model("demo_sites", "HistoricalDesignation")
    DesignationChange = apps.get_model("demo_sites", "DesignationChange")
    HistoricalDesignationChange = apps.get_model("demo_sites", "HistoricalDesignationChange")
    unrevoked = Designation.objects.filter(revoked_on__isnull=True)
    keys = (
        unrevoked.order_by().values("unit_id", "category", "level").annotate(n=Count("pk")).filter(n__gt=1)
    )
    now = timezone.now()
    for key in keys:
        rows = list(
            unrevoked.filter(unit_id=key["unit_id"], category=key["category"], level=key["level"])
            .order_by("designated_on", "pk")
        )
        kept = rows[0]
        for duplicate in rows[1:]:
            first_decision = DesignationChange.objects.filter(designation_id=duplicate.pk).order_by("at", "pk").first()
            by_id = first_decision.by_id if first_decision is not None else None
            duplicate.revoked_on = duplicate.designated_on
            duplicate.revoke_reason = (
                f"与{kept.year}年命名的同级示范点重复（同一单位同类别、同级别只能有一个在挂牌），数据修正时自挂牌日起摘牌。"
            )
            duplicate.revoked_by_id = by_id
            duplicate.save(update_fields=["revoked_on", "revoke_reason", "revoked_by"])
            HistoricalDesignation.objects.create(
                **_values(duplicate), history_date=now, history_type="~", history_user_id=by_id,
                history_change_reason=CHANGE_REASON,
            )
            if by_id is None:
                continue  # a decision row needs its user; the history row above keeps the change
            change = DesignationChange.objects.create(
                designation_id=duplicate.pk, township_id=duplicate.township_id, action="revoke",
                from_state="in_force", to_state="revoked", by_id=by_id, at=now,
                comment=f"{duplicate.revoked_on:%Y年%m月%d日}起摘牌：{duplicate.revoke_reason}",
            )
            HistoricalDesignationChange.objects.create(
                **_values(change), history_date=now, history_type="+", history_user_id=by_id,
                history_change_reason=CHANGE_REASON,
            )


def _values(row) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


class Migration(migrations.Migration):
    # Its own migration: PostgreSQL builds no index on a table with row checks still pending in the
    # same transaction.

    dependencies = [
        ('demo_sites', '0003_designation_change'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(revoke_later_duplicates, migrations.RunPython.noop),
    ]
