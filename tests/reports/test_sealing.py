"""年报定稿: townships confirm, the county returns and seals, and a sealed year's figures stay as sealed on
every output while the live figures move on."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from demo_sites.models import Subsidy
from orgs import roles
from orgs.models import Unit, WomenOrganisation
from reports import sealing, workbooks
from reports.indicators.figures import for_scope, live_table
from reports.models import YearConfirmation, YearSeal
from reports.sealing import SealingError
from reports.selectors.scope import make_scope
from tests.factories import DesignationFactory, TownshipFactory, UnitFactory, WomenOrganisationFactory, make_user

YEAR = timezone.localdate().year
PAGE = "/reports/year-close/"
COMPARE = "/reports/sealed-vs-live/"


@pytest.fixture
def county_data(township1, township2):
    for township, villages in ((township1, 3), (township2, 5)):
        WomenOrganisationFactory(unit=township, name=f"{township.name}妇联")
        for _ in range(villages):
            WomenOrganisationFactory(unit=UnitFactory(parent=township))
        UnitFactory(parent=township)  # a village without a women's organisation
    return township1, township2


def _snapshot() -> dict:
    """Everything the year's close writes, to show that a refused step changed nothing."""
    return {
        "confirmations": list(YearConfirmation.objects.order_by("pk").values()),
        "confirmation_history": YearConfirmation.history.count(),
        "seals": list(YearSeal.objects.order_by("pk").values("pk", "year", "version", "reason")),
        "transitions": AuditEvent.objects.filter(kind=AuditEvent.Kind.TRANSITION).count(),
    }


def _confirm_all(*townships_and_users):
    for township, user in townships_and_users:
        sealing.year_confirm(township=township, year=YEAR, by=user)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- confirm / return --------------------------------------------------------------------------------------


def test_township_confirms_county_returns_with_reason_and_she_confirms_again(
    client_for, town01, county_staff, county_data
):
    township1, _ = county_data
    client = client_for(town01)
    response = client.post("/reports/year-close/confirm/", {"year": YEAR}, follow=True)
    assert f"萧江镇{YEAR}年度已确认填报完成。" in _messages(response)
    confirmation = YearConfirmation.objects.get(township=township1, year=YEAR)
    assert confirmation.status == YearConfirmation.Status.CONFIRMED and confirmation.confirmed_by == town01

    client = client_for(county_staff)
    response = client.post(
        "/reports/year-close/return/",
        {"year": YEAR, "township": township1.pk, "reason": "村级妇女组织数与台账不符"},
        follow=True,
    )
    assert f"已退回萧江镇{YEAR}年度的填报确认。" in _messages(response)
    confirmation.refresh_from_db()
    assert confirmation.status == YearConfirmation.Status.RETURNED
    assert (confirmation.returned_by, confirmation.return_reason) == (county_staff, "村级妇女组织数与台账不符")
    html = client.get(PAGE, {"year": YEAR}).content.decode()
    assert "已退回" in html and "村级妇女组织数与台账不符" in html

    client = client_for(town01)
    client.post("/reports/year-close/confirm/", {"year": YEAR})
    confirmation.refresh_from_db()
    assert confirmation.status == YearConfirmation.Status.CONFIRMED
    steps = sealing.year_close_state(user=county_staff, year=YEAR).steps
    assert [(s.action, s.township, s.reason) for s in steps] == [
        ("确认填报完成", "萧江镇", ""),
        ("退回", "萧江镇", "村级妇女组织数与台账不符"),
        ("确认填报完成", "萧江镇", ""),
    ]
    audit = list(
        AuditEvent.objects.filter(kind=AuditEvent.Kind.TRANSITION)
        .order_by("pk")
        .values_list("username", "object_repr", "detail")
    )
    assert audit == [
        ("town01", f"萧江镇{YEAR}年度填报", "确认填报完成"),
        ("county", f"萧江镇{YEAR}年度填报", "退回填报确认：村级妇女组织数与台账不符"),
        ("town01", f"萧江镇{YEAR}年度填报", "确认填报完成"),
    ]


def test_confirming_twice_is_refused(town01, county_data):
    township1, _ = county_data
    sealing.year_confirm(township=township1, year=YEAR, by=town01)
    before = _snapshot()

    with pytest.raises(SealingError, match="已确认填报完成，无需重复确认"):
        sealing.year_confirm(township=township1, year=YEAR, by=town01)

    assert _snapshot() == before


