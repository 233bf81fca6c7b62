"""What a township clerk relies on when typing in the admin: search, filters, inlines, the 换届 flag."""

from __future__ import annotations

import datetime

from django.urls import reverse

from orgs.models import Cadre, Unit, WomenOrganisation
from tests.factories import (
    CadreFactory,
    PostFactory,
    TermElectionFactory,
    UnitFactory,
    WomenOrganisationFactory,
    valid_id_number,
)
from tests.orgs.admin_helpers import add_inline_row, form_data


def _shown(response) -> list:
    return list(response.context["cl"].result_list)


def test_units_are_found_by_pinyin_initials(client_for, town01, township1):
    taoyuan = UnitFactory(parent=township1, name="桃源社区", kind=Unit.Kind.COMMUNITY)
    UnitFactory(parent=township1, name="沿河社区", kind=Unit.Kind.COMMUNITY)

    response = client_for(town01).get(reverse("admin:orgs_unit_changelist"), {"q": "tysq"})

    assert _shown(response) == [taoyuan]


def test_cadres_are_found_by_pinyin_initials_and_unit_name(client_for, town01, township1):
    village = UnitFactory(parent=township1, name="桃源村")
    wang = CadreFactory(unit=village, name="王秀英")
    CadreFactory(unit=UnitFactory(parent=township1, name="溪口村"), name="陈桂芳")
    client = client_for(town01)

    assert _shown(client.get(reverse("admin:orgs_cadre_changelist"), {"q": "wxy"})) == [wang]
    assert _shown(client.get(reverse("admin:orgs_cadre_changelist"), {"q": "桃源"})) == [wang]


def test_overdue_term_elections_are_flagged_and_filtered(client_for, county_staff, township1):
    overdue = WomenOrganisationFactory(unit=UnitFactory(parent=township1, name="东岙村"))
    TermElectionFactory(organisation=overdue, held_on=datetime.date(2015, 4, 1))
    current = WomenOrganisationFactory(unit=UnitFactory(parent=township1, name="西岭村"))
    TermElectionFactory(organisation=current, held_on=datetime.date(2015, 4, 1))
    TermElectionFactory(organisation=current, held_on=datetime.date(2023, 4, 1))
    client = client_for(county_staff)

    page = client.get(reverse("admin:orgs_womenorganisation_changelist"))
    filtered = client.get(reverse("admin:orgs_womenorganisation_changelist"), {"election": "overdue"})
    elections = client.get(reverse("admin:orgs_termelection_changelist"), {"overdue": "yes"})

    assert "2020-04-01（已逾期）" in page.content.decode()
    assert "2028-04-01" in page.content.decode()
    assert _shown(filtered) == [overdue]
    assert [e.organisation for e in _shown(elections)] == [overdue]


def test_organisation_page_has_posts_and_term_election_inlines(client_for, town01, township1):
    org = WomenOrganisationFactory(unit=UnitFactory(parent=township1), established_on=datetime.date(2012, 3, 8))
    cadre = CadreFactory(unit=org.unit, name="王秀英")
    client = client_for(town01)
    url = reverse("admin:orgs_womenorganisation_change", args=[org.pk])
    data = form_data(client.get(url))
    add_inline_row(data, "posts", cadre=cadre.pk, position=Cadre.Position.CHAIR, started_on="2024-05-01")
    add_inline_row(data, "term_elections", held_on="2024-05-01", term_years="5", filed_with="party")

    response = client.post(url, data)

    assert response.status_code == 302
    org.refresh_from_db()
    assert org.posts.get().cadre == cadre
    assert org.next_election_due == datetime.date(2029, 5, 1)
    assert org.term_elections.get().township_id == township1.pk


def test_a_new_cadre_is_added_together_with_her_posts(client_for, town01, township1):
    village = UnitFactory(parent=township1, name="桃源村")
    village_org = WomenOrganisationFactory(unit=village)
    township_org = WomenOrganisationFactory(unit=township1, name="萧江镇妇联")
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_add")
    data = form_data(client.get(url))
    data.update(name="李玉兰", unit=village.pk, id_number=valid_id_number(77), is_reserve="on")
    add_inline_row(data, "posts", organisation=village_org.pk, position=Cadre.Position.CHAIR, on_committee="on")
    add_inline_row(data, "posts", organisation=township_org.pk, position=Cadre.Position.EXECUTIVE)

    response = client.post(url, data)

    assert response.status_code == 302
    cadre = Cadre.objects.get(name="李玉兰")
    assert sorted(cadre.posts.values_list("position", flat=True)) == ["chair", "executive"]
    assert cadre.is_reserve


