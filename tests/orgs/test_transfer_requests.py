"""调动申请 end to end: town01 finds a woman registered in town02, asks for her without learning who or where
she is, county staff approve, and afterwards each township sees exactly what it should."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from orgs import transfers
from orgs.models import Cadre, Post, TransferRequest
from tests.factories import (
    AttendanceFactory,
    CadreFactory,
    EventFactory,
    PostFactory,
    UnitFactory,
    WomenOrganisationFactory,
    valid_id_number,
)
from training.models import Attendance

NUMBER = valid_id_number(4711)


@pytest.fixture
def registered(township2):
    """王秀英, chair of 水头村妇联 in town02, trained there."""
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township2, name="水头村"), name="水头村妇联")
    cadre = CadreFactory(unit=organisation.unit, name="王秀英", id_number=NUMBER, phone="13800001234")
    PostFactory(cadre=cadre, organisation=organisation, started_on=datetime.date(2021, 5, 1))
    AttendanceFactory(cadre=cadre, event=EventFactory(organiser=township2, title="水头镇妇女干部培训班"))
    return cadre


@pytest.fixture
def new_unit(township1):
    return UnitFactory(parent=township1, name="桃源村")


def _ask(client, new_unit, number=NUMBER, name="王秀英"):
    return client.post(
        "/transfers/new/", {"name": name, "id_number": number, "to_unit": new_unit.pk, "reason": "嫁入本村"}
    )


def test_the_cadre_form_points_to_the_transfer_request(client_for, town01, registered, new_unit):
    page = client_for(town01).post(
        "/admin/orgs/cadre/add/",
        {
            "unit": new_unit.pk,
            "name": "王秀英",
            "sex": "F",
            "id_number": NUMBER,
            "posts-TOTAL_FORMS": "0",
            "posts-INITIAL_FORMS": "0",
        },
    )
    text = page.content.decode()
    assert "已在其他乡镇登记" in text and "调动申请" in text
    assert "水头" not in text  # neither where she is registered …
    assert "13800001234" not in text  # … nor anything of hers


def test_a_township_asks_without_learning_who_or_where(client_for, town01, registered, new_unit):
    client = client_for(town01)
    response = _ask(client, new_unit)
    transfer = TransferRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/transfers/{transfer.pk}/"
    assert (transfer.township_id, transfer.status, transfer.cadre_id) == (
        new_unit.township_id,
        "pending",
        registered.pk,
    )
    page = client.get(f"/transfers/{transfer.pk}/").content.decode()
    assert "待县妇联审批" in page and "王秀英" in page and NUMBER not in page
    assert "水头" not in page and "原登记乡镇" not in page
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ID_LOOKUP, object_repr__contains=NUMBER[:6]).count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TRANSITION, object_repr__contains="提交调动申请").exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (valid_id_number(9999), "没有在其他乡镇找到登记此身份证号"),  # registered nowhere
        ("33032719850312000X", "身份证"),  # not a valid number
    ],
)
def test_a_request_for_nobody_registered_elsewhere_is_refused(
    client_for, town01, registered, new_unit, number, message
):
    response = _ask(client_for(town01), new_unit, number=number)
    assert response.status_code == 400 and message in response.content.decode()
    assert not TransferRequest.objects.exists()


def test_asking_for_a_woman_already_in_ones_own_township_is_refused(client_for, town01, new_unit):
    CadreFactory(unit=new_unit, id_number=NUMBER)
    response = _ask(client_for(town01), new_unit)
    assert "此人已在本乡镇登记" in response.content.decode() and not TransferRequest.objects.exists()


def test_a_second_pending_request_for_the_same_woman_is_refused(client_for, town01, registered, new_unit):
    client = client_for(town01)
    _ask(client, new_unit)
    response = _ask(client, new_unit)
    assert "正在等待县妇联审批" in response.content.decode()
    assert TransferRequest.objects.count() == 1


def test_the_unit_must_be_the_asking_townships(town01, registered, township2):
    with pytest.raises(ValidationError, match="调入单位必须是本乡镇"):
        transfers.request_transfer(user=town01, name="王秀英", id_number=NUMBER, to_unit=registered.unit, reason="x")


def test_approval_moves_her_and_her_training_and_ends_her_posts_there(
    client_for, town01, town02, county_staff, registered, new_unit
):
    transfer = transfers.request_transfer(user=town01, name="王秀英", id_number=NUMBER, to_unit=new_unit, reason="嫁入")
    county = client_for(county_staff)
    page = county.get(f"/transfers/{transfer.pk}/").content.decode()
    assert "原登记乡镇" in page and "水头村" in page  # the county sees who and where
    response = county.post(f"/transfers/{transfer.pk}/", {"decision": "approve", "decision_note": ""})
    assert response.status_code == 302
    registered.refresh_from_db()
    assert (registered.unit_id, registered.township_id) == (new_unit.pk, new_unit.township_id)
    assert set(Attendance.objects.filter(cadre=registered).values_list("township_id", flat=True)) == {
        new_unit.township_id
    }
    post = Post.objects.get(cadre=registered)
    assert post.ended_on is not None and post.township_id == town02.staff_profile.township_id
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == ("approved", county_staff)

    # Afterwards: town01 lists and opens her, town02 neither.
    assert list(Cadre.objects.for_user(town01)) == [registered]
    assert not Cadre.objects.for_user(town02).exists()
    assert client_for(town02).get(f"/admin/orgs/cadre/{registered.pk}/change/").status_code == 404
    assert not Attendance.objects.for_user(town02).filter(cadre=registered).exists()
    assert client_for(town01).get(f"/admin/orgs/cadre/{registered.pk}/change/").status_code == 200
    # Her history records the move and who made it.
    assert registered.history.first().history_user == county_staff


def test_a_refusal_needs_a_reason_and_moves_nothing(client_for, town01, county_staff, registered, new_unit):
    transfer = transfers.request_transfer(user=town01, name="王秀英", id_number=NUMBER, to_unit=new_unit, reason="x")
    county = client_for(county_staff)
    response = county.post(f"/transfers/{transfer.pk}/", {"decision": "refuse", "decision_note": ""})
    assert response.status_code == 400 and "请填写原因" in response.content.decode()
    county.post(f"/transfers/{transfer.pk}/", {"decision": "refuse", "decision_note": "本人未同意调动"})
    transfer.refresh_from_db()
    registered.refresh_from_db()
    assert transfer.status == "refused" and registered.township_id != new_unit.township_id
    assert "本人未同意调动" in client_for(town01).get(f"/transfers/{transfer.pk}/").content.decode()


def test_a_decided_request_cannot_be_decided_again(client_for, town01, county_staff, registered, new_unit):
    transfer = transfers.request_transfer(user=town01, name="王秀英", id_number=NUMBER, to_unit=new_unit, reason="x")
    transfers.decide_transfer(transfer=transfer, by=county_staff, approve=False, note="不同意")
    with pytest.raises(ValidationError, match="已审批"):
        transfers.decide_transfer(transfer=transfer, by=county_staff, approve=True)
    registered.refresh_from_db()
    assert registered.township_id != new_unit.township_id


def test_only_county_staff_decide(client_for, town01, leader, registered, new_unit):
    transfer = transfers.request_transfer(user=town01, name="王秀英", id_number=NUMBER, to_unit=new_unit, reason="x")
    for user in (town01, leader):
        response = client_for(user).post(f"/transfers/{transfer.pk}/", {"decision": "approve"})
        assert response.status_code == 403
        with pytest.raises(ValidationError, match="只有县妇联工作人员"):
            transfers.decide_transfer(transfer=transfer, by=user, approve=True)
    transfer.refresh_from_db()
    assert transfer.is_pending


def test_another_township_never_sees_the_request(client_for, town01, town02, registered, new_unit):
    transfer = transfers.request_transfer(user=town01, name="王秀英", id_number=NUMBER, to_unit=new_unit, reason="x")
    client = client_for(town02)
    assert client.get(f"/transfers/{transfer.pk}/").status_code == 404
    assert "王秀英" not in client.get("/transfers/").content.decode()


def test_the_list_costs_the_same_queries_for_one_request_or_many(
    client_for, town01, county_staff, township2, new_unit, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            cadre = CadreFactory(
                unit=UnitFactory(parent=township2), id_number=valid_id_number(5000 + Cadre.objects.count())
            )
            TransferRequest.objects.create(
                to_unit=new_unit,
                cadre=cadre,
                given_name=cadre.name,
                id_number_masked="x",
                reason="x",
                requested_by=town01,
            )

    client = client_for(county_staff)
    add(1)
    client.get("/transfers/")
    with django_assert_max_num_queries(12) as few:
        client.get("/transfers/")
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/transfers/").content.decode().count("/transfers/") >= 21


def test_requests_count_against_the_hourly_lookup_allowance(client_for, town01, registered, new_unit, settings):
    settings.ID_NUMBER_LOOKUP_LIMIT = 0
    response = _ask(client_for(town01), new_unit)
    assert response.status_code == 400 and "一小时内" in response.content.decode()
    assert not TransferRequest.objects.exists()


def test_the_county_home_counts_the_requests_waiting(client_for, town01, county_staff, registered, new_unit):
    transfers.request_transfer(user=town01, name="王秀英", id_number=NUMBER, to_unit=new_unit, reason="x")
    page = client_for(county_staff).get("/").content.decode()
    assert 'data-testid="pending-transfers">1</a>' in page
