"""联系点: who may see and change contact points and visits, the "123" quota, the visit rules, history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from liaison import services
from liaison.forms import ContactPointForm
from liaison.models import ContactPoint, Visit
from orgs.models import Unit
from tests.factories import ContactPointFactory, UnitFactory, VisitFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _point_post(person, unit, **extra):
    return {"year": YEAR, "person": person.pk, "unit": unit.pk, "category": "", "note": "", **extra}


def _visit_post(**extra):
    return {
        "visited_on": f"{YEAR}年1月20日",
        "visitors": "县妇联 王秀英",
        "findings": "执委分工不明确",
        "help_given": "指导制定执委分工表",
        "follow_up": "一个月内报送分工表",
        **extra,
    }


# ---- scope ------------------------------------------------------------------------------------------


def test_township_sees_only_her_own_contact_points_and_visits(client_for, town01, leader, village1, village2):
    mine = VisitFactory(contact_point=ContactPointFactory(person=leader, unit=village1), findings="台账不全")
    other = VisitFactory(contact_point=ContactPointFactory(person=leader, unit=village2), findings="阵地太小")
    client = client_for(town01)

    listing = client.get("/liaison/contactpoints/")
    assert [point.unit.name for point in listing.context["page"]] == ["桃源社区"]
    assert "沿溪村" not in listing.content.decode()
    assert client.get(f"/liaison/visits/{mine.pk}/").status_code == 200
    assert client.get(f"/liaison/visits/{other.pk}/").status_code == 404
    assert client.get(f"/liaison/contactpoints/{other.contact_point_id}/").status_code == 404
    assert "阵地太小" not in client.get("/liaison/visits/").content.decode()


def test_township_staff_land_on_their_townships_contact_points(client_for, town01):
    response = client_for(town01).get("/liaison/")
    assert response.status_code == 302 and response.url == "/liaison/contactpoints/"


def test_township_staff_cannot_assign_contact_points_or_record_visits(client_for, town01, leader, village1):
    point = ContactPointFactory(person=leader, unit=village1)
    client = client_for(town01)

    assert client.get("/liaison/contactpoints/new/").status_code == 403
    assert client.post(f"/liaison/contactpoints/{point.pk}/visits/new/", _visit_post()).status_code == 403
    with pytest.raises(PermissionDenied):
        services.visit_save(
            visit=Visit(contact_point=point, **_visit_post(visited_on=datetime.date(YEAR, 1, 20))), by=town01
        )
    assert not Visit.objects.exists()


def test_leader_reads_everything_but_changes_nothing(client_for, leader, county_staff, village1, village2):
    visit = VisitFactory(contact_point=ContactPointFactory(person=leader, unit=village1), follow_up="补齐台账")
    ContactPointFactory(person=county_staff, unit=village2)
    client = client_for(leader)

    assert len(client.get("/liaison/contactpoints/").context["page"]) == 2
    mine = client.get("/liaison/")
    assert [point.unit.name for point in mine.context["points"]] == ["桃源社区"]
    assert f"/liaison/contactpoints/{visit.contact_point_id}/visits/new/" not in mine.content.decode()
    assert client.get("/liaison/contactpoints/new/").status_code == 403
    assert client.post(f"/liaison/contactpoints/{visit.contact_point_id}/visits/new/", _visit_post()).status_code == 403
    assert client.post(f"/liaison/visits/{visit.pk}/follow-up-done/").status_code == 403
    visit.refresh_from_db()
    assert not visit.follow_up_done and Visit.objects.count() == 1


def test_county_staff_record_a_visit_for_a_leaders_contact_point_with_history(
    client_for, county_staff, leader, village1
):
    point = ContactPointFactory(person=leader, unit=village1)
    client = client_for(county_staff)

    response = client.post(f"/liaison/contactpoints/{point.pk}/visits/new/", _visit_post())

    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == f"/liaison/visits/{visit.pk}/"
    assert visit.visited_on == datetime.date(YEAR, 1, 20) and visit.recorded_by == county_staff
    assert visit.township_id == village1.township_id
    assert visit.follow_up_open
    client.post(f"/liaison/visits/{visit.pk}/follow-up-done/")
    visit.refresh_from_db()
    assert visit.follow_up_done and visit.follow_up_done_on == timezone.localdate()
    assert [h.history_type for h in visit.history.order_by("history_id")] == ["+", "~"]


# ---- the "123" quota ----------------------------------------------------------------------------------


def test_a_second_township_for_one_person_is_refused_in_chinese(county_staff, leader, township1, township2):
    ContactPointFactory(person=leader, unit=township1)
    form = ContactPointForm(_point_post(leader, township2), user=county_staff)

    assert not form.is_valid()
    assert "每人每年联系乡镇(街道)不超过 1 个" in form.errors["category"][0]
    assert "萧江镇" in form.errors["category"][0]
    assert ContactPoint.objects.count() == 1


def test_the_quota_is_per_kind_and_year_and_a_setting(county_staff, leader, township1):
    villages = [UnitFactory(parent=township1) for _ in range(3)]
    ContactPointFactory(person=leader, unit=villages[0])
    ContactPointFactory(person=leader, unit=villages[1], year=YEAR - 1)
    ContactPointFactory(person=leader, unit=villages[1])

    refused = ContactPointForm(_point_post(leader, villages[2]), user=county_staff)
    assert not refused.is_valid() and "村(社区)不超过 2 个" in refused.errors["category"][0]
    # A third village may still be one of the three 示范点创建单位.
    as_site = ContactPointForm(_point_post(leader, villages[2], category="enterprise_or_site"), user=county_staff)
    assert as_site.is_valid(), as_site.errors
    with override_settings(CONTACT_POINT_QUOTA={"township": 1, "village_or_community": 3, "enterprise_or_site": 3}):
        assert ContactPointForm(_point_post(leader, villages[2]), user=county_staff).is_valid()


def test_the_service_refuses_over_quota_whatever_calls_it(county_staff, leader, township1, township2):
    ContactPointFactory(person=leader, unit=township1)
    with pytest.raises(ValidationError) as refusal:
        services.contact_point_save(
            contact_point=ContactPoint(year=YEAR, person=leader, unit=township2, category="township"), by=county_staff
        )
    assert "123" in str(refusal.value)
    assert ContactPoint.objects.count() == 1


def test_only_county_leaders_and_staff_can_be_contact_people(county_staff, town01, village1):
    form = ContactPointForm(_point_post(town01, village1), user=county_staff)
    assert not form.is_valid() and "person" in form.errors


def test_an_enterprise_cannot_be_counted_as_a_village(county_staff, leader, township1):
    enterprise = UnitFactory(parent=township1, kind=Unit.Kind.ENTERPRISE)
    form = ContactPointForm(_point_post(leader, enterprise, category="village_or_community"), user=county_staff)
    assert not form.is_valid() and "只能作为" in form.errors["category"][0]


def test_county_staff_assign_a_contact_point_through_the_page(client_for, county_staff, leader, village1):
    response = client_for(county_staff).post("/liaison/contactpoints/new/", _point_post(leader, village1))

    point = ContactPoint.objects.get()
    assert response.status_code == 302
    assert (point.person, point.unit, point.category) == (leader, village1, "village_or_community")
    assert point.history.count() == 1


# ---- visit rules --------------------------------------------------------------------------------------


def test_visit_outside_the_contact_points_year_is_refused(client_for, county_staff, leader, village1):
    point = ContactPointFactory(person=leader, unit=village1)
    response = client_for(county_staff).post(
        f"/liaison/contactpoints/{point.pk}/visits/new/", _visit_post(visited_on=f"{YEAR - 1}-12-30")
    )
    assert response.status_code == 200
    assert f"走访日期应在联系点年度（{YEAR}年）内" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_without_follow_up_cannot_be_marked_done(county_staff, leader, village1):
    visit = VisitFactory(contact_point=ContactPointFactory(person=leader, unit=village1), follow_up="")
    with pytest.raises(ValidationError) as refusal:
        services.follow_up_done(visit=visit, by=county_staff)
    assert "没有后续事项" in str(refusal.value)


def test_a_visited_contact_point_cannot_be_deleted(client_for, county_staff, leader, village1):
    visit = VisitFactory(contact_point=ContactPointFactory(person=leader, unit=village1))
    client_for(county_staff).post(f"/liaison/contactpoints/{visit.contact_point_id}/delete/")
    assert ContactPoint.objects.filter(pk=visit.contact_point_id).exists()
