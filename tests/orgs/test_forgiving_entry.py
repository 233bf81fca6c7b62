"""Data entry that forgives the way clerks type: dates and phone numbers as people write them, read by one
reader shared by every form and the import (entry/), and refused in plain Chinese when they cannot be right."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from entry.cells import DateWidget, PhoneWidget
from entry.dates import ChineseDateField
from entry.phones import PhoneField
from orgs.models import Cadre, Duty, Post
from tests.factories import CadreFactory, UnitFactory, WomenOrganisationFactory, valid_id_number
from tests.orgs.admin_helpers import add_inline_row, form_data, has_errors

MAY_DAY = datetime.date(2024, 5, 1)
ACCEPTED_DATES = ["2024-05-01", "2024/5/1", "2024.5.1", "2024年5月1日", "20240501", "２０２４年５月１日", " 2024-5-1 "]
# Each of these looks like a date but is not one (or is far outside any record's years).
IMPOSSIBLE_DATES = ["2024年2月30日", "20241301", "2024.13.1", "2023-02-29", "2024/4/31", "20240500", "1024-05-01"]
BADLY_WRITTEN = ["5/1/2024", "2024-5", "五月一日", "2024年5月", "abc"]
FORMS_LISTED = ("2024-05-01", "2024/5/1", "2024.5.1", "2024年5月1日", "20240501")


def _form_error(value) -> str:
    with pytest.raises(forms.ValidationError) as refused:
        ChineseDateField().clean(value)
    return refused.value.messages[0]


# --- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ACCEPTED_DATES)
def test_each_accepted_date_form_is_read_as_the_same_day(typed):
    assert ChineseDateField().clean(typed) == MAY_DAY
    assert DateWidget().clean(typed) == MAY_DAY


@pytest.mark.parametrize("typed", ["2024年2月29日", "20240229", "2024.12.31", "20241231", "1900-01-01"])
def test_the_last_real_day_of_a_month_is_accepted(typed):
    assert ChineseDateField().clean(typed) == DateWidget().clean(typed)
    assert ChineseDateField().clean(typed) is not None


@pytest.mark.parametrize("typed", IMPOSSIBLE_DATES)
def test_a_date_that_does_not_exist_is_refused_not_rolled_over(typed):
    message = _form_error(typed)

    assert message.startswith(f"日期“{typed.strip()}”")
    assert "不存在" in message or "年份应在1900年至2100年之间" in message


@pytest.mark.parametrize("typed", BADLY_WRITTEN)
def test_a_badly_written_date_is_refused_with_the_accepted_forms(typed):
    message = _form_error(typed)

    assert "格式不正确" in message
    assert all(form in message for form in FORMS_LISTED)


@pytest.mark.parametrize("typed", ACCEPTED_DATES + IMPOSSIBLE_DATES + BADLY_WRITTEN + ["", None])
def test_the_import_and_the_form_agree_on_every_date(typed):
    def outcome(read, error):
        try:
            return ("read", read(typed))
        except error as exc:
            return ("refused", exc.messages[0] if isinstance(exc, forms.ValidationError) else str(exc))

    from_form = outcome(ChineseDateField(required=False).clean, forms.ValidationError)
    from_import = outcome(DateWidget().clean, ValueError)

    assert from_import == from_form


def test_the_accepted_forms_are_shown_under_the_date_box(client_for, town01):
    page = client_for(town01).get(reverse("admin:orgs_cadre_add")).content.decode()

    assert "可写作 2024-05-01、2024/5/1、2024.5.1、2024年5月1日 或 20240501" in page


def test_every_date_field_of_every_admin_form_reads_chinese_dates(admin_user):
    """Admin forms and their inlines: a DateField added later without the shared reader fails here."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    missing, checked = [], 0
    for model_admin in admin.site._registry.values():
        form_classes = [(model_admin, model_admin.get_form(request))]
        for inline in model_admin.get_inline_instances(request):
            form_classes.append((inline, inline.get_formset(request).form))
        for owner, form_class in form_classes:
            for name, field in form_class.base_fields.items():
                db_field = next((f for f in owner.model._meta.fields if f.name == name), None)
                is_date = isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField)
                checked += is_date
                if is_date and not isinstance(field, ChineseDateField):
                    missing.append(f"{owner.model.__name__}.{name}（{type(owner).__name__}）")
    assert checked >= 15  # birth dates, posts, elections, events, designations …
    assert not missing, "这些日期字段不接受 2024年5月1日：" + "、".join(missing)


