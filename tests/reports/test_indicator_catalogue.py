"""One catalogue of indicators, the same number everywhere (issue 13): the ten problems found by trying
the portal as a new user, each pinned, and the catalogue walked across every output."""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.core.cache import cache

from orgs.models import Cadre, Unit, WomenOrganisation
from reports import workbooks
from reports.dashboard import headlines, shown
from reports.indicators import catalogue, figures, measures
from reports.indicators.measures import Period, Townships
from reports.selectors import make_scope
from reports.selectors.status_report import status_report_data
from reports.status_report import compose_status_report
from reports.workbooks import summaries
from reports.workbooks.layout import FIRST_DATA_ROW
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CadreFactory,
    DesignationFactory,
    EventFactory,
    PostFactory,
    UnitFactory,
    WomenOrganisationFactory,
)

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def _scope(user, township_id=None, year=YEAR):
    return make_scope(user=user, year=year, township_id=township_id)


def _table(user, township_id=None):
    return figures.for_scope(_scope(user, township_id))


def _read(workbook) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _headers(ws) -> list[str]:
    return [ws.cell(4, c).value or ws.cell(3, c).value for c in range(1, ws.max_column + 1)]


def _total_row(ws) -> int:
    return next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "合计")


def _report_text(user, township_id=None) -> str:
    scope = _scope(user, township_id)
    table = figures.for_scope(scope)
    return compose_status_report(data=status_report_data(scope, table), meta=workbooks.report_meta(scope, table)).text


# ---- 1. a site held at two levels ----------------------------------------------------------------


def test_a_unit_both_city_and_county_site_counts_once_in_the_total_and_once_per_level(county_staff, township1):
    community = UnitFactory(kind=Unit.Kind.COMMUNITY, parent=township1, name="桃源社区")
    DesignationFactory(unit=community, level="county", year=YEAR - 2, designated_on=datetime.date(YEAR - 2, 6, 1))
    DesignationFactory(unit=community, level="city", year=YEAR - 1, designated_on=datetime.date(YEAR - 1, 6, 1))

    table = _table(county_staff)
    ws = _read(workbooks.export("demo-sites", _scope(county_staff))[0]).active
    total = {h: ws.cell(_total_row(ws), c + 1).value for c, h in enumerate(_headers(ws))}

    assert (table.value("sites"), table.value("sites_city"), table.value("sites_county")) == (1, 1, 1)
    assert total["现有示范点总数"] == 1 and total["市级"] == 1 and total["县级"] == 1
    assert "只计一次" in catalogue.indicator("sites").definition


# ---- 3. one chair total ---------------------------------------------------------------------------


def test_chairs_are_one_figure_on_the_cadres_sheet_the_training_sheet_and_the_report(county, county_staff, township1):
    PostFactory(organisation=WomenOrganisationFactory(unit=UnitFactory(parent=township1)), position="chair")
    organ = UnitFactory(kind=Unit.Kind.ORGAN, parent=county, name="县教育局")
    PostFactory(organisation=WomenOrganisationFactory(unit=organ, form="committee"), position="committee_director")

    summary = _read(workbooks.export("summary", _scope(county_staff))[0])
    cadres_ws, training_ws = summary["妇女干部队伍情况"], summary["培训与活动情况"]
    cadres_total = cadres_ws.cell(_total_row(cadres_ws), _headers(cadres_ws).index("主席（主任）") + 1).value
    training_total = training_ws.cell(
        _total_row(training_ws), _headers(training_ws).index("现任主席（主任）") + 1
    ).value

    assert cadres_total == training_total == 2
    assert "2名现任主席（主任）中已有0名参加培训" in _report_text(county_staff)


# ---- 4. 两新: enterprises, social organisations and both -------------------------------------------


def test_new_organisation_rates_are_named_and_computed_apart_everywhere(county_staff, township1):
    for n in range(4):
        unit = UnitFactory(kind=Unit.Kind.SOCIAL_ORG, parent=township1, party_organisation="own", name=f"协会{n}")
        if n < 3:
            WomenOrganisationFactory(unit=unit)
    enterprise = UnitFactory(kind=Unit.Kind.ENTERPRISE, parent=township1, party_organisation="joint", name="企业甲")
    WomenOrganisationFactory(unit=enterprise, established_on=datetime.date(YEAR, 3, 1))

    table = _table(county_staff)
    text = _report_text(county_staff)

    assert table.value("social_orgs_rate") == 0.75 and table.value("enterprises_rate") == 1
    assert table.value("new_orgs_rate") == 0.8
    assert "有党组织的社会组织4个，已建妇女组织3个，组建率75.0%" in text
    assert "两新组织合计组建率80.0%" in text
    assert "非公企业妇女组织组建率已达100.0%" in text


