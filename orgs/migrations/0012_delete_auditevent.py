"""The audit log is the ``audit`` app's now (see audit 0001): forget the model here, keep its table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0011_unit_name_index"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEvent")]),
    ]
