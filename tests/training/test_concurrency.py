"""Two people recording the same participant at once: the event row lock lets exactly one through."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.factories import EventFactory
from training import services
from training.models import Attendance

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="select_for_update needs PostgreSQL"),
]


def test_same_cadre_recorded_twice_at_once_is_saved_once(township1, town01, chair1):
    event = EventFactory(organiser=township1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def record() -> None:
        try:
            barrier.wait()
            from django.db import transaction

            with transaction.atomic():
                services.attendance_record(event=event, cadre=chair1, by=town01)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "saved"]
    assert Attendance.objects.filter(event=event, cadre=chair1).count() == 1
