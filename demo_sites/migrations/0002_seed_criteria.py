"""Seed the 五好 + 五有 rubric (10 criteria × 10 points; pass: total ≥ 80 and no criterion below 6) for
every category, for the year the database is created and the year before. Later years are copied
from the latest set when first needed (services.criteria_set_for); county staff edit or add sets in
the admin (e.g. 六有 or star ratings) without a code change."""

import datetime

from django.db import migrations

from demo_sites.criteria import DEFAULT_NAME, seed_defaults


def seed(apps, schema_editor):
    this_year = datetime.date.today().year
    seed_defaults(apps.get_model("demo_sites", "CriteriaSet"), apps.get_model("demo_sites", "Criterion"),
                  [this_year - 1, this_year])


def unseed(apps, schema_editor):
    CriteriaSet = apps.get_model("demo_sites", "CriteriaSet")
    CriteriaSet.objects.filter(applications__isnull=True, name=DEFAULT_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("demo_sites", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
