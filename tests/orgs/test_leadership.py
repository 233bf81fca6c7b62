"""班子配备 (会改联): the county's rules as data, the two selectors the reports count with, and the scoped
list of organisations whose 班子 falls short."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs import selectors
from orgs.models import Cadre, LeadershipRule, Unit, WomenOrganisation
from tests.factories import CadreFactory, PostFactory, UnitFactory, WomenOrganisationFactory

ON = datetime.date(2025, 12, 31)
Position = Cadre.Position


def staff(organisation, *, chairs=1, vice_chairs=0, part_time_vice_chairs=2, standing=0, executives=12):
    """Give ``organisation`` current posts; the defaults make a village 妇联 exactly complete
    (1 主席 + 2 兼职副主席 + 12 执委 = 15 members of the 执委会)."""
    for _ in range(chairs):
        PostFactory(organisation=organisation, position=Position.CHAIR)
    for _ in range(vice_chairs):
        PostFactory(organisation=organisation, position=Position.VICE_CHAIR, is_full_time=True)
    for _ in range(part_time_vice_chairs):
        PostFactory(organisation=organisation, position=Position.VICE_CHAIR, is_full_time=False)
    for _ in range(standing):
        PostFactory(organisation=organisation, position=Position.STANDING)
    for _ in range(executives):
        PostFactory(organisation=organisation, position=Position.EXECUTIVE)
    return organisation


def village_org(township, **kwargs) -> WomenOrganisation:
    return WomenOrganisationFactory(unit=UnitFactory(parent=township, kind=Unit.Kind.VILLAGE), **kwargs)


def township_org(township) -> WomenOrganisation:
    return WomenOrganisationFactory(unit=township, name=f"{township.name}妇联")


def everything() -> WomenOrganisation:
    return WomenOrganisation.objects.established().filter(unit__is_active=True)


def missing_of(organisation) -> list[str] | None:
    return dict((o.pk, m) for o, m in selectors.leadership_shortfalls(everything(), ON)).get(organisation.pk)


# --- the rules as data -----------------------------------------------------------------------------


def test_default_rules_come_with_the_migration_and_their_history(db):
    rules = {rule.unit_kind: rule for rule in LeadershipRule.objects.filter(organisation_form="")}

    assert set(rules) == {Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY, Unit.Kind.TOWNSHIP}
    for kind in (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY):
        assert (rules[kind].min_chairs, rules[kind].min_part_time_vice_chairs, rules[kind].min_executives) == (1, 2, 15)
    assert (rules[Unit.Kind.TOWNSHIP].min_vice_chairs, rules[Unit.Kind.TOWNSHIP].min_executives) == (3, 25)
    assert all(rule.history.filter(history_type="+").exists() for rule in rules.values())


def test_village_with_chair_two_part_time_vice_chairs_and_fifteen_members_is_complete(township1):
    organisation = staff(village_org(township1))

    assert missing_of(organisation) is None
    assert selectors.leadership_by_township(everything(), ON) == {township1.pk: {"with_rule": 1, "complete": 1}}


def test_one_part_time_vice_chair_is_one_short(township1):
    organisation = staff(village_org(township1), part_time_vice_chairs=1, executives=13)

    assert missing_of(organisation) == ["兼职副主席缺1名"]
    assert selectors.leadership_by_township(everything(), ON)[township1.pk] == {"with_rule": 1, "complete": 0}


def test_a_full_time_vice_chair_does_not_count_as_part_time(township1):
    organisation = staff(village_org(township1), vice_chairs=1, part_time_vice_chairs=1)

    assert missing_of(organisation) == ["兼职副主席缺1名"]


def test_members_are_counted_once_each_chair_and_vice_chairs_included(township1):
    organisation = staff(village_org(township1), executives=11)  # 1 + 2 + 11 = 14 women
    chair = organisation.posts.get(position=Position.CHAIR).cadre
    PostFactory(organisation=organisation, cadre=chair, position=Position.EXECUTIVE)  # same woman again

    assert missing_of(organisation) == ["执委缺1名"]


def test_only_posts_current_on_the_reference_date_count(township1):
    organisation = staff(village_org(township1), executives=10)  # 13 women, and three more below
    PostFactory(organisation=organisation, position=Position.EXECUTIVE, ended_on=ON - datetime.timedelta(days=1))
    PostFactory(organisation=organisation, position=Position.EXECUTIVE, started_on=ON + datetime.timedelta(days=1))
    PostFactory(organisation=organisation, position=Position.EXECUTIVE, ended_on=ON)  # still in post that day

    assert missing_of(organisation) == ["执委缺1名"]


def test_an_organisation_without_posts_lacks_everything(township1):
    organisation = village_org(township1)

    assert missing_of(organisation) == ["主席缺1名", "兼职副主席缺2名", "执委缺15名"]


def test_township_federation_needs_three_vice_chairs_and_twenty_five_members(township1):
    organisation = staff(township_org(township1), vice_chairs=2, part_time_vice_chairs=0, executives=22)

    assert missing_of(organisation) == ["副主席缺1名"]
    PostFactory(organisation=organisation, position=Position.VICE_CHAIR, is_full_time=True)

    assert missing_of(organisation) is None


def test_editing_a_rule_changes_the_result(township1):
    organisation = staff(village_org(township1))
    rule = LeadershipRule.objects.get(unit_kind=Unit.Kind.VILLAGE, organisation_form="")

    rule.min_executives = 18
    rule.min_standing_members = 1
    rule.save()

    assert missing_of(organisation) == ["常委缺1名", "执委缺3名"]
    assert rule.history.count() == 2

    rule.is_active = False
    rule.save()

    assert missing_of(organisation) is None
    assert selectors.leadership_by_township(everything(), ON) == {}


def test_a_rule_for_one_form_takes_precedence_over_the_kind_rule(township1):
    congress = staff(
        village_org(township1, form=WomenOrganisation.Form.CONGRESS), part_time_vice_chairs=0, executives=4
    )
    federation = staff(village_org(township1), part_time_vice_chairs=0, executives=4)
    LeadershipRule.objects.create(
        unit_kind=Unit.Kind.VILLAGE, organisation_form=WomenOrganisation.Form.CONGRESS, min_executives=5
    )

    assert missing_of(congress) is None
    assert missing_of(federation) == ["兼职副主席缺2名", "执委缺10名"]


def test_kinds_without_a_rule_are_not_counted_until_the_county_adds_one(township1):
    enterprise = WomenOrganisationFactory(unit=UnitFactory(parent=township1, kind=Unit.Kind.ENTERPRISE))
    PostFactory(organisation=enterprise, position=Position.CHAIR)

    assert selectors.leadership_by_township(everything(), ON) == {}

    LeadershipRule.objects.create(unit_kind=Unit.Kind.ENTERPRISE, min_executives=3)

    assert missing_of(enterprise) == ["执委缺2名"]
    assert selectors.leadership_by_township(everything(), ON) == {township1.pk: {"with_rule": 1, "complete": 0}}


def test_county_level_organisations_are_counted_under_none(county):
    organ = WomenOrganisationFactory(
        unit=UnitFactory(parent=county, kind=Unit.Kind.ORGAN), form=WomenOrganisation.Form.COMMITTEE
    )
    PostFactory(organisation=organ, position=Position.COMMITTEE_DIRECTOR)
    LeadershipRule.objects.create(unit_kind=Unit.Kind.ORGAN, min_chairs=0, min_executives=0)

    assert selectors.leadership_by_township(everything(), ON) == {None: {"with_rule": 1, "complete": 1}}


def test_a_second_rule_for_the_same_kind_and_form_is_refused_in_chinese(db):
    from django.core.exceptions import ValidationError

    rule = LeadershipRule(unit_kind=Unit.Kind.VILLAGE, organisation_form="")

    with pytest.raises(ValidationError, match="已有班子配备要求"):
        rule.full_clean()


def test_by_township_and_shortfalls_agree_per_township(township1, township2):
    staff(village_org(township1))
    staff(village_org(township1), executives=3)
    staff(village_org(township2), part_time_vice_chairs=0)

    counts = selectors.leadership_by_township(everything(), ON)
    short = selectors.leadership_shortfalls(everything(), ON)

    assert counts == {township1.pk: {"with_rule": 2, "complete": 1}, township2.pk: {"with_rule": 1, "complete": 0}}
    assert sorted(o.township_id for o, _ in short) == [township1.pk, township2.pk]


def _villages(township, count, **kwargs) -> None:
    for _ in range(count):
        staff(village_org(township), **kwargs)


def test_selectors_take_the_same_queries_for_one_organisation_or_many(township1, township2, django_assert_num_queries):
    _villages(township1, 1, executives=2)
    with CaptureQueriesContext(connection) as few:
        selectors.leadership_by_township(everything(), ON)
        selectors.leadership_shortfalls(everything(), ON)
    _villages(township1, 3, executives=2)
    _villages(township2, 3, part_time_vice_chairs=0, executives=1)

    with django_assert_num_queries(len(few)):
        assert sum(r["with_rule"] for r in selectors.leadership_by_township(everything(), ON).values()) == 7
        assert len(selectors.leadership_shortfalls(everything(), ON)) == 7


# --- who may edit the rules ------------------------------------------------------------------------


def test_county_staff_edit_rules_township_staff_and_leaders_only_read_them(county_staff, town01, leader):
    for user in (county_staff, town01, leader):
        assert user.has_perm("orgs.view_leadershiprule")
    assert county_staff.has_perm("orgs.change_leadershiprule") and county_staff.has_perm("orgs.add_leadershiprule")
    for user in (town01, leader):
        assert not user.has_perm("orgs.change_leadershiprule")
        assert not user.has_perm("orgs.add_leadershiprule")
        assert not user.has_perm("orgs.delete_leadershiprule")


def test_county_staff_change_a_rule_in_the_admin_with_history(client_for, county_staff):
    rule = LeadershipRule.objects.get(unit_kind=Unit.Kind.VILLAGE, organisation_form="")
    client = client_for(county_staff)
    url = reverse("admin:orgs_leadershiprule_change", args=[rule.pk])
    page = client.get(url).content.decode()
    assert LeadershipRule.LOCAL_NOTE in page

    response = client.post(
        url,
        {
            "unit_kind": "village",
            "organisation_form": "",
            "is_active": "on",
            "min_chairs": 1,
            "min_vice_chairs": 0,
            "min_part_time_vice_chairs": 2,
            "min_standing_members": 0,
            "min_executives": 13,
            "notes": "本县要求",
            "_state_fingerprint": _fingerprint(page),
        },
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.min_executives == 13
    assert rule.history.first().history_user == county_staff


def _fingerprint(page: str) -> str:
    import re

    return re.search(r'name="_state_fingerprint" value="([^"]+)"', page).group(1)


def test_township_staff_cannot_change_a_rule_in_the_admin(client_for, town01):
    rule = LeadershipRule.objects.get(unit_kind=Unit.Kind.VILLAGE, organisation_form="")
    client = client_for(town01)
    url = reverse("admin:orgs_leadershiprule_change", args=[rule.pk])

    assert client.get(reverse("admin:orgs_leadershiprule_changelist")).status_code == 200
    response = client.post(
        url,
        {
            "unit_kind": "village",
            "organisation_form": "",
            "is_active": "on",
            "min_chairs": 0,
            "min_vice_chairs": 0,
            "min_part_time_vice_chairs": 0,
            "min_standing_members": 0,
            "min_executives": 0,
        },
    )

    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.min_executives == 15


def test_rule_list_says_local_rules_vary(client_for, leader):
    page = client_for(leader).get(reverse("admin:orgs_leadershiprule_changelist")).content.decode()

    assert "各地“会改联”要求不一，请按本地要求调整" in page


# --- the list page ---------------------------------------------------------------------------------

URL = "orgs:leadership_shortfalls"


def test_township_staff_see_only_their_own_short_organisations(client_for, township1, township2, town01):
    mine = village_org(township1, name="桃源村妇联")
    staff(village_org(township1, name="齐全村妇联"))
    village_org(township2, name="外乡村妇联")

    response = client_for(town01).get(reverse(URL))
    html = response.content.decode()

    assert response.status_code == 200
    assert "桃源村妇联" in html and "主席缺1名" in html
    assert reverse("admin:orgs_womenorganisation_change", args=[mine.pk]) in html
    assert "齐全村妇联" not in html
    assert "外乡村妇联" not in html and "水头镇" not in html
    assert response.context["page"].paginator.count == 1


def test_township_staff_cannot_ask_for_another_township(client_for, township1, township2, town01):
    village_org(township2, name="外乡村妇联")

    response = client_for(town01).get(reverse(URL), {"township": township2.pk})
    html = response.content.decode()

    assert response.status_code == 400
    assert "所选乡镇不存在或不在您的管辖范围内" in html
    assert "外乡村妇联" not in html


def test_county_staff_filter_by_township_and_the_count_matches_the_indicator(
    client_for, county_staff, township1, township2
):
    staff(village_org(township1))
    village_org(township1)
    village_org(township1)
    village_org(township2, name="外乡村妇联")
    client = client_for(county_staff)

    everyone = client.get(reverse(URL))
    one = client.get(reverse(URL), {"township": township1.pk})

    counts = selectors.leadership_by_township(everything(), datetime.date.today())
    assert everyone.context["page"].paginator.count == sum(r["with_rule"] - r["complete"] for r in counts.values()) == 3
    assert (
        one.context["page"].paginator.count == counts[township1.pk]["with_rule"] - counts[township1.pk]["complete"] == 2
    )
    assert "外乡村妇联" in everyone.content.decode() and "外乡村妇联" not in one.content.decode()


def test_dissolved_organisations_and_inactive_units_are_left_out(client_for, county_staff, township1):
    village_org(township1, status=WomenOrganisation.Status.DISSOLVED)
    closed = village_org(township1)
    Unit.objects.filter(pk=closed.unit_id).update(is_active=False)

    response = client_for(county_staff).get(reverse(URL))

    assert response.context["page"].paginator.count == 0
    assert "没有班子配备不齐的妇女组织" in response.content.decode()


def test_a_user_without_a_role_is_refused(client_for, db):
    from django.contrib.auth.models import User

    outsider = User.objects.create_user("outsider", password="x", is_staff=True)

    assert client_for(outsider).get(reverse(URL)).status_code == 403


def test_list_page_is_paginated_and_takes_the_same_queries_at_two_sizes(
    client_for, county_staff, township1, township2, django_assert_num_queries
):
    client = client_for(county_staff)
    village_org(township1)
    client.get(reverse(URL))  # session and permissions warm, as on any later page
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(URL)).context["page"].paginator.count == 1
    for township in (township1, township2):
        for _ in range(30):
            village_org(township)
    CadreFactory(unit=UnitFactory(parent=township2))  # unrelated rows do not matter either

    with django_assert_num_queries(len(few)):
        response = client.get(reverse(URL), {"page": 2})
    assert response.context["page"].paginator.count == 61
    assert len(response.context["page"].object_list) == 11
    assert "第 2 / 2 页" in response.content.decode()
