"""经费: a federation's yearly budget and its expenditures, kept by the federation they belong to (township
staff their own township's, county staff everybody's, the leader reads), validated in Chinese."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from orgs.models import Unit
from orgs.models.funds import Budget, Expenditure, Programme, latest_year
from tests.factories import UnitFactory
from tests.orgs.admin_helpers import INVALID_CHOICE, form_data, has_errors

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
LAST_YEAR_DAY = datetime.date(YEAR - 1, 6, 1)


def _url(model: str, view: str, obj=None) -> str:
    args = [obj.pk] if obj is not None else []
    return reverse(f"admin:orgs_{model}_{view}", args=args)


@pytest.fixture
def funds(county, township1, township2):
    return {
        "county": Budget.objects.create(federation=county, year=YEAR, amount=Decimal("330000")),
        "own": Budget.objects.create(federation=township1, year=YEAR, amount=Decimal("20000"), note="萧江镇预算"),
        "other": Budget.objects.create(federation=township2, year=YEAR, amount=Decimal("25000"), note="水头镇预算"),
        "own_spent": Expenditure.objects.create(
            federation=township1,
            spent_on=LAST_YEAR_DAY,
            programme=Programme.TRAINING,
            amount=Decimal("4500"),
            purpose="萧江镇培训",
        ),
        "other_spent": Expenditure.objects.create(
            federation=township2,
            spent_on=LAST_YEAR_DAY,
            programme=Programme.ACTIVITY,
            amount=Decimal("6000"),
            purpose="水头镇活动",
        ),
    }


# ---- ownership ------------------------------------------------------------------------------------


def test_a_townships_funds_carry_its_key_and_the_countys_carry_none(funds, township1):
    assert funds["own"].township_id == township1.pk
    assert funds["own_spent"].township_id == township1.pk
    assert funds["county"].township_id is None


def test_a_change_leaves_a_history_row_with_the_township(funds, township1):
    budget = funds["own"]
    budget.amount = Decimal("22000")
    budget.save()

    versions = list(budget.history.order_by("history_id").values_list("amount", "township_id"))
    assert versions == [(Decimal("20000.00"), township1.pk), (Decimal("22000.00"), township1.pk)]


# ---- scoping in the admin -------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["budget", "expenditure"])
def test_township_staff_list_only_their_townships_funds(client_for, town01, funds, model):
    text = client_for(town01).get(_url(model, "changelist")).content.decode()

    assert "萧江镇" in text
    assert "水头镇" not in text and "清源县" not in text


@pytest.mark.parametrize(("model", "key"), [("budget", "other"), ("expenditure", "other_spent"), ("budget", "county")])
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_township_staff_cannot_open_another_townships_or_the_countys_funds(client_for, town01, funds, model, key, view):
    assert client_for(town01).get(_url(model, view, funds[key])).status_code == 404


def test_township_staff_cannot_change_another_townships_budget(client_for, town01, county_staff, funds):
    other = funds["other"]
    data = form_data(client_for(county_staff).get(_url("budget", "change", other)))
    data["amount"] = "1"

    response = client_for(town01).post(_url("budget", "change", other), data)

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.amount == Decimal("25000")


def test_township_staff_cannot_record_a_budget_for_another_township(client_for, town01, township2, funds):
    response = client_for(town01).post(
        _url("budget", "add"), {"federation": township2.pk, "year": YEAR - 1, "amount": "5000", "note": ""}
    )

    assert has_errors(response) and INVALID_CHOICE in response.content.decode()
    assert not Budget.objects.filter(year=YEAR - 1).exists()


def test_township_staff_are_offered_only_their_own_federation(client_for, town01, township1, funds):
    field = client_for(town01).get(_url("budget", "add")).context["adminform"].form.fields["federation"]

    assert list(field.queryset) == [township1]


def test_township_staff_record_and_change_their_own_funds(client_for, town01, township1, funds):
    client = client_for(town01)
    response = client.post(_url("budget", "add"), {"federation": township1.pk, "year": YEAR - 1, "amount": "18000"})
    assert response.status_code == 302
    assert Budget.objects.get(year=YEAR - 1).township_id == township1.pk

    own = funds["own_spent"]
    data = form_data(client.get(_url("expenditure", "change", own)))
    data["amount"] = "4800"
    assert client.post(_url("expenditure", "change", own), data).status_code == 302
    own.refresh_from_db()
    assert own.amount == Decimal("4800")


def test_county_staff_see_every_federations_funds(client_for, county_staff, funds):
    text = client_for(county_staff).get(_url("budget", "changelist")).content.decode()

    assert "萧江镇" in text and "水头镇" in text and "清源县" in text


def test_leader_reads_funds_but_cannot_change_them(client_for, leader, funds):
    client = client_for(leader)
    budget = funds["county"]
    assert client.get(_url("budget", "change", budget)).status_code == 200
    assert client.get(_url("budget", "add")).status_code == 403
    response = client.post(
        _url("budget", "change", budget), {"federation": budget.federation_id, "year": YEAR, "amount": "1"}
    )
    assert response.status_code == 403
    budget.refresh_from_db()
    assert budget.amount == Decimal("330000")


# ---- validation -----------------------------------------------------------------------------------


def _errors(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_an_amount_must_be_more_than_nothing(county, amount):
    assert _errors(Budget(federation=county, year=YEAR, amount=Decimal(amount)))["amount"] == ["金额必须大于0。"]
    expenditure = Expenditure(
        federation=county, spent_on=LAST_YEAR_DAY, programme=Programme.OTHER, amount=Decimal(amount), purpose="办公"
    )
    assert _errors(expenditure)["amount"] == ["金额必须大于0。"]


@pytest.mark.parametrize("year", [1999, latest_year() + 1])
def test_a_budgets_year_is_within_range(county, year):
    message = f"年度应在2000年至{latest_year()}年之间。"
    assert _errors(Budget(federation=county, year=year, amount=Decimal("1000")))["year"] == [message]


def test_next_years_budget_may_be_drawn_up(county):
    Budget(federation=county, year=YEAR + 1, amount=Decimal("1000")).full_clean()


def test_one_budget_per_federation_and_year(county, funds):
    errors = _errors(Budget(federation=county, year=YEAR, amount=Decimal("1000")))

    assert errors["__all__"] == ["该单位本年度已有经费预算，请直接修改那一条。"]


def test_funds_belong_to_the_county_or_a_township_federation(township1):
    village = UnitFactory(parent=township1)
    message = "经费只能登记在县妇联或乡镇（街道）妇联名下。"

    assert message in _errors(Budget(federation=village, year=YEAR, amount=Decimal("1000")))["federation"]


def test_subsidies_are_not_recorded_again_as_expenditures(county):
    expenditure = Expenditure(
        federation=county,
        spent_on=LAST_YEAR_DAY,
        programme=Programme.SUBSIDY,
        amount=Decimal("8000"),
        purpose="示范点补助",
    )

    assert "示范点补助请在“补助资金”中登记，不要重复登记为经费支出。" in _errors(expenditure)["programme"]


def test_an_expenditure_is_not_dated_in_the_future(county):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    expenditure = Expenditure(
        federation=county, spent_on=tomorrow, programme=Programme.OTHER, amount=Decimal("100"), purpose="办公"
    )

    assert _errors(expenditure)["spent_on"] == ["支出日期不能晚于今天。"]


def test_the_admin_shows_the_message_in_chinese(client_for, county_staff, county):
    response = client_for(county_staff).post(
        _url("budget", "add"), {"federation": county.pk, "year": YEAR, "amount": "0"}
    )

    assert has_errors(response) and "金额必须大于0。" in response.content.decode()
    assert not Budget.objects.exists()


def test_only_county_and_township_units_are_offered(client_for, county_staff, county, township1):
    UnitFactory(parent=township1)
    field = client_for(county_staff).get(_url("expenditure", "add")).context["adminform"].form.fields["federation"]

    assert set(field.queryset.values_list("kind", flat=True)) == {Unit.Kind.COUNTY, Unit.Kind.TOWNSHIP}
