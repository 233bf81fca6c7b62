"""Two county staff scoring the same reported item at once, one scoring while the other returns it: exactly one
move is recorded (PostgreSQL only: SQLite has no row locks and serialises writers anyway)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from appraisal.models import Assessment, AssessmentChange
from appraisal.services import WorkflowError, assessment_report, assessment_return, assessment_score
from tests.appraisal.conftest import pdf
from tests.factories import make_user

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="行锁只在 PostgreSQL 上有意义"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_score_and_return_at_once_leave_one_move(mine, town01):
    from orgs import roles

    first, second = make_user("county_a", roles.COUNTY_STAFF), make_user("county_b", roles.COUNTY_STAFF)
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(step) -> None:
        try:
            barrier.wait(timeout=10)
            step()
            outcomes.append("done")
        except WorkflowError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(lambda: assessment_score(assessment=mine, by=first, score="5"),)),
        threading.Thread(target=act, args=(lambda: assessment_return(assessment=mine, by=second, comment="请补充。"),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2 and sorted(outcomes)[0] == "done"
    assert "该任务当前状态为" in sorted(outcomes)[1]
    moves = AssessmentChange.objects.filter(assessment=mine, from_status=Assessment.Status.REPORTED)
    assert moves.count() == 1
    mine.refresh_from_db()
    assert mine.status == moves.get().to_status
