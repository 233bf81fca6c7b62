"""The confirm step answers forged requests in Chinese, says so when rows no longer validate, and the
preview never shows a full 身份证号 (issue 16, finding 11a and two mutations no test noticed)."""

from __future__ import annotations

import pytest
from import_export.tmp_storages import TempFolderStorage

from orgs.models import Cadre, Post
from tests.factories import CadreFactory, EventFactory, valid_id_number
from tests.importexport.helpers import CADRE_HEADERS, cadre_row, confirm, upload, xlsx_bytes

PROCESS_IMPORT = "/admin/orgs/cadre/process_import/"


def _snapshot():
    return Cadre.objects.count(), Cadre.history.count(), Post.objects.count()


@pytest.mark.parametrize("format_value", ["abc", "7", "-1", "", "0.5", "０"])
def test_a_confirm_with_a_forged_format_is_refused_in_chinese_and_writes_nothing(
    client_for, town01, villages, format_value
):
    storage = TempFolderStorage(read_mode="rb")
    storage.save(xlsx_bytes(CADRE_HEADERS, [cadre_row("萧江镇", "桃源村", "王秀英", valid_id_number(1))]))
    before = _snapshot()

    response = client_for(town01).post(
        PROCESS_IMPORT,
        {"import_file_name": storage.name, "original_file_name": "x.xlsx", "format": format_value, "resource": "0"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/orgs/cadre/import/"
    assert "导入请求无效（文件格式参数有误），没有写入任何数据" in response.content.decode()
    assert _snapshot() == before


def test_a_confirm_whose_rows_no_longer_validate_says_it_failed_and_writes_nothing(
    client_for, town01, villages, township2
):
    """The preview was clean; before the confirm, the county registered the same person in 水头镇."""
    number = valid_id_number(7)
    client = client_for(town01)
    preview = upload(
        client,
        "cadre",
        xlsx_bytes(
            CADRE_HEADERS,
            [
                cadre_row("萧江镇", "桃源村", "王秀英", number),
                cadre_row("萧江镇", "沿河村", "李梅", valid_id_number(8)),
            ],
        ),
    )
    assert preview.context["result"].counts["new"] == 2 and "confirm_form" in preview.context
    CadreFactory(unit=villages["山前村"], name="王秀英", id_number=number)
    before = _snapshot()

    response = confirm(client, preview, "cadre")

    assert response.status_code == 302 and response["Location"] == "/admin/orgs/cadre/import/"
    page = client.get(response["Location"]).content.decode()
    assert "导入未完成：文件中有错误，没有写入任何数据" in page
    assert "第2行" in page
    assert "导入完成" not in page
    assert _snapshot() == before
    assert not Cadre.objects.filter(name="李梅").exists()


def test_the_cadre_preview_shows_id_numbers_and_phones_masked_only(client_for, town01, villages):
    numbers = [valid_id_number(21), valid_id_number(22)]
    rows = [
        cadre_row("萧江镇", "桃源村", "王秀英", numbers[0], 手机号="13912345678"),
        cadre_row("萧江镇", "沿河村", "李梅", numbers[1], 手机号="13698765432"),
    ]

    preview = upload(client_for(town01), "cadre", xlsx_bytes(CADRE_HEADERS, rows))

    page = preview.content.decode()
    assert preview.context["result"].counts["new"] == 2
    assert "王秀英" in page and "李梅" in page  # the preview is there
    for number in numbers:
        assert number not in page
    assert "13912345678" not in page and "13698765432" not in page
    id_column = preview.context["result"].preview_headers.index("身份证号")
    assert [values[id_column] for _, values in preview.context["result"].preview] == ["********"] * 2


def test_the_attendance_preview_shows_id_numbers_masked_only(client_for, town01, township1, villages):
    event = EventFactory(title="村级妇女干部培训班", organiser=township1)
    cadre = CadreFactory(unit=villages["桃源村"], name="王秀英")
    header = ["培训与活动", "开始日期", "姓名", "身份证号", "单位", "出勤", "认定学时"]
    row = [event.title, f"{event.starts_on:%Y-%m-%d}", "", cadre.id_number, "", "已参加", None]

    preview = upload(client_for(town01), "attendance", xlsx_bytes(header, [row]), app="training")

    page = preview.content.decode()
    assert preview.context["result"].counts["new"] == 1 and "村级妇女干部培训班" in page
    assert cadre.id_number not in page
    assert "********" in page