# ---- 5. 通过率 -----------------------------------------------------------------------------------------


def test_acceptance_rate_divides_by_decided_applications_only(county_staff, township1):
    for status in ("accepted", "rejected", "submitted", "submitted", "rectifying"):
        ApplicationFactory(unit=UnitFactory(parent=township1), status=status)

    table = _table(county_staff)
    ws = _read(workbooks.export("demo-sites", _scope(county_staff))[0]).active
    rate_column = _headers(ws).index("通过率") + 1

    assert table.value("decided") == 2 and table.value("applications") == 5
    assert table.value("accepted_rate") == 0.5
    assert ws.cell(_total_row(ws), rate_column).value == 0.5


# ---- 6. age bands ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "band"),
    [(35, "35_and_under"), (36, "36_45"), (45, "36_45"), (46, "46_55"), (55, "46_55"), (56, "56_and_over")],
)
def test_age_bands_do_not_overlap_at_their_boundaries(county_staff, township1, age, band):
    # Born on 31 December: exactly ``age`` on the report year's last day, one less the day before.
    CadreFactory(
        unit=UnitFactory(parent=township1),
        id_number=False,
        is_reserve=True,
        birth_date=datetime.date(YEAR - age, 12, 31),
    )

    table = _table(county_staff)

    bands = {value: n for value, _, n in table.breakdown("cadres_by_age")}
    assert bands == {b: int(b == band) for b, _ in catalogue.AGE_BANDS}
    labels = dict(catalogue.AGE_BANDS)
    assert (labels["35_and_under"], labels["56_and_over"]) == ("35岁及以下", "56岁及以上")


# ---- 7. 培训对象 is multiple choice -------------------------------------------------------------------


def test_audience_sheet_counts_each_event_once_per_audience_and_has_no_total(county_staff, township1):
    from training.models import Audience

    event = EventFactory(organiser=township1)
    event.audiences.set(Audience.objects.order_by("pk")[:2])
    for _ in range(3):
        AttendanceFactory(event=event, cadre=CadreFactory(unit=UnitFactory(parent=township1)))

    ws = _read(workbooks.export("training", _scope(county_staff))[0])["培训对象"]
    values = [(ws.cell(r, 3).value, ws.cell(r, 4).value) for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 2)]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]

    assert values == [(1, 3), (1, 3)]
    assert "合计" not in texts
    assert any("不能相加" in t for t in texts)


# ---- 8. 首页 and 工作概况 ----------------------------------------------------------------------------


def test_home_page_shows_the_dashboards_figures(client_for, leader, township1):
    UnitFactory(kind=Unit.Kind.ENTERPRISE, parent=township1, party_organisation="none", name="无党组织企业")
    WomenOrganisationFactory(unit=UnitFactory(kind=Unit.Kind.ENTERPRISE, parent=township1, party_organisation="own"))
    client = client_for(leader)

    home = client.get("/")
    dashboard = client.get("/reports/dashboard/")

    pairs = lambda response: [(h.label, h.value, h.note) for h in response.context["headlines"]]  # noqa: E731
    assert pairs(home) == pairs(dashboard)
    assert ("非公企业妇女组织组建率", "100.0%", "1/1 家有党组织的企业") in pairs(home)


# ---- 9. 空挂 organisations ------------------------------------------------------------------------


def test_nominal_organisations_are_reported_with_the_network_not_under_new_organisations(county_staff, township1):
    WomenOrganisationFactory(unit=UnitFactory(parent=township1), status=WomenOrganisation.Status.NOMINAL)

    scope = _scope(county_staff)
    table = figures.for_scope(scope)
    report = compose_status_report(data=status_report_data(scope, table), meta=workbooks.report_meta(scope, table))
    paragraphs = dict(report.sections)["一、基本情况和主要做法"]

    assert "空挂组织1个（村1个）" in paragraphs[0]
    assert not any("空挂" in p for p in paragraphs[1:])
    problems = dict(report.sections)["二、存在的主要问题"]
    assert not any("空挂" in p for p in problems if "两新" in p.lead)
    assert any("空挂组织1个（村1个）" in p for p in problems if "城乡社区妇女组织建设" in p.lead)


# ---- 10. a township's workbook ----------------------------------------------------------------------