def test_cadre_list_shows_current_positions(client_for, town01, township1):
    post = PostFactory(organisation=WomenOrganisationFactory(unit=UnitFactory(parent=township1)))
    PostFactory(
        organisation=post.organisation,
        cadre=post.cadre,
        position=Cadre.Position.EXECUTIVE,
        ended_on=datetime.date(2020, 1, 1),
        started_on=datetime.date(2015, 1, 1),
    )

    page = client_for(town01).get(reverse("admin:orgs_cadre_changelist")).content.decode()

    assert "主席" in page
    assert "执委" not in page.split("现任职务", 1)[1].split("</table>", 1)[0]


def test_county_staff_filters_units_by_township_and_kind(client_for, county_staff, township1, township2):
    mine = UnitFactory(parent=township1, kind=Unit.Kind.ENTERPRISE, name="立天控股集团")
    UnitFactory(parent=township2, kind=Unit.Kind.ENTERPRISE)
    UnitFactory(parent=township1)

    response = client_for(county_staff).get(
        reverse("admin:orgs_unit_changelist"), {"township": township1.pk, "kind": Unit.Kind.ENTERPRISE}
    )

    assert _shown(response) == [mine]


def test_units_without_an_organisation_can_be_listed(client_for, town01, township1):
    without = UnitFactory(parent=township1, name="东岙村")
    WomenOrganisationFactory(unit=UnitFactory(parent=township1, name="西岭村"))
    WomenOrganisationFactory(
        unit=UnitFactory(parent=township1, name="南坑村"), status=WomenOrganisation.Status.DISSOLVED
    )

    response = client_for(town01).get(
        reverse("admin:orgs_unit_changelist"), {"has_org": "no", "kind": Unit.Kind.VILLAGE}
    )

    assert {u.name for u in _shown(response)} == {without.name, "南坑村"}


def test_a_duplicate_unit_name_in_the_same_township_is_refused_in_chinese(client_for, town01, township1):
    UnitFactory(parent=township1, name="桃源村")
    client = client_for(town01)
    data = form_data(client.get(reverse("admin:orgs_unit_add")))
    data.update(name="桃源村", kind=Unit.Kind.VILLAGE, parent=township1.pk)

    response = client.post(reverse("admin:orgs_unit_add"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "同一上级单位下已有同名单位" in html
    assert "<title>错误：增加 基层单位 | 县妇联基层组织建设管理平台</title>" in html
    assert Unit.objects.filter(name="桃源村").count() == 1


def test_a_second_current_chair_is_refused_in_chinese(client_for, town01, township1):
    chair = PostFactory(organisation=WomenOrganisationFactory(unit=UnitFactory(parent=township1)))
    newcomer = CadreFactory(unit=chair.organisation.unit)
    client = client_for(town01)
    data = form_data(client.get(reverse("admin:orgs_post_add")))
    data.update(cadre=newcomer.pk, organisation=chair.organisation.pk, position=Cadre.Position.CHAIR)

    response = client.post(reverse("admin:orgs_post_add"), data)

    assert "该组织已有一名现任主席" in response.content.decode()
    assert chair.organisation.posts.count() == 1


def test_history_shows_who_changed_what_in_chinese(client_for, town01, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1), name="王秀英")
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_change", args=[cadre.pk])
    data = form_data(client.get(url))
    data.update(political_status=Cadre.PoliticalStatus.PARTY_MEMBER, is_reserve="on", id_number=valid_id_number(55))
    data["birth_date"] = ""  # taken from the new number
    assert client.post(url, data).status_code == 302

    html = client.get(reverse("admin:orgs_cadre_history", args=[cadre.pk])).content.decode()

    assert "town01" in html
    assert "政治面貌:</strong>" in html and "群众" in html and "中共党员" in html
    assert "后备干部:</strong>" in html and "否" in html
    assert "masses" not in html and "party" not in html
    cadre.refresh_from_db()
    assert cadre.id_number_hash not in html
    assert valid_id_number(55) not in html
