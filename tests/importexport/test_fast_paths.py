"""The fast paths of import and export keep what the slow ones did: COPY writes history and posts and rolls
back whole, the Rust reader reads what openpyxl reads, the joined export picks the same post."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from import_export.fields import Field
from stdnum.cn import ric

from entry.cells import ChoiceWidget, TextWidget
from files import spreadsheets
from files.import_format import SafeXLSX
from orgs import idnumbers, pinyin
from orgs.importing import bulk as importing
from orgs.models import Cadre, Post
from orgs.resources import CadreResource
from tests.factories import CadreFactory, PostFactory, WomenOrganisationFactory, valid_id_number
from tests.importexport.helpers import CADRE_HEADERS, cadre_row, content_of, export, import_file, read_xlsx, xlsx_bytes

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


def _rows(count: int, start: int = 0) -> list[list]:
    return [cadre_row("萧江镇", "桃源村", f"干部{i}", valid_id_number(start + i)) for i in range(count)]


@on_postgresql
def test_copy_import_writes_cadres_history_and_posts_with_the_user(client_for, town01, villages):
    assert importing.uses_copy(Cadre) and importing.uses_copy(Post)
    rows = _rows(30)
    rows[0][9] = "主席"
    rows[1][9], rows[1][10] = "执委", "2024-03-05"
    rows[2][13] = "第一行\t制表符\\反斜杠\n第二行"

    import_file(client_for(town01), "cadre", xlsx_bytes(CADRE_HEADERS, rows))

    cadres = {c.name: c for c in Cadre.objects.all()}
    assert len(cadres) == 30
    assert cadres["干部2"].notes == "第一行\t制表符\\反斜杠\n第二行"
    assert cadres["干部0"].id_number == rows[0][3]  # encrypted, and decrypts back
    assert cadres["干部0"].name_initials == "gb"
    assert cadres["干部0"].created_at is not None and cadres["干部0"].township_id == villages["桃源村"].township_id
    history = Cadre.history.filter(history_type="+")
    assert history.count() == 30
    assert {(h.history_user_id, h.history_change_reason) for h in history} == {(town01.pk, "Excel导入")}
    assert {h.id for h in history} == {c.pk for c in cadres.values()}
    posts = {p.cadre.name: p for p in Post.objects.select_related("cadre")}
    assert (posts["干部0"].position, posts["干部1"].started_on) == ("chair", datetime.date(2024, 3, 5))
    assert Post.history.filter(history_type="+", history_user=town01).count() == 2

    # The reserved ids came from the sequence: an ordinary save afterwards gets a fresh one.
    later = CadreFactory(unit=villages["桃源村"])
    assert later.pk > max(c.pk for c in cadres.values())


def test_a_row_the_database_refuses_rolls_the_whole_import_back(town01, villages, monkeypatch):
    """Validation passes (a lookup dict is made to miss), the database refuses one row: nothing stays."""
    existing = CadreFactory(unit=villages["桃源村"], name="原有干部")
    before = (Cadre.objects.count(), Cadre.history.count(), Post.objects.count())
    rows = _rows(50, start=100)
    rows[0][9] = "执委"
    rows[40][3] = existing.id_number  # a duplicate 身份证号 the prefetched dict does not know about
    original_prepare = CadreResource.prepare

    def forgetful_prepare(self, dataset):
        original_prepare(self, dataset)
        self.by_hash.clear()

    monkeypatch.setattr(CadreResource, "prepare", forgetful_prepare)
    dataset = SafeXLSX().create_dataset(xlsx_bytes(CADRE_HEADERS, rows))

    result = CadreResource(user=User.objects.get(pk=town01.pk)).import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True
    )

    assert result.has_errors()
    assert result.messages == ["保存时发生错误（可能有人同时修改了相同的数据），未写入任何数据，请稍后重新导入。"]
    assert (Cadre.objects.count(), Cadre.history.count(), Post.objects.count()) == before


@on_postgresql
def test_copy_with_history_is_atomic(villages):
    cadres = [
        Cadre(unit=villages["桃源村"], township_id=villages["桃源村"].township_id, name=f"甲{i}", id_number_hash="same")
        for i in range(2)
    ]

    with pytest.raises(IntegrityError), transaction.atomic():
        importing.copy_with_history(Cadre, cadres, reason="测试")

    assert (Cadre.objects.count(), Cadre.history.count()) == (0, 0)


@on_postgresql
def test_copy_keeps_empty_text_null_quotes_and_line_breaks_apart(villages, town01):
    unit = villages["桃源村"]
    tricky = 'say "hi", \\N\t制表符\\反斜杠\r\n第二行'
    cadres = [
        Cadre(unit=unit, township_id=unit.township_id, name="甲", notes=tricky, education="", birth_date=None),
        Cadre(
            unit=unit,
            township_id=unit.township_id,
            name="乙",
            notes="",
            education="college",
            birth_date=datetime.date(1985, 3, 12),
            id_number_hash="h2",
            is_reserve=True,
        ),
    ]

    importing.copy_with_history(Cadre, cadres, user=town01, reason="测试")

    first, second = Cadre.objects.order_by("pk")
    assert (first.notes, first.education, first.birth_date, first.id_number_hash) == (tricky, "", None, None)
    assert (second.notes, second.birth_date, second.id_number_hash, second.is_reserve) == (
        "",
        datetime.date(1985, 3, 12),
        "h2",
        True,
    )
    assert [(h.name, h.notes, h.history_user_id) for h in Cadre.history.order_by("id")] == [
        ("甲", tricky, town01.pk),
        ("乙", "", town01.pk),
    ]


def test_fields_left_out_of_full_clean_are_checked_as_strictly_by_their_columns():
    resource = CadreResource()
    columns = {field.attribute: field for field in resource.fields.values() if field.attribute}
    for name in CadreResource.clean_exclude:
        model_field = Cadre._meta.get_field(name)
        column = columns.get(name)
        if column is None:
            assert not model_field.editable or name == "birth_date", name  # derived, not typed
            continue
        if model_field.choices:
            assert isinstance(column.widget, ChoiceWidget)
            assert set(column.widget.labels) <= {str(value) for value, _ in model_field.choices}
        if isinstance(column.widget, TextWidget) and model_field.max_length:
            assert column.widget.max_length and column.widget.max_length <= model_field.max_length, name
        if not model_field.blank:
            assert column.required or column.default not in (None, ""), name


def _workbook(cells: dict) -> bytes:
    workbook = openpyxl.Workbook()
    for reference, value in cells.items():
        workbook.active[reference] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_fast_reader_reads_what_openpyxl_reads():
    data = _workbook(
        {
            "A2": "姓名",
            "B2": "数量",
            "C2": "日期",
            "D2": "是否",
            "A4": "王秀英",
            "B4": 120,
            "C4": datetime.date(2026, 3, 5),
            "D4": True,
            "A5": "李梅",
            "B5": 60.5,
            "D5": "=1+1",
        }
    )
    assert spreadsheets._sheet_parts_are_compact(data)

    sheet = spreadsheets.read_sheet(data, strict_columns=True)

    assert sheet.header == ["姓名", "数量", "日期", "是否"]
    assert sheet.row_numbers == [4, 5]
    first, second = sheet.rows
    assert first[0] == "王秀英" and type(first[1]) is int and first[1] == 120
    assert first[2] in (datetime.date(2026, 3, 5), datetime.datetime(2026, 3, 5))
    assert first[3] is True
    assert second[:2] == ("李梅", 60.5)
    assert sheet.rows[1][2] is None


def test_a_sparse_sheet_is_read_by_the_streaming_reader(monkeypatch):
    """Two far-apart cells would make a dense grid of billions: openpyxl streams such a sheet instead."""
    data = _workbook({"A1": "姓名", "A2": "王秀英", "XFD1048576": "远处"})
    assert not spreadsheets._sheet_parts_are_compact(data)

    sheet = spreadsheets.read_sheet(data, max_rows=5)

    assert sheet.header[0] == "姓名"
    assert sheet.rows[0][0] == "王秀英"


def test_export_keeps_one_row_per_cadre_with_her_own_units_post_first(client_for, county_staff, villages):
    own = WomenOrganisationFactory._meta.model.objects.get(unit=villages["桃源村"])
    other = WomenOrganisationFactory._meta.model.objects.get(unit=villages["沿河村"])
    cadre = CadreFactory(unit=villages["桃源村"], name="两职干部")
    PostFactory(cadre=cadre, organisation=other, position=Cadre.Position.CHAIR)
    PostFactory(
        cadre=cadre,
        organisation=own,
        position=Cadre.Position.EXECUTIVE,
        started_on=datetime.date(2024, 3, 5),
        on_committee=True,
    )
    PostFactory(
        cadre=cadre, organisation=own, position=Cadre.Position.DIRECTOR, ended_on=datetime.date(2020, 1, 1)
    )  # ended: not current

    sheet = openpyxl.load_workbook(io.BytesIO(content_of(export(client_for(county_staff), "cadre")))).worksheets[0]

    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    header = [c.value for c in sheet[1]]
    values = {h: cell for h, cell in zip(header, rows[0], strict=True)}
    assert (values["职务"].value, values["两委班子成员"].value) == ("执委", "是")
    assert values["任职日期"].value.date() == datetime.date(2024, 3, 5)
    assert values["任职日期"].number_format == "yyyy-mm-dd"
    assert (values["性别"].value, values["后备干部"].value) == ("女", "否")


def test_export_filtered_by_post_lists_each_matching_cadre_once(client_for, county_staff, villages):
    """The changelist's filter on posts joins posts (and may make the query DISTINCT) beside the export's join."""
    own = WomenOrganisationFactory._meta.model.objects.get(unit=villages["桃源村"])
    chair = CadreFactory(unit=villages["桃源村"], name="主席干部")
    PostFactory(cadre=chair, organisation=own, position=Cadre.Position.CHAIR)
    PostFactory(cadre=chair, organisation=own, position=Cadre.Position.EXECUTIVE)
    PostFactory(organisation=own, position=Cadre.Position.EXECUTIVE, cadre__name="执委干部")

    rows = read_xlsx(content_of(export(client_for(county_staff), "cadre", "posts__position__exact=chair")))

    assert [(r[2], r[9]) for r in rows[1:]] == [("主席干部", "主席")]


def _with_sheet_xml(edit) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_workbook({"A1": "姓名", "A2": "王秀英"})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, edit(content) if name == "xl/worksheets/sheet1.xml" else content)
    return buffer.getvalue()


CELLS_FAR_AWAY = {
    "cells without references in a far row": lambda xml: xml.replace(
        b"</sheetData>", b'<row r="1000000">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 50 + b"</row></sheetData>"
    ),
    "a reference behind a long attribute": lambda xml: xml.replace(
        b'<c r="A2"', b'<c foo="' + b"A" * (3 << 20) + b'" r="XFD1048576"'
    ),
    "a reference after a line break": lambda xml: xml.replace(b'<c r="A2"', b'<c\nr="XFD1048576"'),
    # Each of these, read by calamine, asked for a 500 GB grid and aborted the process.
    "a reference in single quotes": lambda xml: xml.replace(b'<c r="A2"', b"<c r='XFD1000000'"),
    "a reference with spaces around the equals sign": lambda xml: xml.replace(b'<c r="A2"', b'<c r = "XFD1000000"'),
    "a reference written with a character reference": lambda xml: xml.replace(b'<c r="A2"', b'<c r="&#88;FD1000000"'),
    "a reference in lower case": lambda xml: xml.replace(b'<c r="A2"', b'<c r="xfd1000000"'),
    "an empty reference": lambda xml: xml.replace(b'<c r="A2"', b'<c r=""'),
    "a reference with more than seven digits": lambda xml: xml.replace(b'<c r="A2"', b'<c r="A12345678"'),
}


@pytest.mark.parametrize("kind", CELLS_FAR_AWAY)
def test_crafted_far_cells_never_reach_the_dense_reader(kind):
    data = _with_sheet_xml(CELLS_FAR_AWAY[kind])

    assert not spreadsheets._sheet_parts_are_compact(data)
    assert spreadsheets._dense_rows(data, "Sheet") is None


def test_a_persons_initials_are_pypinyins_for_every_character_it_knows():
    """person_initials_of reads pypinyin's single-character table itself (no phrase dictionary to load)."""
    from pypinyin import Style, lazy_pinyin

    characters = [chr(int(code)) for code in pinyin._single_readings()]
    expected = "".join("".join(lazy_pinyin(c, style=Style.FIRST_LETTER, errors="ignore")).lower() for c in characters)

    assert "".join(map(pinyin._initial_of, characters)) == expected
    assert pinyin.person_initials_of("吕 Anna·萍") == "lp"  # characters without pinyin are dropped


