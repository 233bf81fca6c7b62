"""The audit log's move from ``orgs`` to its own app keeps every event and the county's permission to read them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("orgs", "0011_unit_name_index"), ("audit", None)]


def _state_after(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


@pytest.mark.django_db(transaction=True)
def test_events_and_the_view_permission_survive_the_move():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _state_after(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    OldEvent = old.get_model("orgs", "AuditEvent")
    OldEvent.objects.create(kind="login", username="town01")
    content_type, _ = ContentType.objects.get_or_create(app_label="orgs", model="auditevent")
    Permission.objects.get_or_create(content_type=content_type, codename="view_auditevent", defaults={"name": "x"})

    new = _state_after(latest)
    Event = new.get_model("audit", "AuditEvent")
    assert list(Event.objects.values_list("username", flat=True)) == ["town01"]
    assert Event._meta.db_table == "audit_auditevent"
    ContentType = new.get_model("contenttypes", "ContentType")
    assert list(ContentType.objects.filter(model="auditevent").values_list("app_label", flat=True)) == ["audit"]
    Permission = new.get_model("auth", "Permission")
    assert Permission.objects.filter(codename="view_auditevent", content_type__app_label="audit").exists()