def test_returning_without_a_reason_is_refused_and_changes_nothing(client_for, town01, county_staff, county_data):
    township1, _ = county_data
    confirmation = sealing.year_confirm(township=township1, year=YEAR, by=town01)
    before = _snapshot()

    with pytest.raises(SealingError, match="请填写退回原因"):
        sealing.year_return(confirmation=confirmation, reason="  ", by=county_staff)
    response = client_for(county_staff).post(
        "/reports/year-close/return/", {"year": YEAR, "township": township1.pk, "reason": ""}, follow=True
    )

    assert "请填写退回原因。" in _messages(response)
    assert _snapshot() == before


def test_returning_twice_is_refused(town01, county_staff, county_data):
    township1, _ = county_data
    confirmation = sealing.year_confirm(township=township1, year=YEAR, by=town01)
    sealing.year_return(confirmation=confirmation, reason="数据不全", by=county_staff)
    before = _snapshot()

    with pytest.raises(SealingError, match="该乡镇尚未确认填报完成，无需退回"):
        sealing.year_return(confirmation=confirmation, reason="再次退回", by=county_staff)

    assert _snapshot() == before


def test_returning_an_unconfirmed_township_is_refused(client_for, county_staff, county_data):
    _, township2 = county_data

    response = client_for(county_staff).post(
        "/reports/year-close/return/", {"year": YEAR, "township": township2.pk, "reason": "数据不全"}, follow=True
    )

    assert "该乡镇尚未确认填报完成，无需退回。" in _messages(response)
    assert not YearConfirmation.objects.exists()


def test_township_staff_cannot_confirm_another_township(client_for, town01, town02, county_data):
    township1, township2 = county_data
    before = _snapshot()

    response = client_for(town01).post("/reports/year-close/confirm/", {"year": YEAR, "township": township2.pk})
    assert response.status_code == 404
    with pytest.raises(SealingError, match="您只能确认本乡镇的填报"):
        sealing.year_confirm(township=township2, year=YEAR, by=town01)

    assert _snapshot() == before


def test_township_staff_cannot_return_or_seal(client_for, town01, town02, county_data):
    _, township2 = county_data
    sealing.year_confirm(township=township2, year=YEAR, by=town02)
    before = _snapshot()
    client = client_for(town01)

    returned = client.post("/reports/year-close/return/", {"year": YEAR, "township": township2.pk, "reason": "x"})
    sealed = client.post("/reports/year-close/seal/", {"year": YEAR, "reason": "x"})

    assert (returned.status_code, sealed.status_code) == (403, 403)
    with pytest.raises(SealingError, match="您没有年报定稿的权限"):
        sealing.year_seal(year=YEAR, by=town01, reason="x")
    assert _snapshot() == before


def test_leader_reads_the_page_but_has_no_buttons_and_cannot_seal(client_for, leader, town01, county_data):
    township1, _ = county_data
    sealing.year_confirm(township=township1, year=YEAR, by=town01)
    client = client_for(leader)

    html = client.get(PAGE, {"year": YEAR}).content.decode()
    response = client.post("/reports/year-close/seal/", {"year": YEAR})

    assert "只读" in html and "萧江镇" in html and "水头镇" in html and "已确认填报完成" in html
    assert 'method="post"' not in html.split("</nav>", 1)[1]
    assert response.status_code == 403 and not YearSeal.objects.exists()


def test_township_staff_page_shows_her_township_only_and_the_confirm_button(client_for, town01, county_data):
    html = client_for(town01).get(PAGE, {"year": YEAR}).content.decode()

    assert "萧江镇" in html and "水头镇" not in html
    assert "确认填报完成</button>" in html
    assert "reports/year-close/seal/" not in html and "reports/year-close/return/" not in html


def test_year_close_page_queries_do_not_grow_with_townships(client_for, county_staff, town01, county_data):
    township1, township2 = county_data
    client = client_for(county_staff)

    def queries_of_page() -> int:
        client.get(PAGE, {"year": YEAR})  # the session and the user's roles are read once per request anyway
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE, {"year": YEAR}).status_code == 200
        return len(queries)

    _confirm_all((township1, town01))
    sealing.year_return(confirmation=YearConfirmation.objects.get(township=township1), reason="有误", by=county_staff)
    few = queries_of_page()
    for township in [TownshipFactory(parent=township1.parent) for _ in range(4)]:
        user = make_user(f"staff{township.pk}", roles.TOWNSHIP_STAFF, township)
        confirmation = sealing.year_confirm(township=township, year=YEAR, by=user)
        sealing.year_return(confirmation=confirmation, reason="有误", by=county_staff)
        sealing.year_confirm(township=township, year=YEAR, by=user)
    every_township = list(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).values_list("pk", flat=True))
    sealing.year_seal(year=YEAR, by=county_staff, acknowledged=every_township)
    sealing.year_seal(year=YEAR, by=county_staff, reason="第二版", acknowledged=every_township)

    assert queries_of_page() == few


