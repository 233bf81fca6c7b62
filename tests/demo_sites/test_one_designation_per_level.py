"""A site is counted once (issue 13): a unit holds a category and level at most once at a time, an
application for a level the unit already holds is refused from the draft on, and 示范点总数 counts units."""

from __future__ import annotations

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from demo_sites import services
from demo_sites.models import Application, Designation, DesignationChange, StatusChange
from demo_sites.services import WorkflowError
from tests.demo_sites.helpers import acceptance_post, self_assessment_post, service_scores
from tests.factories import ApplicationFactory, DesignationFactory, UnitFactory

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
LAST_YEAR = THIS_YEAR - 1
HELD_MESSAGE = f"桃源社区已是在挂牌的县级“妇女之家”示范点（{LAST_YEAR}年命名），不能重复申报同级示范点。"


@pytest.fixture
def taoyuan(township1):
    return UnitFactory(name="桃源社区", kind="community", parent=township1)


@pytest.fixture
def county_site(taoyuan):
    """桃源社区, a 县级 "妇女之家" since last year."""
    return DesignationFactory(
        unit=taoyuan,
        level="county",
        year=LAST_YEAR,
        designated_on=datetime.date(LAST_YEAR, 6, 1),
        certificate_number=f"清妇示〔{LAST_YEAR}〕1号",
    )


def _create_post(unit, level="county", year=THIS_YEAR) -> dict:
    return {"category": "womens_home", "level": level, "unit": unit.pk, "year": year, "summary": "", "contact": ""}


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _snapshot(application):
    application.refresh_from_db()
    return (
        application.status,
        application.summary,
        application.submitted_at,
        StatusChange.objects.filter(application=application).count(),
        Designation.objects.filter(unit=application.unit).count(),
        list(application.self_assessments.order_by("pk").values_list("evidence", "score")),
    )


def _decide(application, by, **overrides):
    kwargs = {
        "application": application,
        "by": by,
        "inspected_on": TODAY,
        "inspectors": "县妇联 王秀英",
        "by_site_visit": True,
        "scores": service_scores(application),
        "decision": "accepted",
        "designated_on": TODAY,
    }
    return services.acceptance_decide(**(kwargs | overrides))


# --- refused from the draft on -----------------------------------------------------------------------


def test_township_cannot_apply_again_for_the_level_its_site_holds(
    county_site, taoyuan, township1, town01, county_staff, client_for
):
    response = client_for(town01).post("/demo-sites/applications/new/", _create_post(taoyuan))

    assert response.status_code == 200
    assert HELD_MESSAGE in response.content.decode()
    assert not Application.objects.filter(unit=taoyuan).exists()

    # The county's list of 萧江镇's sites still shows 桃源社区 once, in force.
    page = client_for(county_staff).get(f"/demo-sites/designations/?township={township1.pk}").content.decode()
    assert page.count("桃源社区</a>") == 1
    assert page.count(">有效</span>") == 1


def test_township_may_apply_for_a_higher_level_than_its_site_holds(county_site, taoyuan, town01, client_for):
    response = client_for(town01).post("/demo-sites/applications/new/", _create_post(taoyuan, level="city"))

    application = Application.objects.get(unit=taoyuan)
    assert response.status_code == 302 and application.level == "city" and application.status == "draft"


def test_a_draft_of_a_level_held_since_cannot_be_saved_or_submitted(taoyuan, town01, client_for):
    draft = ApplicationFactory(unit=taoyuan, year=THIS_YEAR)  # drafted before the site was named
    DesignationFactory(unit=taoyuan, level="county", year=LAST_YEAR, designated_on=datetime.date(LAST_YEAR, 6, 1))
    before = _snapshot(draft)
    client = client_for(town01)

    response = client.post(f"/demo-sites/applications/{draft.pk}/edit/", self_assessment_post(draft, score="8"))
    assert response.status_code == 200 and HELD_MESSAGE in response.content.decode()
    response = client.post(f"/demo-sites/applications/{draft.pk}/submit/", {"comment": ""}, follow=True)
    assert HELD_MESSAGE in _messages(response)
    with pytest.raises(ValidationError) as caught:
        services.application_submit(application=draft, by=town01)
    assert caught.value.messages == [HELD_MESSAGE]

    assert _snapshot(draft) == before


