"""A township clerk cannot use the cadre form or the imports to ask "is this 身份证号 registered anywhere in the
county?" more than a few times an hour: each "registered in another township" answer is audited and counted,
and past the allowance numbers outside her township are refused alike. The attendance import never tells
another township's cadre from nobody."""

from __future__ import annotations

import pytest
from django.conf import settings

from audit.models import AuditEvent
from orgs.models import Cadre
from tests.factories import CadreFactory, EventFactory, UnitFactory, WomenOrganisationFactory, valid_id_number
from tests.importexport.helpers import CADRE_HEADERS, cadre_row, upload, xlsx_bytes

ELSEWHERE = "该身份证号已在其他乡镇登记"
LIMIT = "暂停核对本乡镇以外的身份证号"


@pytest.fixture
def villages(township1, township2):
    mine, theirs = UnitFactory(parent=township1, name="桃源村"), UnitFactory(parent=township2, name="山前村")
    for unit in (mine, theirs):
        WomenOrganisationFactory(unit=unit)
    return mine, theirs


@pytest.fixture
def registered_elsewhere(villages) -> list[Cadre]:
    """Cadres of 水头镇 (township2), whose numbers a 萧江镇 clerk might type."""
    return [CadreFactory(unit=villages[1], id_number=valid_id_number(500 + n)) for n in range(5)]


def _add_cadre(client, unit, number: str, name: str = "王秀兰"):
    return client.post(
        "/admin/orgs/cadre/add/",
        {
            "name": name,
            "unit": unit.pk,
            "id_number": number,
            "sex": "F",
            "ethnicity": "汉族",
            "political_status": "masses",
            "posts-TOTAL_FORMS": "0",
            "posts-INITIAL_FORMS": "0",
            "posts-MIN_NUM_FORMS": "0",
            "posts-MAX_NUM_FORMS": "1000",
            "_save": "保存",
        },
    )


def _denials(user):
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.ID_LOOKUP, user=user, object_repr__startswith="身份证号")


def test_the_allowance_is_twenty_an_hour():
    assert settings.ID_NUMBER_LOOKUP_LIMIT == 20


def test_the_cadre_form_says_transfer_and_the_lookup_is_audited(client_for, town01, villages, registered_elsewhere):
    target = registered_elsewhere[0]

    response = _add_cadre(client_for(town01), villages[0], target.id_number)

    page = response.content.decode()
    assert response.status_code == 200 and ELSEWHERE in page and "请提交“调动申请”" in page
    assert "水头镇" not in page and target.name not in page
    assert not Cadre.objects.filter(name="王秀兰").exists()
    event = _denials(town01).get()
    assert target.id_number_masked in event.object_repr and target.id_number not in event.object_repr + event.detail
    assert "妇女干部录入" in event.detail


def test_past_the_allowance_registered_and_unregistered_numbers_get_the_same_refusal(
    settings, client_for, town01, villages, registered_elsewhere
):
    settings.ID_NUMBER_LOOKUP_LIMIT = 3
    client = client_for(town01)
    for cadre in registered_elsewhere[:3]:
        assert ELSEWHERE in _add_cadre(client, villages[0], cadre.id_number).content.decode()

    registered = _add_cadre(client, villages[0], registered_elsewhere[3].id_number).content.decode()
    unregistered = _add_cadre(client, villages[0], valid_id_number(777)).content.decode()

    assert LIMIT in registered and LIMIT in unregistered
    assert ELSEWHERE not in registered
    assert not Cadre.objects.filter(name="王秀兰").exists()
    assert _denials(town01).count() == 3
    assert AuditEvent.objects.filter(user=town01, detail__contains="已达上限").count() == 2


def test_under_the_allowance_a_new_number_is_registered(client_for, town01, villages, registered_elsewhere):
    client = client_for(town01)
    _add_cadre(client, villages[0], registered_elsewhere[0].id_number)

    assert _add_cadre(client, villages[0], valid_id_number(778)).status_code == 302
    assert Cadre.objects.filter(name="王秀兰", township=villages[0].township_id).exists()


def test_her_own_townships_number_is_a_plain_duplicate_and_not_counted(settings, client_for, town01, villages):
    settings.ID_NUMBER_LOOKUP_LIMIT = 1
    own = CadreFactory(unit=villages[0])
    client = client_for(town01)
    for _ in range(2):
        assert "该身份证号已登记，请勿重复录入" in _add_cadre(client, villages[0], own.id_number).content.decode()
    assert not _denials(town01).exists()


def test_county_staff_are_not_counted(settings, client_for, county_staff, villages, registered_elsewhere):
    settings.ID_NUMBER_LOOKUP_LIMIT = 1
    client = client_for(county_staff)
    for cadre in registered_elsewhere[:2]:
        assert "该身份证号已登记，请勿重复录入" in _add_cadre(client, villages[0], cadre.id_number).content.decode()
    assert not AuditEvent.objects.filter(
        kind__in=[AuditEvent.Kind.ID_LOOKUP, AuditEvent.Kind.PERMISSION_DENIED]
    ).exists()


def test_an_import_preview_counts_and_audits_each_number_found_elsewhere(
    settings, client_for, town01, villages, registered_elsewhere
):
    settings.ID_NUMBER_LOOKUP_LIMIT = 3
    client = client_for(town01)
    rows = [cadre_row("萧江镇", "桃源村", f"干部{n}", c.id_number) for n, c in enumerate(registered_elsewhere)]
    rows.append(cadre_row("萧江镇", "桃源村", "新干部", valid_id_number(779)))

    preview = upload(client, "cadre", xlsx_bytes(CADRE_HEADERS, rows))

    messages = preview.context["result"].messages
    assert [m for m in messages if ELSEWHERE in m] == [
        f"第{n}行 第4列（身份证号）：该身份证号已在其他乡镇登记，不能在此导入；如需调入本乡镇，请提交“调动申请”。"
        for n in (2, 3, 4)
    ]
    # Rows 5 and 6 (registered elsewhere) and row 7 (registered nowhere) all meet the limit.
    assert [m.split("：", 1)[0] for m in messages if LIMIT in m] == [f"第{n}行 第4列（身份证号）" for n in (5, 6, 7)]
    # Recorded although the preview's savepoint was rolled back; the form now refuses as well.
    assert _denials(town01).count() == 3
    assert LIMIT in _add_cadre(client, villages[0], valid_id_number(780)).content.decode()


def test_the_attendance_import_answers_alike_for_another_township_and_nowhere(client_for, town01, township1, villages):
    event = EventFactory(title="村级妇女干部培训班", organiser=township1)
    theirs = CadreFactory(unit=villages[1])
    start = f"{event.starts_on:%Y/%m/%d}"
    headers = ["培训与活动", "开始日期", "姓名", "身份证号", "单位", "出勤", "认定学时"]
    rows = [
        [event.title, start, "", theirs.id_number, "", "已参加", None],
        [event.title, start, "", valid_id_number(781), "", "已参加", None],
    ]

    preview = upload(client_for(town01), "attendance", xlsx_bytes(headers, rows), app="training")

    first, second = (m.split("：", 1)[1] for m in preview.context["result"].messages)
    assert first == second
    assert "其他乡镇" not in preview.content.decode()
