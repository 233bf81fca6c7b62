"""Pages cost the same number of queries whatever the number of applications, criteria or rounds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo_sites.models import Acceptance, AcceptanceScore, Attachment, StatusChange, Subsidy
from tests.demo_sites.helpers import PNG_BYTES
from tests.factories import ApplicationFactory, CriteriaSetFactory, DesignationFactory, UnitFactory


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _applications(township, count: int, status: str = "submitted"):
    return [ApplicationFactory(unit=UnitFactory(parent=township), status=status) for _ in range(count)]


def _rounds(application, user, count: int) -> None:
    criteria = list(application.criteria_set.criteria.all())
    for number in range(1, count + 1):
        acceptance = Acceptance.objects.create(
            application=application,
            round_number=number,
            inspected_on=timezone.localdate(),
            inspectors="王秀英",
            by_site_visit=True,
            total_score=Decimal(70),
            decision="rectify",
            rectifications="补齐台账",
            decided_by=user,
        )
        AcceptanceScore.objects.bulk_create(
            [
                AcceptanceScore(
                    township_id=application.township_id, acceptance=acceptance, criterion=c, score=7, comment="一般"
                )
                for c in criteria
            ]
        )
        StatusChange.objects.create(application=application, from_status="submitted", to_status="rectifying", by=user)


def _attachments(application, user, count: int) -> None:
    from django.core.files.base import ContentFile

    for n in range(count):
        Attachment.objects.create(
            application=application,
            file=ContentFile(PNG_BYTES, name=f"{n}.png"),
            original_name=f"照片{n}.png",
            size=len(PNG_BYTES),
            uploaded_by=user,
        )


@pytest.mark.parametrize("user_name", ["county_staff", "town01"])
def test_queue_queries_do_not_grow_with_applications(request, township1, client_for, user_name):
    user = request.getfixturevalue(user_name)
    client = client_for(user)
    _applications(township1, 2)
    few = _queries(client, "/demo-sites/?status=submitted")
    _applications(township1, 30)
    _rounds(_applications(township1, 1)[0], user, 2)
    assert _queries(client, "/demo-sites/?status=submitted") == few
    # Township staff have no 乡镇 filter (they only have their own), so the parameter is not read.
    township_filter = f"&township={township1.pk}" if user_name == "county_staff" else ""
    filtered = _queries(client, f"/demo-sites/?status=submitted{township_filter}&overdue=on")
    _applications(township1, 20)
    assert _queries(client, f"/demo-sites/?status=submitted{township_filter}&overdue=on") == filtered


def test_application_pages_queries_do_not_grow_with_criteria_rounds_or_attachments(township1, county_staff, client_for):
    client = client_for(county_staff)
    small = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")
    _rounds(small, county_staff, 1)
    _attachments(small, county_staff, 1)

    big_set = CriteriaSetFactory(year=2030, criteria=30)
    big = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted", year=2030, criteria_set=big_set)
    _rounds(big, county_staff, 4)
    _attachments(big, county_staff, 6)

    for page in ("", "acceptance/", "acceptance/print/"):
        assert _queries(client, f"/demo-sites/applications/{big.pk}/{page}") == _queries(
            client, f"/demo-sites/applications/{small.pk}/{page}"
        ), page


def test_edit_page_queries_do_not_grow_with_criteria(township1, town01, client_for):
    client = client_for(town01)
    small = ApplicationFactory(unit=UnitFactory(parent=township1))
    big = ApplicationFactory(
        unit=UnitFactory(parent=township1), year=2030, criteria_set=CriteriaSetFactory(year=2030, criteria=30)
    )
    assert _queries(client, f"/demo-sites/applications/{big.pk}/edit/") == _queries(
        client, f"/demo-sites/applications/{small.pk}/edit/"
    )


def test_designation_and_subsidy_pages_queries_do_not_grow(township1, township2, county_staff, client_for):
    client = client_for(county_staff)

    def add(count: int) -> None:
        for n in range(count):
            designation = DesignationFactory(unit=UnitFactory(parent=township1 if n % 2 else township2))
            Subsidy.objects.create(
                designation=designation,
                granted_on=designation.designated_on,
                amount=Decimal("4800"),
                purpose="创建补助",
            )

    add(2)
    few = [_queries(client, url) for url in ("/demo-sites/designations/", "/demo-sites/subsidies/")]
    add(25)
    assert [_queries(client, url) for url in ("/demo-sites/designations/", "/demo-sites/subsidies/")] == few
