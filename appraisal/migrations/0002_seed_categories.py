"""Seed the two 考核 categories the county assesses by: 乡镇（街道） and 机关事业单位. Idempotent: replayed
after a flush (``orgs.reference_data``); the county adds others in the admin."""

from django.db import migrations

CATEGORIES = [
    ("township", "乡镇（街道）", "township", 1),
    ("organ", "机关事业单位", "organ", 2),
]


def seed(apps, schema_editor):
    Category = apps.get_model("appraisal", "Category")
    for code, name, assessee, order in CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={"name": name, "assessee": assessee, "order": order})


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
