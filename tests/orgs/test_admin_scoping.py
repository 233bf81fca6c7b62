"""Township staff see and change only their township's rows, through every admin URL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from orgs.models import Cadre, Post, TermElection, Unit, WomenOrganisation
from tests.factories import (
    CadreFactory,
    PostFactory,
    TermElectionFactory,
    UnitFactory,
    WomenOrganisationFactory,
    valid_id_number,
)
from tests.orgs.admin_helpers import INVALID_CHOICE, add_inline_row, form_data, has_errors

# model name in the admin URL -> attribute of the per-township rows built below
MODELS = {
    "unit": "village",
    "womenorganisation": "org",
    "cadre": "cadre",
    "post": "post",
    "termelection": "election",
}


def _build(township, village, spare, cadre_name):
    unit = UnitFactory(parent=township, name=village)
    org = WomenOrganisationFactory(unit=unit)
    cadre = CadreFactory(unit=unit, name=cadre_name)
    return SimpleNamespace(
        township=township,
        village=unit,
        spare=UnitFactory(parent=township, name=spare),
        org=org,
        cadre=cadre,
        post=PostFactory(organisation=org, cadre=cadre),
        election=TermElectionFactory(organisation=org),
    )


@pytest.fixture
def rows(township1, township2):
    return {
        1: _build(township1, "桃源村", "东岙村", "王秀英"),
        2: _build(township2, "溪口村", "西岭村", "陈桂芳"),
    }


def _url(model: str, view: str, obj=None) -> str:
    args = [obj.pk] if obj is not None else []
    return reverse(f"admin:orgs_{model}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_township_staff_changelist_lists_only_own_rows(client_for, town01, rows, model):
    response = client_for(town01).get(_url(model, "changelist"))

    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert getattr(rows[1], MODELS[model]).pk in shown
    assert getattr(rows[2], MODELS[model]).pk not in shown
    assert "溪口村" not in response.content.decode()


@pytest.mark.parametrize("view", ["change", "history", "delete"])
@pytest.mark.parametrize("model", MODELS)
def test_township_staff_opens_own_row_but_not_other_townships(client_for, town01, rows, model, view):
    client = client_for(town01)

    assert client.get(_url(model, view, getattr(rows[1], MODELS[model]))).status_code == 200
    assert client.get(_url(model, view, getattr(rows[2], MODELS[model]))).status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_township_staff_cannot_open_a_historical_version_of_other_townships_row(client_for, town01, rows, model):
    other = getattr(rows[2], MODELS[model])
    version = other.history.latest("history_date")

    response = client_for(town01).get(
        reverse(f"admin:orgs_{model}_simple_history", args=[other.pk, version.history_id])
    )

    assert response.status_code == 404


def test_township_staff_still_reads_the_history_of_a_row_they_deleted(client_for, town01, rows):
    post = rows[1].post
    pk = post.pk
    post.delete()

    response = client_for(town01).get(reverse("admin:orgs_post_history", args=[pk]))

    assert response.status_code == 200


def test_history_of_a_deleted_row_of_another_township_is_not_found(client_for, town01, rows):
    pk = rows[2].post.pk
    rows[2].post.delete()

    assert client_for(town01).get(reverse("admin:orgs_post_history", args=[pk])).status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_delete_action_ignores_other_townships_rows(client_for, town01, rows, model):
    other = getattr(rows[2], MODELS[model])

    response = client_for(town01).post(
        _url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )

    assert response.status_code in (200, 302)
    assert type(other).objects.filter(pk=other.pk).exists()


def test_other_townships_unit_cannot_be_chosen_as_parent(client_for, town01, rows):
    client = client_for(town01)
    data = form_data(client.get(_url("unit", "add")))
    data.update(name="伪造村", kind=Unit.Kind.VILLAGE, parent=rows[2].township.pk)

    response = client.post(_url("unit", "add"), data)

    assert has_errors(response)
    assert INVALID_CHOICE in response.content.decode()
    assert not Unit.objects.filter(name="伪造村").exists()


def test_unit_cannot_be_moved_into_another_township(client_for, town01, rows):
    client = client_for(town01)
    village = rows[1].village
    data = form_data(client.get(_url("unit", "change", village)))
    data["parent"] = str(rows[2].township.pk)

    response = client.post(_url("unit", "change", village), data)

    assert has_errors(response)
    village.refresh_from_db()
    assert village.township_id == rows[1].township.pk


def test_posted_township_field_is_ignored_and_the_unit_lands_in_own_township(client_for, town01, rows):
    client = client_for(town01)
    data = form_data(client.get(_url("unit", "add")))
    data.update(name="新建村", kind=Unit.Kind.VILLAGE, parent=rows[1].township.pk, township=rows[2].township.pk)

    response = client.post(_url("unit", "add"), data)

    assert response.status_code == 302
    assert Unit.objects.get(name="新建村").township_id == rows[1].township.pk


def test_organisation_cannot_be_added_to_another_townships_unit(client_for, town01, rows):
    client = client_for(town01)
    data = form_data(client.get(_url("womenorganisation", "add")))
    data.update(name="伪造妇联", unit=rows[2].spare.pk)

    response = client.post(_url("womenorganisation", "add"), data)

    assert has_errors(response)
    assert not WomenOrganisation.objects.filter(name="伪造妇联").exists()


def test_organisation_cannot_be_moved_to_another_townships_unit(client_for, town01, rows):
    client = client_for(town01)
    org = rows[1].org
    data = form_data(client.get(_url("womenorganisation", "change", org)))
    data["unit"] = str(rows[2].spare.pk)

    response = client.post(_url("womenorganisation", "change", org), data)

    assert has_errors(response)
    org.refresh_from_db()
    assert org.unit_id == rows[1].village.pk


def test_cadre_cannot_be_added_to_another_townships_unit(client_for, town01, rows):
    client = client_for(town01)
    data = form_data(client.get(_url("cadre", "add")))
    data.update(name="伪造干部", unit=rows[2].village.pk, id_number=valid_id_number(401))

    response = client.post(_url("cadre", "add"), data)

    assert has_errors(response)
    assert INVALID_CHOICE in response.content.decode()
    assert not Cadre.objects.filter(name="伪造干部").exists()


def test_cadre_cannot_be_moved_to_another_township(client_for, town01, rows):
    client = client_for(town01)
    cadre = rows[1].cadre
    data = form_data(client.get(_url("cadre", "change", cadre)))
    data["unit"] = str(rows[2].village.pk)

    response = client.post(_url("cadre", "change", cadre), data)

    assert has_errors(response)
    cadre.refresh_from_db()
    assert cadre.township_id == rows[1].township.pk


@pytest.mark.parametrize("forged", ["organisation", "cadre"])
def test_post_cannot_point_at_another_townships_organisation_or_cadre(client_for, town01, rows, forged):
    client = client_for(town01)
    data = form_data(client.get(_url("post", "add")))
    data.update(cadre=rows[1].cadre.pk, organisation=rows[1].org.pk, position=Cadre.Position.EXECUTIVE)
    data[forged] = str(getattr(rows[2], "org" if forged == "organisation" else "cadre").pk)

    response = client.post(_url("post", "add"), data)

    assert has_errors(response)
    assert Post.objects.count() == 2


def test_term_election_cannot_be_filed_for_another_townships_organisation(client_for, town01, rows):
    client = client_for(town01)
    data = form_data(client.get(_url("termelection", "add")))
    data.update(organisation=rows[2].org.pk, held_on="2024-06-01", term_years="5")

    response = client.post(_url("termelection", "add"), data)

    assert has_errors(response)
    assert TermElection.objects.count() == 2


def test_post_inline_on_organisation_refuses_another_townships_cadre(client_for, town01, rows):
    client = client_for(town01)
    org = rows[1].org
    data = form_data(client.get(_url("womenorganisation", "change", org)))
    add_inline_row(data, "posts", cadre=rows[2].cadre.pk, position=Cadre.Position.EXECUTIVE)

    response = client.post(_url("womenorganisation", "change", org), data)

    assert has_errors(response)
    assert org.posts.count() == 1


def test_post_inline_on_cadre_refuses_another_townships_organisation(client_for, town01, rows):
    client = client_for(town01)
    cadre = rows[1].cadre
    data = form_data(client.get(_url("cadre", "change", cadre)))
    add_inline_row(data, "posts", organisation=rows[2].org.pk, position=Cadre.Position.EXECUTIVE)

    response = client.post(_url("cadre", "change", cadre), data)

    assert has_errors(response)
    assert cadre.posts.count() == 1


def test_two_current_chairs_typed_at_once_are_refused_with_a_message(client_for, town01, rows):
    client = client_for(town01)
    org = rows[1].org
    other_cadre = CadreFactory(unit=rows[1].village, name="李玉兰")
    data = form_data(client.get(_url("womenorganisation", "change", org)))
    add_inline_row(data, "posts", cadre=other_cadre.pk, position=Cadre.Position.CHAIR)

    response = client.post(_url("womenorganisation", "change", org), data)

    assert has_errors(response)
    assert "只能有一名现任主席" in response.content.decode()
    assert org.posts.count() == 1


AUTOCOMPLETES = [
    ("unit", "parent"),
    ("womenorganisation", "unit"),
    ("cadre", "unit"),
    ("post", "cadre"),
    ("post", "organisation"),
    ("termelection", "organisation"),
]


@pytest.mark.parametrize(("model", "field"), AUTOCOMPLETES)
def test_autocomplete_offers_only_own_townships_rows(client_for, town01, rows, model, field):
    response = client_for(town01).get(
        "/admin/autocomplete/", {"app_label": "orgs", "model_name": model, "field_name": field, "term": ""}
    )

    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    target = {"parent": Unit, "unit": Unit, "cadre": Cadre, "organisation": WomenOrganisation}[field]
    assert ids
    assert ids <= set(target.objects.filter(township=rows[1].township).values_list("pk", flat=True))


def test_autocomplete_search_for_another_townships_name_finds_nothing(client_for, town01, rows):
    response = client_for(town01).get(
        "/admin/autocomplete/",
        {"app_label": "orgs", "model_name": "cadre", "field_name": "unit", "term": "溪口"},
    )

    assert response.json()["results"] == []


def test_unit_parent_autocomplete_offers_only_the_township(client_for, town01, rows):
    response = client_for(town01).get(
        "/admin/autocomplete/", {"app_label": "orgs", "model_name": "unit", "field_name": "parent", "term": ""}
    )

    assert [r["text"] for r in response.json()["results"]] == ["萧江镇"]


def test_township_staff_cannot_edit_their_own_township_row(client_for, town01, rows):
    client = client_for(town01)
    township = rows[1].township
    page = client.get(_url("unit", "change", township))
    data = {"name": "改名镇", "kind": Unit.Kind.TOWNSHIP}

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(_url("unit", "change", township), data).status_code == 403
    assert client.get(_url("unit", "delete", township)).status_code == 403
    township.refresh_from_db()
    assert township.name == "萧江镇"


@pytest.mark.parametrize("model", MODELS)
def test_leader_views_but_cannot_add_change_or_delete(client_for, leader, admin_user, rows, model):
    obj = getattr(rows[2], MODELS[model])
    data = form_data(client_for(admin_user).get(_url(model, "change", obj)))
    client = client_for(leader)

    assert client.get(_url(model, "changelist")).status_code == 200
    page = client.get(_url(model, "change", obj))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(_url(model, "history", obj)).status_code == 200
    assert client.get(_url(model, "add")).status_code == 403
    assert client.post(_url(model, "change", obj), data).status_code == 403
    assert client.get(_url(model, "delete", obj)).status_code == 403
    assert client.post(_url(model, "delete", obj), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_leader_cannot_revert_a_row_through_its_history(client_for, leader, admin_user, rows):
    cadre = rows[2].cadre
    version = cadre.history.latest("history_date")
    url = reverse("admin:orgs_cadre_simple_history", args=[cadre.pk, version.history_id])
    data = form_data(client_for(admin_user).get(url))
    data["name"] = "篡改"
    client = client_for(leader)

    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    cadre.refresh_from_db()
    assert cadre.name == "陈桂芳"


def test_county_staff_sees_every_township_and_filters_by_township(client_for, county_staff, rows):
    client = client_for(county_staff)

    everything = client.get(_url("cadre", "changelist"))
    filtered = client.get(_url("cadre", "changelist"), {"township": rows[2].township.pk})

    assert {c.pk for c in everything.context["cl"].result_list} == {rows[1].cadre.pk, rows[2].cadre.pk}
    assert [c.pk for c in filtered.context["cl"].result_list] == [rows[2].cadre.pk]
    assert client.get(_url("cadre", "change", rows[2].cadre)).status_code == 200
