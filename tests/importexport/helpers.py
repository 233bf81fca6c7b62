"""Helpers for the import/export tests: real .xlsx files built and read back with openpyxl."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

CADRE_HEADERS = [
    "所属乡镇",
    "所在单位",
    "姓名",
    "身份证号",
    "性别",
    "民族",
    "政治面貌",
    "学历",
    "手机号",
    "职务",
    "任职日期",
    "两委班子成员",
    "后备干部",
    "备注",
]


def xlsx_bytes(header, rows, *, title="数据") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(content: bytes) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def content_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def cadre_row(township, unit, name, id_number, **overrides) -> list:
    values = {
        "所属乡镇": township,
        "所在单位": unit,
        "姓名": name,
        "身份证号": id_number,
        "性别": "女",
        "民族": "汉族",
        "政治面貌": "中共党员",
        "学历": "大专",
        "手机号": "13812345678",
        "职务": "",
        "任职日期": None,
        "两委班子成员": "否",
        "后备干部": "否",
        "备注": "",
    }
    values.update(overrides)
    return [values[h] for h in CADRE_HEADERS]


def import_url(model: str, app: str = "orgs") -> str:
    return reverse(f"admin:{app}_{model}_import")


def upload(client, model: str, data: bytes, *, name: str = "导入.xlsx", resource: int = 0, app: str = "orgs"):
    """The preview step: the admin's import form with the file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload_file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(import_url(model, app), {"import_file": upload_file, "format": "0", "resource": str(resource)})


def confirm(client, preview, model: str, app: str = "orgs"):
    form = preview.context.get("confirm_form")
    result = preview.context.get("result")
    assert form is not None, (getattr(result, "messages", None), preview.context["form"].errors)
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse(f"admin:{app}_{model}_process_import"), data)


def import_file(client, model: str, data: bytes, **kwargs):
    preview = upload(client, model, data, **kwargs)
    assert preview.status_code == 200
    return confirm(client, preview, model, kwargs.get("app", "orgs"))


def export(client, model: str, query: str = "", *, resource: int = 0, app: str = "orgs"):
    url = reverse(f"admin:{app}_{model}_export") + (f"?{query}" if query else "")
    return client.post(url, {"format": "0", "resource": str(resource)})
