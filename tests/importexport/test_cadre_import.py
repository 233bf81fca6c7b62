"""Importing cadres: preview messages, all or nothing, no duplicates, scope, history, constant queries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export.tmp_storages import TempFolderStorage

from files.import_format import SafeXLSX
from orgs.models import Cadre, Post
from orgs.resources import CadreResource
from tests.factories import CadreFactory, valid_id_number
from tests.importexport.helpers import CADRE_HEADERS, cadre_row, import_file, upload, xlsx_bytes


def _rows(count: int, township="萧江镇", unit="桃源村", start: int = 0) -> list[list]:
    return [cadre_row(township, unit, f"干部{i}", valid_id_number(start + i)) for i in range(count)]


def test_preview_shows_errors_with_excel_row_and_column(client_for, town01, villages):
    rows = _rows(3)
    rows[1][3] = rows[1][3][:-1] + ("0" if rows[1][3][-1] != "0" else "1")  # wrong check digit
    rows[2][6] = "党员"  # not one of the choices
    rows[2][10] = "2026.13.45"

    preview = upload(client_for(town01), "cadre", xlsx_bytes(CADRE_HEADERS, rows))

    assert preview.status_code == 200
    assert "confirm_form" not in preview.context
    messages = preview.context["result"].messages
    assert "第3行 第4列（身份证号）：身份证号校验位不正确，请核对。" in messages
    assert any(m.startswith("第4行 第7列（政治面貌）：“党员”不是可选项") for m in messages)
    assert "第4行 第11列（任职日期）：日期“2026.13.45”不存在。" in messages
    assert "第3行 第4列（身份证号）" in preview.content.decode()
    assert Cadre.objects.count() == 0


def test_excel_row_numbers_skip_blank_rows(client_for, town01, villages):
    rows = _rows(2)
    rows[1][2] = ""  # 姓名 missing
    data = xlsx_bytes(CADRE_HEADERS, [rows[0], [None] * len(CADRE_HEADERS), rows[1]])

    preview = upload(client_for(town01), "cadre", data)

    assert preview.context["result"].messages == ["第4行 第3列（姓名）：此项必填，不能为空。"]


def test_one_bad_row_in_500_leaves_the_database_unchanged(client_for, town01, villages):
    CadreFactory(unit=villages["桃源村"], name="原有干部")
    before = (Cadre.objects.count(), Cadre.history.count(), Post.objects.count())
    rows = _rows(500, start=10)
    rows[0][9] = "执委"
    rows[349][3] = "33032619850312002"  # 17 characters
    data = xlsx_bytes(CADRE_HEADERS, rows)
    client = client_for(town01)

    preview = upload(client, "cadre", data)
    assert preview.context["result"].messages == ["第351行 第4列（身份证号）：身份证号应为18位。"]
    assert "confirm_form" not in preview.context

    # A forged confirm of the same file (the page offered none) writes nothing either.
    storage = TempFolderStorage(read_mode="rb")
    storage.save(data)
    response = client.post(
        "/admin/orgs/cadre/process_import/",
        {"import_file_name": storage.name, "original_file_name": "x.xlsx", "format": "0", "resource": "0"},
    )
    assert response.status_code == 302
    assert (Cadre.objects.count(), Cadre.history.count(), Post.objects.count()) == before


def test_reimporting_the_same_file_creates_no_duplicates(client_for, town01, villages):
    rows = _rows(20)
    rows[0][9] = "主席"
    data = xlsx_bytes(CADRE_HEADERS, rows)
    client = client_for(town01)
    import_file(client, "cadre", data)
    assert (Cadre.objects.count(), Post.objects.count()) == (20, 1)

    preview = upload(client, "cadre", data)
    assert preview.context["result"].counts == {"new": 0, "update": 0, "skip": 20, "invalid": 0}
    import_file(client, "cadre", data)

    assert (Cadre.objects.count(), Post.objects.count()) == (20, 1)
    changed = [row[:] for row in rows]
    changed[5][7] = "研究生"
    preview = upload(client, "cadre", xlsx_bytes(CADRE_HEADERS, changed))
    assert preview.context["result"].counts == {"new": 0, "update": 1, "skip": 19, "invalid": 0}


def test_duplicate_id_numbers_within_a_file_are_refused(client_for, town01, villages):
    rows = _rows(3)
    rows[2][3] = rows[0][3]

    preview = upload(client_for(town01), "cadre", xlsx_bytes(CADRE_HEADERS, rows))

    assert preview.context["result"].messages == ["第4行 第4列（身份证号）：与本文件第2行的身份证号重复。"]


def test_second_chair_of_an_organisation_is_refused(client_for, town01, villages):
    rows = _rows(2)
    rows[0][9] = rows[1][9] = "主席"

    preview = upload(client_for(town01), "cadre", xlsx_bytes(CADRE_HEADERS, rows))

    assert preview.context["result"].messages == [
        "第3行 第10列（职务）：与本文件第2行的现任主席（同一组织只能有一名）重复。"
    ]


def test_township_user_cannot_import_into_another_township(client_for, town01, villages):
    other = CadreFactory(unit=villages["山前村"], name="水头干部")
    other_number = other.id_number
    rows = [
        cadre_row("水头镇", "山前村", "越权", valid_id_number(301)),
        cadre_row("萧江镇", "桃源村", "改名", other_number),
        cadre_row("萧江镇", "山前村", "找不到", valid_id_number(302)),
    ]

    preview = upload(client_for(town01), "cadre", xlsx_bytes(CADRE_HEADERS, rows))

    messages = preview.context["result"].messages
    assert messages == [
        "第2行 第1列（所属乡镇）：只能导入本乡镇（萧江镇）的数据。",
        "第3行 第4列（身份证号）：该身份证号已在其他乡镇登记，不能在此导入；如需调入本乡镇，请提交“调动申请”。",
        "第4行 第2列（所在单位）：在“萧江镇”找不到单位“山前村”：请检查名称，或先导入该单位。",
    ]
    assert "水头干部" not in preview.content.decode()
    other.refresh_from_db()
    assert (other.name, other.unit_id) == ("水头干部", villages["山前村"].pk)
    assert Cadre.objects.count() == 1


def test_import_records_history_with_the_user(client_for, town01, villages):
    client = client_for(town01)
    rows = _rows(3)
    rows[0][9] = "主席"
    import_file(client, "cadre", xlsx_bytes(CADRE_HEADERS, rows))

    created = Cadre.history.filter(history_type="+")
    assert created.count() == 3
    assert {h.history_user for h in created} == {town01}
    assert {h.history_change_reason for h in created} == {"Excel导入"}
    assert Post.history.filter(history_type="+", history_user=town01).count() == 1

    rows[1][12] = "是"
    import_file(client, "cadre", xlsx_bytes(CADRE_HEADERS, rows))
    changed = Cadre.history.filter(history_type="~")
    assert [(h.name, h.is_reserve, h.history_user) for h in changed] == [("干部1", True, town01)]


def _import_queries(user, rows) -> tuple[int, int]:
    """(lookups, all queries) of a dry run of ``rows``."""
    dataset = SafeXLSX().create_dataset(xlsx_bytes(CADRE_HEADERS, rows))
    user = User.objects.get(pk=user.pk)  # cold permission and scope caches, as in a request
    with CaptureQueriesContext(connection) as captured:
        result = CadreResource(user=user).import_data(dataset, dry_run=True)
    assert not result.has_validation_errors(), result.messages
    selects = [q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    return len(selects), len(captured)


def test_import_queries_do_not_grow_with_rows(town01, villages):
    few = _rows(10)
    many = _rows(200, start=1000)
    for rows in (few, many):
        rows[0][9] = "主席"
    few_selects, few_total = _import_queries(town01, few)
    many_selects, many_total = _import_queries(town01, many)
    assert few_selects == many_selects
    # Writes are bulk inserts: SQLite splits them into batches of a few dozen rows, never one per row.
    assert many_total <= few_total + 200 // 25


@pytest.mark.parametrize("typed", ["2026-03-05", "2026/3/5", "2026年3月5日", "2026.3.5"])
def test_dates_are_accepted_as_people_type_them(client_for, town01, villages, typed):
    row = cadre_row("萧江镇", "桃源村", "王秀英", valid_id_number(7), 职务="执委", 任职日期=typed)

    import_file(client_for(town01), "cadre", xlsx_bytes(CADRE_HEADERS, [row]))

    assert Post.objects.get().started_on.isoformat() == "2026-03-05"


def test_confirming_a_file_that_is_gone_writes_nothing_and_says_so(client_for, town01, villages):
    response = client_for(town01).post(
        "/admin/orgs/cadre/process_import/",
        {"import_file_name": "no-such-file", "original_file_name": "x.xlsx", "format": "0", "resource": "0"},
        follow=True,
    )

    assert response.status_code == 200
    assert "找不到已预览的文件" in response.content.decode()
    assert Cadre.objects.count() == 0


def test_a_forged_resource_index_is_not_found(client_for, town01, villages):
    storage = TempFolderStorage(read_mode="rb")
    storage.save(xlsx_bytes(CADRE_HEADERS, _rows(1)))

    response = client_for(town01).post(
        "/admin/orgs/cadre/process_import/",
        {"import_file_name": storage.name, "original_file_name": "x.xlsx", "format": "0", "resource": "7"},
    )

    assert response.status_code == 404
    assert Cadre.objects.count() == 0
