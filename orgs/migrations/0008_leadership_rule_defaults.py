"""The default 班子配备要求 (会改联): village and community 妇联 one 主席, at least two 兼职副主席 and 15 执委;
township 妇联 at least three 副主席 and 25 执委. Other kinds have no requirement until the county adds one.

Idempotent (orgs.reference_data replays it after a flush): a rule the county already has is left alone.
Each rule created here gets its "+" history row, as a save through the model would.
"""

from django.db import migrations
from django.utils import timezone

DEFAULTS = (
    # unit kind, min_chairs, min_vice_chairs, min_part_time_vice_chairs, min_executives
    ("village", 1, 0, 2, 15),
    ("community", 1, 0, 2, 15),
    ("township", 1, 3, 0, 25),
)
NOTE = "默认要求，各地“会改联”要求不一，请按本地要求调整。"


def create(apps, schema_editor):
    LeadershipRule = apps.get_model("orgs", "LeadershipRule")
    HistoricalLeadershipRule = apps.get_model("orgs", "HistoricalLeadershipRule")
    for unit_kind, chairs, vice_chairs, part_time, executives in DEFAULTS:
        rule, created = LeadershipRule.objects.get_or_create(
            unit_kind=unit_kind, organisation_form="",
            defaults={
                "min_chairs": chairs, "min_vice_chairs": vice_chairs, "min_part_time_vice_chairs": part_time,
                "min_executives": executives, "notes": NOTE,
            },
        )
        if created:
            HistoricalLeadershipRule.objects.create(
                id=rule.pk, unit_kind=rule.unit_kind, organisation_form=rule.organisation_form,
                min_chairs=rule.min_chairs, min_vice_chairs=rule.min_vice_chairs,
                min_part_time_vice_chairs=rule.min_part_time_vice_chairs,
                min_standing_members=rule.min_standing_members, min_executives=rule.min_executives,
                is_active=rule.is_active, notes=rule.notes,
                history_date=timezone.now(), history_type="+", history_change_reason="默认要求",
            )


def remove(apps, schema_editor):
    apps.get_model("orgs", "LeadershipRule").objects.filter(
        unit_kind__in=[kind for kind, *_ in DEFAULTS], organisation_form=""
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0007_leadership_rules_and_standing_members")]
    operations = [migrations.RunPython(create, remove)]