def test_township_workbook_leaves_out_county_only_columns_and_notes(town01):
    summary = _read(workbooks.export("summary", _scope(town01))[0])
    ws = summary["基层妇女组织建设情况"]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}

    assert not {"团体会员", "机关妇委会", "已建妇委会"} & texts
    assert not any("县直单位" in t for t in texts)
    county_workbook = _read(workbooks.export("org-coverage", _scope(None))[0]).active
    assert "团体会员" in _headers(county_workbook)


# ---- the catalogue, walked ------------------------------------------------------------------------


def test_catalogue_indicators_are_complete_and_their_parts_exist():
    for indicator in catalogue.CATALOGUE:
        assert indicator.name and indicator.unit and len(indicator.definition) >= 8, indicator.code
        for part in (indicator.numerator, indicator.denominator):
            if indicator.is_derived:
                assert part in catalogue.BY_CODE, (indicator.code, part)
    for spec in summaries.SUMMARY_SPECS:
        for column in spec.columns:
            if column.kind != "text":
                assert column.key.split(":")[0] in catalogue.BY_CODE, (spec.sheet_name, column.key)


def _random_county(township1, township2, seed: int) -> None:
    rng = random.Random(seed)
    for township in (township1, township2):
        for n in range(rng.randint(2, 5)):
            kind = rng.choice([Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY, Unit.Kind.ENTERPRISE, Unit.Kind.SOCIAL_ORG])
            unit = UnitFactory(
                parent=township,
                kind=kind,
                name=f"{township.name}{kind}{seed}-{n}",
                party_organisation=rng.choice(["own", "joint", "none"]),
                woman_on_committees=rng.random() < 0.5,
            )
            if rng.random() < 0.7:
                organisation = WomenOrganisationFactory(
                    unit=unit,
                    status=rng.choice(["operating", "operating", "nominal"]),
                    has_womens_home=rng.random() < 0.5,
                    established_on=datetime.date(YEAR - rng.randint(0, 3), 3, 1),
                )
                post = PostFactory(
                    organisation=organisation,
                    position=rng.choice(["chair", "vice_chair", "executive"]),
                    is_full_time=rng.random() < 0.3,
                    on_committee=rng.random() < 0.5,
                )
                if rng.random() < 0.5:
                    AttendanceFactory(event=EventFactory(organiser=township), cadre=post.cadre)
            if kind in (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY) and rng.random() < 0.5:
                ApplicationFactory(unit=unit, status=rng.choice(["submitted", "accepted", "rejected", "draft"]))


def _workbook_totals(workbook: openpyxl.Workbook, meta) -> dict[str, object]:
    """{indicator key: its 合计 value} over every indicator column of every summary sheet."""
    found = {}
    for spec in summaries.SUMMARY_SPECS:
        ws = workbook[spec.sheet_name]
        row = _total_row(ws)
        for index, column in enumerate(spec.columns_for(meta), start=3):
            if column.kind != "text":
                found[f"{spec.sheet_name}/{column.key}"] = (column.key, ws.cell(row, index).value)
    return found


@pytest.mark.parametrize("seed", [1, 7])
def test_every_output_shows_one_value_per_indicator_after_random_changes(
    client_for, county_staff, town01, township1, township2, seed
):
    _random_county(township1, township2, seed)
    figures.for_scope(_scope(county_staff))  # the ledger is filled, then more changes arrive
    _random_county(township1, township2, seed + 100)

    for user, township_id in ((county_staff, None), (town01, None), (county_staff, township2.pk)):
        scope = _scope(user, township_id)
        table = figures.for_scope(scope)
        fresh = measures.compute(Period(YEAR, scope.reference_date), Townships())
        for row in table.rows:
            assert dict(row.values) == fresh.get(row.township_id, {}), row.name  # the ledger kept up
        # The total kept with the ledger (taken out and put back one township at a time) is the sum.
        recounted = measures.add_up(fresh.get(row.township_id, {}) for row in table.rows)
        assert _nonzero(table.total) == _nonzero(recounted)
        workbook = _read(workbooks.export("summary", scope)[0])
        for place, (key, value) in _workbook_totals(workbook, workbooks.report_meta(scope, table)).items():
            code, _, part = key.partition(":")
            expected = table.value(code, None, part or None)
            if isinstance(expected, float):
                assert value == pytest.approx(expected, abs=1e-6), place
            elif expected is None:
                assert value == "—", place
            else:
                assert value == expected, place
        client = client_for(user)
        query = {"year": YEAR} | ({"township": township_id} if township_id else {})
        page = client.get("/reports/indicators/", query)
        shown_on_page = {ind.code: value for _, items in page.context["groups"] for ind, value in items}
        dashboard = client.get("/reports/dashboard/", query)
        for headline in dashboard.context["headlines"]:
            assert headline.value == shown(table, headline.code) == shown_on_page[headline.code], headline.code


