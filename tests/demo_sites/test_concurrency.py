"""Two county staff deciding the same application at once end with exactly one decision (PostgreSQL only:
SQLite has no row locks and serialises writers anyway)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from demo_sites import services
from demo_sites.models import Acceptance, Designation, StatusChange
from tests.demo_sites.helpers import service_scores
from tests.factories import ApplicationFactory, UnitFactory, make_user

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="行锁只在 PostgreSQL 上有意义"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_simultaneous_decisions_leave_one_decision_and_one_status_change(township1):
    from orgs import roles

    deciders = [make_user("county_a", roles.COUNTY_STAFF), make_user("county_b", roles.COUNTY_STAFF)]
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")
    scores = service_scores(application)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, decision: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.acceptance_decide(
                application=application,
                by=user,
                inspected_on=timezone.localdate(),
                inspectors=user.username,
                by_site_visit=True,
                scores=scores,
                decision=decision,
                rectifications="补齐台账",
                designated_on=timezone.localdate(),
            )
            outcomes.append("decided")
        except services.WorkflowError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(deciders[0], "accepted")),
        threading.Thread(target=decide, args=(deciders[1], "rectify")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[0] == "decided" and len(outcomes) == 2
    assert "该申报当前状态为" in sorted(outcomes)[1]
    assert Acceptance.objects.filter(application=application).count() == 1
    decided = StatusChange.objects.filter(application=application, from_status="submitted")
    assert decided.count() == 1
    application.refresh_from_db()
    assert application.status == decided.get().to_status
    assert Designation.objects.filter(application=application).count() == (1 if application.status == "accepted" else 0)
