# A migration of its own: its function needs the model with ``hours_individual`` (0003), also when
# orgs.reference_data replays data migrations with the state before each migration's operations.
from django.db import migrations
from django.db.models import F


def keep_individual_hours(apps, schema_editor):
    """Hours credited before this migration were copied from the event when attendance was recorded.
    Rows that were credited something else had it set individually and keep it; every other row now
    follows the event (so an event saved with 0 hours and corrected later credits its attendees).
    Idempotent."""
    Attendance = apps.get_model("training", "Attendance")
    (
        Attendance.objects.filter(status="attended", hours_individual__isnull=True)
        .exclude(hours_credited=F("event__hours"))
        .update(hours_individual=F("hours_credited"))
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0003_attendance_hours_follow_event")]

    operations = [migrations.RunPython(keep_individual_hours, migrations.RunPython.noop)]