def test_a_persons_initials_do_not_import_pypinyin():
    code = (
        "import json, sys; from orgs.pinyin import person_initials_of; "
        "print(json.dumps([person_initials_of('王丽萍'), 'pypinyin' in sys.modules]))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert json.loads(output) == ["wlp", False]


def test_a_birth_date_after_today_is_refused_and_today_is_accepted():
    today = timezone.localdate()
    born_today = f"330326{today:%Y%m%d}002"
    tomorrow = f"330326{today + datetime.timedelta(days=1):%Y%m%d}002"

    idnumbers.validate_id_number(born_today + ric.calc_check_digit(born_today + "0"))
    with pytest.raises(ValidationError, match="出生日期不合理"):
        idnumbers.validate_id_number(tomorrow + ric.calc_check_digit(tomorrow + "0"))


def test_full_width_and_ascii_numbers_normalise_alike():
    assert idnumbers.normalise(" 33032619850312002x ") == idnumbers.normalise("３３０３２６１９８５０３１２００２ｘ")
    assert idnumbers.normalise("") == "" and idnumbers.normalise(None) == ""


def test_a_row_that_fails_unexpectedly_is_reported_by_its_excel_row_and_nothing_is_written(
    town01, villages, monkeypatch
):
    rows = _rows(5, start=200)
    original_hydrate = CadreResource.hydrate

    def failing_hydrate(self, instance, values, errors, row_number):
        if values.get("name") == "干部3":
            raise RuntimeError("boom")
        original_hydrate(self, instance, values, errors, row_number)

    monkeypatch.setattr(CadreResource, "hydrate", failing_hydrate)
    dataset = SafeXLSX().create_dataset(xlsx_bytes(CADRE_HEADERS, rows))

    result = CadreResource(user=User.objects.get(pk=town01.pk)).import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True
    )

    assert result.messages == ["第5行：无法处理该行，请检查填写内容。"]
    assert Cadre.objects.count() == 0 and Cadre.history.count() == 0


def test_each_row_result_carries_its_instance_and_values_for_the_admin(town01, villages):
    rows = _rows(3, start=300)
    dataset = SafeXLSX().create_dataset(xlsx_bytes(CADRE_HEADERS, rows))

    result = CadreResource(user=User.objects.get(pk=town01.pk)).import_data(dataset, dry_run=False)

    saved = set(Cadre.objects.values_list("pk", flat=True))
    assert [r.import_type for r in result.rows] == ["new"] * 3
    assert {r.instance.pk for r in result.rows} == saved
    assert [r.instance.name for r in result.rows] == ["干部0", "干部1", "干部2"]
    assert [r.row_values["姓名"] for r in result.rows] == ["干部0", "干部1", "干部2"]
    assert all(r.object_repr == str(r.instance) for r in result.rows)


def test_an_import_field_that_is_not_a_column_is_refused_before_any_row_is_read(town01):
    class Careless(CadreResource):
        notes = Field(attribute="notes", column_name="备注")

    dataset = SafeXLSX().create_dataset(xlsx_bytes(CADRE_HEADERS, _rows(1)))

    with pytest.raises(TypeError, match="Column"):
        Careless(user=User.objects.get(pk=town01.pk)).import_data(dataset, dry_run=True)
