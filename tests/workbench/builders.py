"""Townships with some of everything the workbench counts, at a chosen size."""

from __future__ import annotations

import datetime

from django.utils import timezone

from demo_sites.models import Acceptance, Application
from orgs.models import Cadre, WomenOrganisation
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CadreFactory,
    EventFactory,
    PostFactory,
    UnitFactory,
    WomenOrganisationFactory,
)


def fill_township(township, size: int, *, decided_by) -> None:
    """``size`` of each: organisations overdue, due soon and without a chair; chairs trained and untrained;
    cadres without a phone; drafts and applications returned for 整改 (with two rounds each)."""
    today = timezone.localdate()
    for n in range(size):
        overdue = WomenOrganisationFactory(unit=UnitFactory(parent=township))
        soon = WomenOrganisationFactory(unit=UnitFactory(parent=township))
        WomenOrganisation.objects.filter(pk=overdue.pk).update(next_election_due=today - datetime.timedelta(days=n + 1))
        WomenOrganisation.objects.filter(pk=soon.pk).update(next_election_due=today + datetime.timedelta(days=n + 1))
        PostFactory(organisation=overdue, position=Cadre.Position.CHAIR, cadre__phone="13800000000")
        trained = PostFactory(organisation=soon, position=Cadre.Position.CHAIR).cadre
        AttendanceFactory(cadre=trained, event=EventFactory(starts_on=today.replace(month=1, day=1)))
        PostFactory(organisation=soon, position=Cadre.Position.EXECUTIVE)
        CadreFactory(unit=soon.unit, is_reserve=True)
        WomenOrganisationFactory(unit=UnitFactory(parent=township))  # no chair
        ApplicationFactory(unit=UnitFactory(parent=township))  # a draft
        returned = ApplicationFactory(unit=UnitFactory(parent=township), status=Application.Status.RECTIFYING)
        for round_number in (1, 2):
            Acceptance.objects.create(
                application=returned,
                round_number=round_number,
                inspected_on=today,
                inspectors="王秀英",
                by_site_visit=True,
                decision="rectify",
                rectifications=f"第{round_number}轮：补齐台账\n落实阵地",
                reasons="总分不足。",
                decided_by=decided_by,
            )