def test_a_cadre_is_saved_with_dates_typed_the_chinese_way(client_for, town01, township1):
    village = UnitFactory(parent=township1, name="桃源村")
    organisation = WomenOrganisationFactory(unit=village)
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_add")
    data = form_data(client.get(url))
    data.update(name="李玉兰", unit=village.pk, birth_date="1985年3月12日", id_number=valid_id_number(31))
    add_inline_row(
        data, "posts", organisation=organisation.pk, position=Cadre.Position.CHAIR, started_on="2024年5月1日"
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    cadre = Cadre.objects.get(name="李玉兰")
    assert cadre.birth_date == datetime.date(1985, 3, 12)
    assert cadre.posts.get().started_on == MAY_DAY


def test_an_impossible_date_in_the_cadre_form_is_refused_in_chinese(client_for, town01, township1):
    village = UnitFactory(parent=township1, name="桃源村")
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_add")
    data = form_data(client.get(url))
    data.update(name="李玉兰", unit=village.pk, birth_date="1985年2月30日")

    response = client.post(url, data)

    assert has_errors(response)
    assert "日期“1985年2月30日”不存在。" in response.content.decode()
    assert not Cadre.objects.filter(name="李玉兰").exists()


# --- phone numbers ----------------------------------------------------------------------------------

ACCEPTED_PHONES = {
    "13800001234": "13800001234",
    "138 0000 1234": "13800001234",
    "138-0000-1234": "13800001234",
    "+86 138 0000 1234": "13800001234",
    "１３８００００１２３４": "13800001234",
    "19912345678": "19912345678",
    "0571-88888888": "0571-88888888",
    "057188888888": "0571-88888888",
    "0571 8888 8888": "0571-88888888",
    "(0571)88888888": "0571-88888888",
    "010-62345678": "010-62345678",
    "0577-6512345": "0577-6512345",
}
REFUSED_PHONES = {
    "138-0000-12345": "有12位数字，应为11位",
    "1380000123": "有10位数字，应为11位",
    "12345678901": "应以13至19开头",
    "88888888": "带区号的固定电话",
    "0571-0888888": "带区号的固定电话",
    "0571-888888": "带区号的固定电话",
    "138abcd1234": "含有数字以外的字符",
}


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED_PHONES.items())
def test_a_mobile_or_a_landline_with_area_code_is_accepted_and_normalised(typed, stored):
    assert PhoneField().clean(typed) == stored
    assert PhoneWidget(max_length=20).clean(typed) == stored


@pytest.mark.parametrize(("typed", "says"), REFUSED_PHONES.items())
def test_a_wrong_phone_number_is_refused_in_chinese_by_form_and_import_alike(typed, says):
    with pytest.raises(forms.ValidationError) as from_form:
        PhoneField().clean(typed)
    with pytest.raises(ValueError) as from_import:
        PhoneWidget(max_length=20).clean(typed)

    assert says in from_form.value.messages[0]
    assert str(from_import.value) == from_form.value.messages[0]


def test_excel_keeps_a_typed_mobile_as_a_number_and_the_import_still_reads_it():
    assert PhoneWidget(max_length=20).clean(13800001234.0) == "13800001234"


def test_the_cadre_form_stores_the_phone_normalised_and_refuses_twelve_digits(client_for, town01, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1), name="王秀英", phone="")
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_change", args=[cadre.pk])

    data = form_data(client.get(url))
    data["phone"] = "138-0000-12345"
    refused = client.post(url, data)
    data = form_data(client.get(url))
    data["phone"] = "138 0000 1234"
    saved = client.post(url, data)

    assert has_errors(refused)
    assert "手机号“138-0000-12345”有12位数字，应为11位" in refused.content.decode()
    assert saved.status_code == 302
    cadre.refresh_from_db()
    assert cadre.phone == "13800001234"


# --- 兼职岗位, the 逾期 column ------------------------------------------------------------------------


def test_concurrent_duties_are_ticked_boxes_not_a_multi_select(client_for, town01, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))
    client = client_for(town01)

    for url in (
        reverse("admin:orgs_cadre_add"),
        reverse("admin:orgs_cadre_change", args=[cadre.pk]),
        reverse("admin:orgs_post_add"),
    ):
        page = client.get(url).content.decode()
        assert 'type="checkbox" name="' in page and "concurrent_duties" in page, url
        assert "<select" not in page.split("concurrent_duties", 1)[1].split(">", 1)[0], url
        assert "按住 Control" not in page, url
        assert "出纳</label>" in page, url


def test_ticked_duties_are_saved_with_the_post(client_for, town01, township1):
    village = UnitFactory(parent=township1)
    organisation = WomenOrganisationFactory(unit=village)
    cadre = CadreFactory(unit=village)
    cashier, culture = Duty.objects.get(name="出纳"), Duty.objects.get(name="文化")
    client = client_for(town01)
    url = reverse("admin:orgs_cadre_change", args=[cadre.pk])
    data = form_data(client.get(url))
    add_inline_row(data, "posts", organisation=organisation.pk, position=Cadre.Position.CHAIR)
    data["posts-0-concurrent_duties"] = [str(cashier.pk), str(culture.pk)]

    response = client.post(url, data)

    assert response.status_code == 302
    assert set(Post.objects.get(cadre=cadre).concurrent_duties.values_list("name", flat=True)) == {"出纳", "文化"}


def test_only_overdue_elections_are_marked_in_the_list(client_for, county_staff, township1):
    from tests.factories import TermElectionFactory

    overdue = WomenOrganisationFactory(unit=UnitFactory(parent=township1, name="东岙村"))
    TermElectionFactory(organisation=overdue, held_on=datetime.date(2015, 4, 1))
    current = WomenOrganisationFactory(unit=UnitFactory(parent=township1, name="西岭村"))
    TermElectionFactory(organisation=current, held_on=datetime.date(2015, 4, 1))
    TermElectionFactory(organisation=current, held_on=datetime.date(2023, 4, 1))

    page = client_for(county_staff).get(reverse("admin:orgs_termelection_changelist")).content.decode()

    cells = [cell.split("</td>", 1)[0].strip() for cell in page.split('<td class="field-overdue">')[1:]]
    assert len(cells) == 3
    assert sorted(cells) == ["", "", "已逾期"]
    assert "icon-no" not in page and "icon-yes" not in page
