"""身份证号: validated, stored encrypted with a keyed lookup hash, shown masked unless revealed."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from stdnum.cn import ric

from orgs import idnumbers
from orgs.forms import CadreForm
from orgs.models import Cadre
from tests.factories import CadreFactory, UnitFactory, valid_id_number
from tests.orgs.admin_helpers import form_data, has_errors

GOOD = valid_id_number(7)  # 330326 1985-03-12, a woman


def _with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def test_a_valid_number_passes():
    idnumbers.validate_id_number(GOOD)


def test_a_wrong_check_digit_is_refused_in_chinese():
    wrong = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")

    with pytest.raises(ValidationError, match="校验位不正确"):
        idnumbers.validate_id_number(wrong)


@pytest.mark.parametrize("birth", ["19850230", "19851301", "20991231"])
def test_an_impossible_birth_date_is_refused(birth):
    with pytest.raises(ValidationError, match="出生日期"):
        idnumbers.validate_id_number(_with_check_digit(f"330326{birth}002"))


def test_an_unknown_region_code_is_refused():
    with pytest.raises(ValidationError, match="行政区划代码"):
        idnumbers.validate_id_number(_with_check_digit("000000198503120024"[:17]))


def test_a_woman_born_before_her_region_code_existed_is_accepted():
    # Numbers are issued where she is registered: born 1962 in 平阳, she carries 330326 (in use since 1981).
    idnumbers.validate_id_number(_with_check_digit("33032619620312002"))


def test_a_code_withdrawn_before_her_birth_is_refused():
    # 110221 (昌平县) was in use 1982-1999: nobody born in 2001 can carry it, somebody born in 1999 can.
    with pytest.raises(ValidationError, match="行政区划代码"):
        idnumbers.validate_id_number(_with_check_digit("11022120010312002"))
    idnumbers.validate_id_number(_with_check_digit("11022119990312002"))


@pytest.mark.parametrize("value", ["33032619850312", "33032619850312002A", "abcdefghijklmnopqr"])
def test_malformed_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        idnumbers.validate_id_number(value)


def test_full_width_digits_and_x_are_normalised():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in GOOD)

    assert idnumbers.normalise(full_width) == GOOD
    assert idnumbers.normalise(" 33032619850312002x ") == "33032619850312002X"
    idnumbers.validate_id_number(full_width)


def test_mask_keeps_region_and_last_four():
    assert idnumbers.mask("33032619850312123X") == "330326********123X"


def test_birth_date_and_sex_come_from_the_number(township1):
    cadre = Cadre(unit=UnitFactory(parent=township1), name="张丽")
    cadre.set_id_number(GOOD)

    assert cadre.birth_date == datetime.date(1985, 3, 12)


def test_a_man_s_number_for_a_woman_is_refused(township1):
    male = _with_check_digit("33032619850312001")
    cadre = Cadre(unit=UnitFactory(parent=township1), name="张丽", sex=Cadre.Sex.FEMALE)

    with pytest.raises(ValidationError, match="性别"):
        cadre.set_id_number(male)


def test_the_number_is_stored_encrypted_and_never_in_plain_text(township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1), id_number=GOOD)

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM orgs_cadre WHERE id = %s", [cadre.pk])
        row = [str(v) for v in cursor.fetchone()]
        cursor.execute("SELECT * FROM orgs_historicalcadre WHERE id = %s", [cadre.pk])
        history = [str(v) for r in cursor.fetchall() for v in r]
    assert not any(GOOD in value or GOOD[6:14] + GOOD[14:] in value for value in row + history)
    assert Cadre.objects.get(pk=cadre.pk).id_number == GOOD
    assert cadre.id_number_hash == idnumbers.lookup_hash(GOOD) != GOOD
    assert GOOD not in str(cadre)


def test_the_lookup_hash_is_keyed(settings):
    first = idnumbers.lookup_hash(GOOD)
    settings.ID_NUMBER_HASH_KEY = "another-key"

    assert idnumbers.lookup_hash(GOOD) != first


def test_a_number_already_registered_anywhere_is_refused_with_a_chinese_error(township1, township2):
    CadreFactory(unit=UnitFactory(parent=township2), id_number=GOOD)
    form = CadreForm(
        data={
            "name": "重复",
            "unit": UnitFactory(parent=township1).pk,
            "sex": "F",
            "ethnicity": "汉族",
            "political_status": "masses",
            "id_number": GOOD,
        }
    )

    assert not form.is_valid()
    assert form.errors["id_number"] == ["该身份证号已登记，请勿重复录入。"]


def test_the_database_refuses_two_rows_with_one_number(township1):
    from django.db import IntegrityError, transaction

    first = CadreFactory(unit=UnitFactory(parent=township1), id_number=GOOD)
    second = CadreFactory(unit=first.unit, id_number=valid_id_number(8))
    second.id_number_hash = first.id_number_hash

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


@pytest.fixture
def cadre(township1):
    return CadreFactory(unit=UnitFactory(parent=township1, name="桃源村"), name="王秀英", id_number=GOOD)


@pytest.mark.parametrize("who", ["town01", "county_staff", "leader"])
def test_users_without_reveal_permission_see_only_the_mask(request, client_for, cadre, who):
    client = client_for(request.getfixturevalue(who))
    masked = idnumbers.mask(GOOD)

    changelist = client.get(reverse("admin:orgs_cadre_changelist")).content.decode()
    change = client.get(reverse("admin:orgs_cadre_change", args=[cadre.pk])).content.decode()
    history = client.get(reverse("admin:orgs_cadre_history", args=[cadre.pk])).content.decode()

    assert masked in changelist and masked in change
    for page in (changelist, change, history):
        assert GOOD not in page


def test_the_administrator_sees_the_full_number_on_the_change_page(client_for, admin_user, cadre):
    page = client_for(admin_user).get(reverse("admin:orgs_cadre_change", args=[cadre.pk])).content.decode()

    assert f'value="{GOOD}"' in page


def test_editing_a_cadre_without_retyping_the_number_keeps_it(client_for, town01, cadre):
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_change", args=[cadre.pk])
    data = form_data(client.get(url))
    data["phone"] = "13800000000"

    assert data["id_number"] == ""
    assert client.post(url, data).status_code == 302
    cadre.refresh_from_db()
    assert (cadre.phone, cadre.id_number) == ("13800000000", GOOD)


def test_the_number_stays_out_of_change_messages(client_for, town01, cadre):
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_change", args=[cadre.pk])
    data = form_data(client.get(url))
    new_number = valid_id_number(9)
    data["id_number"] = new_number

    assert client.post(url, data).status_code == 302
    entry = LogEntry.objects.latest("action_time")
    assert new_number not in entry.change_message + entry.object_repr
    cadre.refresh_from_db()
    assert cadre.id_number == new_number


def test_a_bad_number_in_the_admin_shows_a_chinese_error_and_saves_nothing(client_for, town01, cadre):
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_add")
    data = form_data(client.get(url))
    data.update(name="李芳", unit=cadre.unit_id, id_number=GOOD[:17] + ("0" if GOOD[17] != "0" else "1"))

    response = client.post(url, data)

    assert has_errors(response)
    assert "校验位不正确" in response.content.decode()
    assert not Cadre.objects.filter(name="李芳").exists()


def test_admin_search_by_full_number_finds_the_cadre_through_the_hash(client_for, town01, cadre):
    # The number is taken out of the URL at once (?idh=, its keyed hash): tests/security/test_id_number_search.py
    response = client_for(town01).get(reverse("admin:orgs_cadre_changelist"), {"q": GOOD}, follow=True)

    assert [c.pk for c in response.context["cl"].result_list] == [cadre.pk]


def test_reverting_to_an_earlier_version_keeps_the_stored_number(client_for, admin_user, cadre):
    first = cadre.history.earliest("history_date")
    cadre.phone = "13900000000"
    cadre.save()
    client = client_for(admin_user)
    url = reverse("admin:orgs_cadre_simple_history", args=[cadre.pk, first.history_id])
    data = form_data(client.get(url))

    assert client.post(url, data).status_code == 302
    cadre.refresh_from_db()
    assert (cadre.phone, cadre.id_number) == ("", GOOD)
