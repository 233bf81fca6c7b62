"""A cadre or a women's organisation transferred to a unit of another township takes what it owns along
(issue 16, finding 4): the old township no longer lists or changes it, the new one does, in one transaction,
with history kept."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError

from orgs import ownership
from orgs.importing.bulk import update_with_history
from orgs.models import Cadre, Post, TermElection, WomenOrganisation
from tests.factories import (
    AttendanceFactory,
    CadreFactory,
    EventFactory,
    PostFactory,
    TermElectionFactory,
    UnitFactory,
    WomenOrganisationFactory,
)
from tests.orgs.admin_helpers import form_data, has_errors
from training.models import Attendance


@pytest.fixture
def cadre(township1):
    return CadreFactory(unit=UnitFactory(parent=township1, name="桃源村"), name="王秀英")


@pytest.fixture
def attendance(cadre, township1):
    """Her attendance at town01's own course."""
    return AttendanceFactory(cadre=cadre, event=EventFactory(organiser=township1, title="萧江镇妇女干部培训班"))


@pytest.fixture
def organisation(township1):
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township1, name="前进村"))
    PostFactory(organisation=organisation, cadre__name="陈玉兰")
    TermElectionFactory(organisation=organisation)
    return organisation


def _move_in_admin(client, url: str, **changes) -> None:
    data = form_data(client.get(url))
    data.update({key: str(value) for key, value in changes.items()})
    response = client.post(url, data)
    assert response.status_code == 302, has_errors(response) and response.content.decode()


def test_a_transferred_cadres_attendance_goes_with_her(
    client_for, county_staff, town01, town02, township2, cadre, attendance
):
    other_unit = UnitFactory(parent=township2, name="沿溪村")
    _move_in_admin(client_for(county_staff), f"/admin/orgs/cadre/{cadre.pk}/change/", unit=other_unit.pk)

    attendance.refresh_from_db()
    assert attendance.township_id == township2.pk
    assert not Attendance.objects.for_user(town01).filter(pk=attendance.pk).exists()
    assert Attendance.objects.for_user(town02).filter(pk=attendance.pk).exists()
    latest = attendance.history.first()
    assert latest.township_id == township2.pk and latest.history_change_reason == "随妇女干部调整所属乡镇"
    assert latest.history_user == county_staff


def test_the_old_township_can_no_longer_change_her_attendance(
    client_for, county_staff, town01, town02, township2, cadre, attendance
):
    cadre.unit = UnitFactory(parent=township2)
    cadre.save()

    town01_client = client_for(town01)
    page = town01_client.get(f"/training/events/{attendance.event_id}/").content.decode()
    assert "王秀英" not in page
    refused = town01_client.post(f"/training/attendance/{attendance.pk}/status/", {"status": "absent"})
    assert refused.status_code == 404
    assert town01_client.post(f"/training/attendance/{attendance.pk}/delete/").status_code == 404
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.ATTENDED

    assert client_for(town02).get(f"/training/cadres/{cadre.pk}/").status_code == 200
    allowed = client_for(town02).post(f"/training/attendance/{attendance.pk}/status/", {"status": "absent"})
    assert allowed.status_code == 302
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.ABSENT


def test_a_transferred_organisation_takes_its_posts_and_elections(
    client_for, county_staff, town01, town02, township2, organisation
):
    post, election = organisation.posts.get(), organisation.term_elections.get()
    new_unit = UnitFactory(parent=township2, name="新塘村")
    _move_in_admin(
        client_for(county_staff), f"/admin/orgs/womenorganisation/{organisation.pk}/change/", unit=new_unit.pk
    )

    assert WomenOrganisation.objects.get(pk=organisation.pk).township_id == township2.pk
    assert Post.objects.get(pk=post.pk).township_id == township2.pk
    assert TermElection.objects.get(pk=election.pk).township_id == township2.pk

    town01_client = client_for(town01)
    assert post.pk not in town01_client.get("/admin/orgs/post/").context["cl"].result_list.values_list("pk", flat=True)
    assert town01_client.get(f"/admin/orgs/post/{post.pk}/change/").status_code == 404
    gone = town01_client.post(f"/admin/orgs/termelection/{election.pk}/delete/", {"post": "yes"})
    assert gone.status_code == 404
    assert TermElection.objects.filter(pk=election.pk).exists()

    town02_client = client_for(town02)
    assert post.pk in town02_client.get("/admin/orgs/post/").context["cl"].result_list.values_list("pk", flat=True)
    assert town02_client.get(f"/admin/orgs/termelection/{election.pk}/change/").status_code == 200


def test_a_failure_in_the_middle_of_a_transfer_leaves_everything_as_it_was(township1, township2, cadre, attendance):
    before = (Cadre.objects.get(pk=cadre.pk).unit_id, Cadre.objects.get(pk=cadre.pk).township_id)
    cadre.unit = UnitFactory(parent=township2)
    with (
        mock.patch("simple_history.utils.bulk_update_with_history", side_effect=DatabaseError("断开")),
        pytest.raises(DatabaseError),
    ):
        cadre.save()

    stored = Cadre.objects.get(pk=cadre.pk)
    assert (stored.unit_id, stored.township_id) == before
    assert Attendance.objects.get(pk=attendance.pk).township_id == township1.pk
    assert not Cadre.history.filter(id=cadre.pk, township_id=township2.pk).exists()


def test_a_county_import_that_moves_a_cadre_moves_her_attendance(township1, township2, cadre, attendance):
    loaded = Cadre.objects.get(pk=cadre.pk)
    loaded.unit = UnitFactory(parent=township2)
    update_with_history(Cadre, [loaded], ["unit"], reason="Excel导入")

    assert Cadre.objects.get(pk=cadre.pk).township_id == township2.pk
    assert Attendance.objects.get(pk=attendance.pk).township_id == township2.pk


def test_an_ordinary_save_moves_nothing_and_costs_no_extra_query(django_assert_num_queries, cadre, attendance):
    loaded = Cadre.objects.select_related("unit").get(pk=cadre.pk)
    loaded.phone = "13900000000"
    with django_assert_num_queries(2):  # the update and its history row
        loaded.save()
    assert ownership.move_owned_rows(loaded) == 0


def test_an_external_participant_stays_with_the_event_when_a_cadre_moves(township1, township2, cadre, attendance):
    external = Attendance.objects.create(event=attendance.event, name="张三", organisation_name="外单位")
    cadre.unit = UnitFactory(parent=township2)
    cadre.save()

    assert Attendance.objects.get(pk=external.pk).township_id == township1.pk
    assert Attendance.objects.get(pk=attendance.pk).township_id == township2.pk