def test_creating_a_draft_through_the_service_is_refused_too(county_site, taoyuan, town01):
    with pytest.raises(ValidationError) as caught:
        services.application_create(unit=taoyuan, category="womens_home", level="county", year=THIS_YEAR, by=town01)

    assert caught.value.messages == [HELD_MESSAGE]
    assert not Application.objects.filter(unit=taoyuan).exists()


# --- acceptance as the last check -------------------------------------------------------------------


def test_accepting_a_second_designation_of_a_held_level_is_refused_and_changes_nothing(
    taoyuan, county_staff, client_for
):
    pending = ApplicationFactory(unit=taoyuan, year=THIS_YEAR, status="submitted")  # submitted before the naming
    held = DesignationFactory(
        unit=taoyuan, level="county", year=LAST_YEAR, designated_on=datetime.date(LAST_YEAR, 6, 1)
    )
    before = _snapshot(pending)

    with pytest.raises(WorkflowError) as caught:
        _decide(pending, county_staff)
    assert caught.value.messages == [
        f"桃源社区已是在挂牌的县级“妇女之家”示范点（{LAST_YEAR}年命名），不能再命名同级示范点；如需重新命名，请先将原示范点摘牌。"
    ]
    response = client_for(county_staff).post(
        f"/demo-sites/applications/{pending.pk}/acceptance/", acceptance_post(pending)
    )
    assert response.status_code == 200 and "不能再命名同级示范点" in response.content.decode()

    assert _snapshot(pending) == before
    assert pending.acceptances.count() == 0
    assert list(Designation.objects.filter(unit=taoyuan)) == [held]


def test_accepting_a_city_application_as_county_level_is_refused_when_county_level_is_held(
    county_site, taoyuan, county_staff
):
    pending = ApplicationFactory(unit=taoyuan, year=THIS_YEAR, level="city", status="submitted")
    before = _snapshot(pending)

    with pytest.raises(WorkflowError, match="已是在挂牌的县级"):
        _decide(pending, county_staff, designation_level="county")

    assert _snapshot(pending) == before
    _decide(pending, county_staff)  # named 市级, as applied for
    assert set(Designation.objects.in_force().filter(unit=taoyuan).values_list("level", flat=True)) == {
        "county",
        "city",
    }


def test_county_can_still_close_a_duplicate_application_as_not_passed(county_site, taoyuan, county_staff):
    pending = ApplicationFactory(unit=taoyuan, year=THIS_YEAR, status="submitted")

    _decide(pending, county_staff, decision="rejected", reasons="该单位已是县级示范点，不重复命名")

    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert Designation.objects.filter(unit=taoyuan).count() == 1


def test_recording_a_city_level_naming_twice_is_refused(taoyuan, county_staff):
    services.designation_record(
        unit=taoyuan,
        category="womens_home",
        level="city",
        year=LAST_YEAR,
        designated_on=datetime.date(LAST_YEAR, 9, 1),
        by=county_staff,
    )

    with pytest.raises(WorkflowError, match=f"桃源社区已是在挂牌的市级“妇女之家”示范点（{LAST_YEAR}年命名）"):
        services.designation_record(
            unit=taoyuan, category="womens_home", level="city", year=THIS_YEAR, designated_on=TODAY, by=county_staff
        )
    assert Designation.objects.filter(unit=taoyuan).count() == 1


# --- after 摘牌 ---------------------------------------------------------------------------------------


def test_a_revoked_site_may_apply_and_be_named_again(county_site, taoyuan, town01, county_staff, client_for):
    services.designation_revoke(
        designation=county_site, by=county_staff, revoked_on=datetime.date(LAST_YEAR, 12, 1), reason="阵地挪作他用"
    )

    response = client_for(town01).post("/demo-sites/applications/new/", _create_post(taoyuan))
    assert response.status_code == 302
    application = Application.objects.get(unit=taoyuan)
    application.self_assessments.update(evidence="台账齐全", score=9)
    services.application_submit(application=application, by=town01)
    _decide(application, county_staff)

    rows = Designation.objects.filter(unit=taoyuan)
    assert rows.count() == 2
    assert list(rows.in_force().values_list("year", flat=True)) == [THIS_YEAR]