def test_outsider_gets_404(client_for, db):
    from django.contrib.auth.models import User

    outsider = User.objects.create_user("outsider", password="Test-pass-2026")

    assert client_for(outsider).get(PAGE).status_code == 404
    assert client_for(outsider).get(COMPARE).status_code == 404


# --- sealing ---------------------------------------------------------------------------------------------------


def test_resealing_keeps_version_one_and_needs_a_reason(client_for, county_staff, town01, town02, county_data):
    township1, township2 = county_data
    _confirm_all((township1, town01), (township2, town02))
    client = client_for(county_staff)

    client.post("/reports/year-close/seal/", {"year": YEAR})
    first = YearSeal.objects.get(year=YEAR)
    before = _snapshot()
    response = client.post("/reports/year-close/seal/", {"year": YEAR, "reason": ""}, follow=True)
    assert any("重新定稿须填写原因" in m for m in _messages(response))
    assert _snapshot() == before

    client.post("/reports/year-close/seal/", {"year": YEAR, "reason": "更正水头镇村数"})

    versions = list(
        YearSeal.objects.filter(year=YEAR).order_by("version").values_list("version", "reason", "sealed_by")
    )
    assert versions == [(1, "", county_staff.pk), (2, "更正水头镇村数", county_staff.pk)]
    assert YearSeal.objects.get(pk=first.pk).snapshot == first.snapshot
    assert for_scope(make_scope(user=county_staff, year=YEAR)).sealed_version == 2
    html = client.get(PAGE, {"year": YEAR}).content.decode()
    assert "第2版" in html and "第1版" in html and "更正水头镇村数" in html and "重新定稿（第3版）" in html
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.TRANSITION, detail="年报定稿（第2版）：更正水头镇村数"
    ).exists()


def test_sealing_with_unconfirmed_townships_needs_an_acknowledgement_naming_them(
    client_for, county_staff, town01, county_data
):
    township1, township2 = county_data
    _confirm_all((township1, town01))
    client = client_for(county_staff)
    html = client.get(PAGE, {"year": YEAR}).content.decode()
    assert "以下 1 个乡镇（街道）尚未确认填报完成：水头镇" in html

    response = client.post("/reports/year-close/seal/", {"year": YEAR, "unconfirmed": [township2.pk]}, follow=True)
    assert "以下乡镇尚未确认填报完成：水头镇。如仍要定稿，请勾选确认已知悉这些乡镇未确认。" in _messages(response)
    assert not YearSeal.objects.exists()

    client.post("/reports/year-close/seal/", {"year": YEAR, "unconfirmed": [township2.pk], "acknowledge": "1"})

    seal = YearSeal.objects.get()
    assert seal.unconfirmed == [{"id": township2.pk, "name": "水头镇"}]
    assert "水头镇" in client.get(PAGE, {"year": YEAR}).content.decode().split("定稿记录", 1)[1]


def test_a_township_returned_after_the_page_was_shown_is_not_sealed_over(county_staff, town01, town02, county_data):
    township1, township2 = county_data
    _confirm_all((township1, town01), (township2, town02))
    # The county user saw both confirmed (nothing to acknowledge); meanwhile a colleague returns 萧江镇.
    sealing.year_return(confirmation=YearConfirmation.objects.get(township=township1), reason="有误", by=county_staff)

    with pytest.raises(SealingError, match="以下乡镇尚未确认填报完成：萧江镇"):
        sealing.year_seal(year=YEAR, by=county_staff, acknowledged=[])

    assert not YearSeal.objects.exists()


