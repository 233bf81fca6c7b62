"""Designated sites through the portal: 复核, 补助资金, and who may see and do what."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from demo_sites import selectors
from demo_sites.models import Review, Subsidy
from tests.factories import DesignationFactory, UnitFactory, demo_criteria_set

TODAY = timezone.localdate()


def test_county_records_a_review_that_keeps_the_site(township1, county_staff, client_for):
    designation = DesignationFactory(unit=UnitFactory(name="桃源村", parent=township1))
    criteria = list(demo_criteria_set("womens_home", TODAY.year).criteria.all())
    client = client_for(county_staff)
    page = client.get(f"/demo-sites/designations/{designation.pk}/review/").content.decode()
    assert "活动有阵地" in page and "score_total.js" in page

    data = {"reviewed_on": TODAY.isoformat(), "inspectors": "复核组", "outcome": "maintained", "comments": "保持良好"}
    for criterion in criteria:
        data[f"score_{criterion.pk}"] = "8.5"
        data[f"comment_{criterion.pk}"] = ""
    response = client.post(f"/demo-sites/designations/{designation.pk}/review/", data)

    assert response.status_code == 302
    review = Review.objects.get(designation=designation)
    assert review.total_score == Decimal("85") and review.meets_pass_rule
    designation.refresh_from_db()
    assert designation.revoked_on is None
    assert "保持良好" in client.get(f"/demo-sites/designations/{designation.pk}/").content.decode()


def test_county_grants_a_subsidy_and_it_is_totalled_per_year_and_township(
    township1, township2, county_staff, client_for
):
    first = DesignationFactory(unit=UnitFactory(parent=township1))
    second = DesignationFactory(unit=UnitFactory(parent=township2))
    client = client_for(county_staff)
    for designation, amount in ((first, "4800"), (first, "1000.5"), (second, "8000")):
        response = client.post(
            f"/demo-sites/designations/{designation.pk}/subsidies/",
            {"granted_on": "2025-12-15", "amount": amount, "purpose": "创建补助"},
        )
        assert response.status_code == 302

    totals = {(r["year"], r["township"]): r["total"] for r in selectors.subsidy_totals(user=county_staff)}
    assert totals == {(2025, "萧江镇"): Decimal("5800.50"), (2025, "水头镇"): Decimal("8000")}
    page = client.get("/demo-sites/subsidies/").content.decode()
    assert "13,800.50" in page and "5,800.50" in page


def test_bad_subsidy_amount_is_refused_with_a_message(township1, county_staff, client_for):
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    response = client_for(county_staff).post(
        f"/demo-sites/designations/{designation.pk}/subsidies/",
        {"granted_on": "2025-12-15", "amount": "-5", "purpose": "x"},
        follow=True,
    )
    assert "大于或等于0.01" in response.content.decode()
    assert not Subsidy.objects.exists()


def test_township_sees_its_subsidies_but_cannot_grant(township1, town01, client_for):
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    client = client_for(town01)
    assert client.get(f"/demo-sites/designations/{designation.pk}/").status_code == 200
    response = client.post(
        f"/demo-sites/designations/{designation.pk}/subsidies/",
        {"granted_on": "2025-12-15", "amount": "100", "purpose": "x"},
    )
    assert response.status_code == 403
    assert not Subsidy.objects.exists()


def test_leader_views_everything_but_acts_on_nothing(township1, leader, client_for):
    designation = DesignationFactory(unit=UnitFactory(name="桃源村", parent=township1))
    client = client_for(leader)
    assert "桃源村" in client.get("/demo-sites/designations/").content.decode()
    assert client.get("/demo-sites/").status_code == 200
    assert client.get("/demo-sites/applications/new/").status_code == 403
    assert client.get(f"/demo-sites/designations/{designation.pk}/review/").status_code == 403
    assert (
        client.post(
            f"/demo-sites/designations/{designation.pk}/revoke/", {"revoked_on": "2025-01-01", "reason": "x"}
        ).status_code
        == 403
    )


def test_designation_counts_follow_the_date_asked(township1, county_staff):
    DesignationFactory(
        unit=UnitFactory(parent=township1),
        level="city",
        designated_on=datetime.date(2024, 6, 1),
        revoked_on=datetime.date(2025, 6, 1),
        revoke_reason="复核不达标",
    )
    assert selectors.designation_counts(user=county_staff, on=datetime.date(2025, 5, 31))[("womens_home", "city")] == 1
    assert selectors.designation_counts(user=county_staff, on=datetime.date(2025, 6, 1))[("womens_home", "city")] == 0
    assert selectors.designation_counts(user=county_staff, on=datetime.date(2024, 5, 31))[("womens_home", "city")] == 0
