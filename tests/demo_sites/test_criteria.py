"""Criteria are data: seeded 五好+五有, copied forward to a new year, and what an application is scored on."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from demo_sites import services
from demo_sites.models import Application, CriteriaSet
from tests.factories import CriteriaSetFactory, UnitFactory, demo_criteria_set


def test_default_set_has_the_five_goods_and_five_haves_worth_100_points(db):
    criteria_set = demo_criteria_set("womens_home")
    criteria = list(criteria_set.criteria.all())

    assert [c.name for c in criteria[:5]] == ["班子建设好", "宣传教育好", "发挥作用好", "维权工作好", "制度落实好"]
    assert [c.name for c in criteria[5:]] == ["班子有活力", "运作有机制", "服务有队伍", "活动有阵地", "工作有成效"]
    assert sum(c.max_score for c in criteria) == 100
    assert all(c.description for c in criteria)
    assert criteria_set.pass_rule_text == "总分不低于 80 分，且每项不低于 6 分"


def test_a_year_without_a_set_gets_a_copy_of_the_latest_one(db):
    latest = demo_criteria_set("new_organisation")
    copy = services.criteria_set_for(category="new_organisation", year=latest.year + 3)

    assert copy.pk != latest.pk and copy.year == latest.year + 3
    assert list(copy.criteria.values_list("code", "max_score")) == list(
        latest.criteria.values_list("code", "max_score")
    )
    assert services.criteria_set_for(category="new_organisation", year=latest.year + 3) == copy


def test_new_application_is_scored_on_the_set_county_staff_entered_for_its_year(township1, town01):
    star_set = CriteriaSetFactory(year=2031, name="星级评定标准", criteria=6, pass_total=45)
    application = services.application_create(
        unit=UnitFactory(parent=township1), category="womens_home", level="county", year=2031, by=town01
    )
    assert application.criteria_set == star_set
    assert application.self_assessments.count() == 6
    assert star_set.evaluate({c.pk: Decimal(8) for c in star_set.criteria.all()}) == []


def test_county_staff_apply_for_a_county_organ_which_no_township_sees(county, county_staff, town01, client_for):
    organ = UnitFactory(name="县教育局", kind="organ", parent=county)
    response = client_for(county_staff).post(
        "/demo-sites/applications/new/",
        {
            "category": "organ_committee",
            "level": "county",
            "unit": organ.pk,
            "year": timezone.localdate().year,
        },
    )
    application = Application.objects.get(unit=organ)
    assert response.status_code == 302
    assert application.township is None and application.criteria_set.category == "organ_committee"
    assert not Application.objects.for_user(town01).exists()
    assert CriteriaSet.objects.filter(category="organ_committee").exists()


def test_the_list_offers_acceptance_and_delete_where_the_services_allow_them(
    county, county_staff, town01, township1, client_for
):
    from tests.factories import ApplicationFactory

    organ_draft = ApplicationFactory(
        unit=UnitFactory(name="县教育局", kind="organ", parent=county), status="draft", category="organ_committee"
    )
    township_draft = ApplicationFactory(unit=UnitFactory(parent=township1), status="draft")
    delete_url = "/demo-sites/applications/{}/delete/"

    county_page = client_for(county_staff).get("/demo-sites/", {"status": "draft"}).content.decode()
    township_page = client_for(town01).get("/demo-sites/", {"status": "draft"}).content.decode()

    submitted = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")
    accept_url = f"/demo-sites/applications/{submitted.pk}/acceptance/"
    assert accept_url in client_for(county_staff).get("/demo-sites/", {"status": "submitted"}).content.decode()
    assert accept_url not in client_for(town01).get("/demo-sites/", {"status": "submitted"}).content.decode()
    assert delete_url.format(organ_draft.pk) in county_page  # the county's own draft: hers to delete
    assert delete_url.format(township_draft.pk) not in county_page  # a township's draft is the township's
    assert delete_url.format(township_draft.pk) in township_page