def test_a_sealed_year_can_be_neither_confirmed_nor_returned(county_staff, town01, town02, county_data):
    township1, township2 = county_data
    _confirm_all((township1, town01))
    sealing.year_seal(year=YEAR, by=county_staff, acknowledged=[township2.pk])
    before = _snapshot()

    with pytest.raises(SealingError, match=f"{YEAR}年度已定稿，不能再确认填报完成"):
        sealing.year_confirm(township=township2, year=YEAR, by=town02)
    with pytest.raises(SealingError, match=f"{YEAR}年度已定稿，不能退回"):
        sealing.year_return(
            confirmation=YearConfirmation.objects.get(township=township1), reason="有误", by=county_staff
        )

    assert _snapshot() == before


def test_a_future_year_cannot_be_sealed(county_staff, county_data):
    with pytest.raises(SealingError, match="年度应在"):
        sealing.year_seal(year=YEAR + 1, by=county_staff)
    assert not YearSeal.objects.exists()


# --- sealed figures -----------------------------------------------------------------------------------------


def _seal_everything(county_staff, township_ids):
    return sealing.year_seal(year=YEAR, by=county_staff, acknowledged=township_ids)


def test_after_sealing_a_new_village_changes_live_figures_but_not_the_sealed_year(county_staff, town01, county_data):
    township1, township2 = county_data
    scope = make_scope(user=county_staff, year=YEAR)
    sealed_villages = live_table(scope).value("villages")
    _seal_everything(county_staff, [township1.pk, township2.pk])

    WomenOrganisationFactory(unit=UnitFactory(parent=township1))

    assert live_table(make_scope(user=county_staff, year=YEAR)).value("villages") == sealed_villages + 1
    table = for_scope(make_scope(user=county_staff, year=YEAR))
    assert table.sealed_version == 1
    assert table.value("villages") == sealed_villages
    township_table = for_scope(make_scope(user=town01, year=YEAR))
    assert [row.name for row in township_table.rows] == ["萧江镇"]
    assert township_table.value("villages") == live_table(make_scope(user=town01, year=YEAR)).value("villages") - 1
    assert for_scope(make_scope(user=county_staff, year=YEAR), live=True).value("villages") == sealed_villages + 1


def test_sealed_table_is_sliced_like_live_table(county_staff, town01, leader, county_data):
    township1, township2 = county_data
    _seal_everything(county_staff, [township1.pk, township2.pk])

    for user, township_id in ((county_staff, None), (county_staff, township2.pk), (town01, None), (leader, None)):
        scope = make_scope(user=user, year=YEAR, township_id=township_id)
        sealed, live = sealing.sealed_table(scope), live_table(scope)
        assert [(r.township_id, r.name, dict(r.values)) for r in sealed.rows] == [
            (r.township_id, r.name, dict(r.values)) for r in live.rows
        ], (user, township_id)
    county_rows = [r.name for r in sealing.sealed_table(make_scope(user=county_staff, year=YEAR)).rows]
    assert county_rows == ["萧江镇", "水头镇", "县直单位"]


def test_sealed_table_reads_in_two_queries_however_many_townships(county_staff, county_data):
    township1, township2 = county_data
    extra = [TownshipFactory(parent=township1.parent) for _ in range(5)]
    _seal_everything(county_staff, [township1.pk, township2.pk, *(t.pk for t in extra)])
    scoping_ready = make_scope(user=county_staff, year=YEAR)
    scoping_ready.sees_whole_county  # noqa: B018 - the user's role is read once per request, not per table

    with CaptureQueriesContext(connection) as queries:
        table = sealing.sealed_table(scoping_ready)

    assert len(table.rows) == 8
    assert len(queries) == 2


def test_money_is_sealed_to_the_cent(county_staff, county_data):
    township1, township2 = county_data
    designation = DesignationFactory(unit=UnitFactory(parent=township1))
    Subsidy.objects.create(
        designation=designation, granted_on=datetime.date(YEAR, 3, 8), amount=Decimal("1234.56"), purpose="阵地建设"
    )
    Subsidy.objects.create(
        designation=designation, granted_on=datetime.date(YEAR, 5, 8), amount=Decimal("0.10"), purpose="活动经费"
    )
    scope = make_scope(user=county_staff, year=YEAR)
    live_total = live_table(scope).value("subsidy_total")
    assert live_total == Decimal("1234.66")

    _seal_everything(county_staff, [township1.pk, township2.pk])
    sealed = sealing.sealed_table(make_scope(user=county_staff, year=YEAR))

    assert sealed.value("subsidy_total") == live_total
    assert all(
        isinstance(v, Decimal) for r in sealed.rows for k, v in r.values.items() if k.startswith("subsidy_total")
    )


# --- the comparison page ----------------------------------------------------------------------------------