def _nonzero(values: dict) -> dict:
    return {key: value for key, value in values.items() if value}


def _list_count(response) -> int:
    context = response.context
    if context.get("cl") is not None:
        return context["cl"].result_count
    page = context.get("page")
    if page is not None:
        return page.paginator.count
    raise AssertionError(f"no list on {response.request['PATH_INFO']}")


@pytest.mark.parametrize("username", ["county", "town01"])
def test_each_headline_link_opens_a_list_whose_count_is_the_figure(
    client_for, county_staff, town01, township1, township2, username
):
    _random_county(township1, township2, seed=3)
    user = {"county": county_staff, "town01": town01}[username]
    scope = _scope(user)
    client = client_for(user)
    checked = 0
    for headline in headlines(figures.for_scope(scope), scope):
        if headline.url is None:
            continue
        response = client.get(headline.url)
        assert response.status_code == 200, headline.url
        assert _list_count(response) == headline.link_count, (headline.label, headline.url)
        checked += 1
    assert checked >= 6


# ---- fast when the data is changing ---------------------------------------------------------------


def test_a_change_in_one_township_recomputes_only_that_township(county_staff, township1, township2):
    _random_county(township1, township2, seed=5)
    scope = _scope(county_staff)
    figures.for_scope(scope)
    calls = []
    original = measures.compute

    def spy(period, townships):
        calls.append(townships.ids)
        return original(period, townships)

    CadreFactory(unit=UnitFactory(parent=township2), is_reserve=True)
    with mock.patch.object(measures, "compute", spy):
        table = figures.for_scope(scope)

    assert calls == [frozenset({township2.pk})]
    assert table.value("reserves", table.row_for(township2.pk)) >= 1


def test_a_cadre_moved_to_another_township_leaves_both_townships_right(county_staff, township1, township2):
    cadre = CadreFactory(unit=UnitFactory(parent=township1), is_reserve=True)
    scope = _scope(county_staff)
    before = figures.for_scope(scope)
    assert before.value("reserves", before.row_for(township1.pk)) == 1

    cadre.unit = UnitFactory(parent=township2)
    cadre.save()
    after = figures.for_scope(scope)

    assert after.value("reserves", after.row_for(township1.pk)) == 0
    assert after.value("reserves", after.row_for(township2.pk)) == 1


def test_reference_data_changes_recompute_everything(county_staff, township1):
    from orgs.models import Duty

    figures.for_scope(_scope(county_staff))
    calls = []
    original = measures.compute
    Duty.objects.create(name="新岗位")
    with mock.patch.object(measures, "compute", lambda p, t: calls.append(t.ids) or original(p, t)):
        figures.for_scope(_scope(county_staff))

    assert calls == [None]


def test_a_late_committing_change_below_the_newest_id_is_not_missed(county_staff, township1, township2):
    """A transaction that took its history id before another one and committed after it."""
    scope = _scope(county_staff)
    early = CadreFactory(unit=UnitFactory(parent=township1), is_reserve=True)
    late = CadreFactory(unit=UnitFactory(parent=township2), is_reserve=True)
    history = Cadre.history.model
    early_rows = list(history.objects.filter(id=early.pk).values())
    history.objects.filter(id=early.pk).delete()  # not yet visible when the figures are read
    first = figures.for_scope(scope)
    assert first.value("reserves", first.row_for(township1.pk)) == 1  # the data itself is committed

    Cadre.objects.filter(pk=early.pk).update(is_reserve=False)
    history.objects.bulk_create([history(**row) for row in early_rows])  # its history appears, below late's id
    assert max(r["history_id"] for r in early_rows) < history.objects.filter(id=late.pk).latest("history_id").history_id

    second = figures.for_scope(scope)
    assert second.value("reserves", second.row_for(township1.pk)) == 0


def test_money_and_hours_stay_exact(county_staff, township1):
    event = EventFactory(organiser=township1, hours=Decimal("2.5"))
    AttendanceFactory(event=event, cadre=CadreFactory(unit=UnitFactory(parent=township1)))
    cache.clear()

    assert _table(county_staff).value("hours") == Decimal("2.5")