def test_a_revocation_dated_later_holds_the_level_until_that_day(county_site, taoyuan, county_staff):
    pending = ApplicationFactory(unit=taoyuan, year=THIS_YEAR, status="submitted")
    county_site.revoked_on, county_site.revoke_reason = TODAY + datetime.timedelta(days=1), "到期摘牌"
    county_site.save()

    with pytest.raises(WorkflowError, match="不能再命名同级示范点"):
        _decide(pending, county_staff)  # both would be in force today

    county_site.revoked_on = TODAY
    county_site.save()
    _decide(pending, county_staff)  # the old one stops counting the day the new one starts
    assert list(Designation.objects.in_force().filter(unit=taoyuan).values_list("year", flat=True)) == [THIS_YEAR]


# --- the database ------------------------------------------------------------------------------------


def _second(unit, level="county", **fields) -> Designation:
    return Designation(unit=unit, category="womens_home", level=level, year=THIS_YEAR, designated_on=TODAY, **fields)


def test_the_database_refuses_a_second_unrevoked_designation_of_a_level(county_site, taoyuan):
    second = _second(taoyuan)

    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert (
        "该单位已是在挂牌的同类别、同级别示范点，不能重复命名；如需重新命名，请先将原示范点摘牌。"
        in caught.value.messages
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert Designation.objects.filter(unit=taoyuan).count() == 1


def test_the_database_accepts_a_new_designation_once_the_old_one_is_revoked(county_site, taoyuan):
    county_site.revoked_on, county_site.revoke_reason = datetime.date(LAST_YEAR, 12, 1), "复核不达标"
    county_site.save()

    second = _second(taoyuan)
    second.full_clean()
    second.save()
    other_level = _second(taoyuan, level="city", certificate_number="温妇示〔测试〕1号")
    other_level.full_clean()
    other_level.save()

    assert Designation.objects.filter(unit=taoyuan, revoked_on__isnull=True).count() == 2


# --- counting sites ----------------------------------------------------------------------------------


def test_a_site_named_at_two_levels_counts_once_in_the_total_and_once_per_level(
    county_site, taoyuan, township1, township2
):
    DesignationFactory(unit=taoyuan, level="city", year=THIS_YEAR, designated_on=TODAY)
    DesignationFactory(
        unit=UnitFactory(parent=township1), level="county", year=LAST_YEAR, designated_on=datetime.date(LAST_YEAR, 5, 1)
    )
    DesignationFactory(
        unit=UnitFactory(parent=township2),
        level="county",
        year=LAST_YEAR,
        designated_on=datetime.date(LAST_YEAR, 5, 1),
        revoked_on=datetime.date(LAST_YEAR, 10, 1),
    )
    in_force = Designation.objects.in_force(TODAY)

    assert in_force.count() == 3
    assert in_force.sites().count() == 2
    assert taoyuan in in_force.sites()
    assert in_force.site_counts("level") == {"county": 2, "city": 1}
    assert in_force.site_counts("township_id") == {township1.pk: 2}
    assert in_force.site_counts("category") == {"womens_home": 2}


# --- rows that broke the rule before it existed --------------------------------------------------------


def test_the_migration_revokes_later_duplicates_from_their_own_naming_day(taoyuan, county_staff):
    constraint = next(
        c for c in Designation._meta.constraints if c.name == "one_unrevoked_designation_per_unit_category_level"
    )
    editor = connection.schema_editor()
    with connection.cursor() as cursor:
        cursor.execute(str(constraint.remove_sql(Designation, editor)))  # as before migration 0005
    kept = DesignationFactory(
        unit=taoyuan, level="county", year=LAST_YEAR, designated_on=datetime.date(LAST_YEAR, 6, 1)
    )
    duplicate = DesignationFactory(unit=taoyuan, level="county", year=THIS_YEAR, designated_on=TODAY)
    DesignationChange.objects.create(designation=duplicate, action="designate", to_state="in_force", by=county_staff)

    import_module("demo_sites.migrations.0004_revoke_duplicate_designations").revoke_later_duplicates(apps, None)

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert kept.revoked_on is None
    assert duplicate.revoked_on == duplicate.designated_on and duplicate.revoked_by == county_staff
    assert f"与{LAST_YEAR}年命名的同级示范点重复" in duplicate.revoke_reason
    assert not duplicate.is_in_force(TODAY)
    assert duplicate.history.first().revoked_on == duplicate.designated_on
    assert duplicate.changes.order_by("pk").last().action == "revoke"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # no index is built while row checks are pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(str(constraint.create_sql(Designation, editor)))  # the data now satisfies it