def test_comparison_page_highlights_what_changed_since_sealing(client_for, county_staff, town01, county_data):
    township1, township2 = county_data
    _seal_everything(county_staff, [township1.pk, township2.pk])
    client = client_for(county_staff)
    html = client.get(COMPARE, {"year": YEAR}).content.decode()
    assert "当前数与定稿数一致" in html and 'data-differs="villages"' not in html

    WomenOrganisationFactory(unit=UnitFactory(parent=township1), status=WomenOrganisation.Status.NOMINAL)
    html = client.get(COMPARE, {"year": YEAR}).content.decode()

    assert "当前数与定稿数不同" in html
    row = html.split('data-differs="villages"', 1)[1].split("</tr>", 1)[0]
    assert "行政村数" in row and "<strong>+1</strong>" in row
    # A breakdown shows the value that moved (空挂组织, 其中：村) under its total.
    nominal_rows = html.split('data-differs="nominal"')[1:]
    assert len(nominal_rows) == 2 and "其中：村" in nominal_rows[1].split("</tr>", 1)[0]
    rate_row = html.split('data-differs="villages_rate"', 1)[1].split("</tr>", 1)[0]
    assert "个百分点" in rate_row
    # 水头镇 did not change; its comparison shows no difference, and 萧江镇's staff see 萧江镇's.
    assert (
        'data-differs="villages"' not in client.get(COMPARE, {"year": YEAR, "township": township2.pk}).content.decode()
    )
    own = client_for(town01).get(COMPARE, {"year": YEAR, "township": township2.pk}).content.decode()
    assert 'data-differs="villages"' in own and "萧江镇" in own


def test_comparison_page_of_an_unsealed_year_says_so(client_for, county_staff, county_data):
    html = client_for(county_staff).get(COMPARE, {"year": YEAR}).content.decode()

    assert f"全县{YEAR}年度尚未定稿" in html


# --- the workbook of a sealed year ---------------------------------------------------------------------------


def _cells(workbook) -> dict:
    return {
        (ws.title, cell.coordinate): cell.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _read_back(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _villages_of(workbook, township_name: str):
    ws = workbook["基层妇女组织建设情况"]
    column = next(c.column for row in ws.iter_rows() for c in row if c.value == "行政村数")
    row = next(c.row for c in ws["B"] if c.value == township_name)
    return ws.cell(row, column).value


def _sealed_then_changed(county_staff, township1, township2):
    """(workbook exported right after sealing, the same rebuilt after a new village, the live one)."""
    _seal_everything(county_staff, [township1.pk, township2.pk])
    at_sealing, _ = workbooks.export("summary", make_scope(user=county_staff, year=YEAR))
    WomenOrganisationFactory(unit=UnitFactory(parent=township1))
    rebuilt, filename = workbooks.export("summary", make_scope(user=county_staff, year=YEAR))
    live, _ = workbooks.export("summary", make_scope(user=county_staff, year=YEAR), live=True)
    assert "定稿" in filename
    return _read_back(at_sealing), _read_back(rebuilt), _read_back(live)


def test_summary_workbook_of_a_sealed_year_rebuilt_after_a_change_holds_the_sealed_figures(county_staff, county_data):
    township1, township2 = county_data
    at_sealing, rebuilt, live = _sealed_then_changed(county_staff, township1, township2)
    table = sealing.sealed_table(make_scope(user=county_staff, year=YEAR))
    sealed_villages = table.value("villages", table.row_for(township1.pk))

    assert _villages_of(rebuilt, "萧江镇") == sealed_villages
    assert _villages_of(live, "萧江镇") == sealed_villages + 1
    this_year = {key: value for key, value in _cells(rebuilt).items() if key[0] != "主要指标同比"}
    assert this_year == {key: value for key, value in _cells(at_sealing).items() if key[0] != "主要指标同比"}


def test_year_on_year_sheet_of_a_sealed_year_keeps_last_years_figures_as_sealed(county_staff, county_data):
    """Last year was not sealed, so its live figures move with the register; the sealed year's 同比 must
    still show what it showed when sealed (reports.sealing.sealed_previous_table)."""
    township1, township2 = county_data
    at_sealing, rebuilt, live = _sealed_then_changed(county_staff, township1, township2)

    assert rebuilt["主要指标同比"].title == "主要指标同比"
    assert _cells(live) != _cells(at_sealing)
    assert _cells(rebuilt) == _cells(at_sealing)
