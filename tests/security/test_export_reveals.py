"""Admin bulk exports: full 身份证号 only for holders of the reveal permission, and then audited as a reveal with
the number of rows; everyone else gets the mask."""

from __future__ import annotations

import io

import openpyxl
import pytest

from audit.models import AuditEvent
from tests.factories import AttendanceFactory, CadreFactory, EventFactory, UnitFactory, valid_id_number


def _export(client, url: str) -> list[list]:
    response = client.post(url, {"format": "0", "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _column(rows: list[list], header: str) -> list:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def cadres(township1):
    unit = UnitFactory(parent=township1)
    return [CadreFactory(unit=unit, id_number=valid_id_number(300 + n)) for n in range(3)]


def test_an_administrator_exports_full_numbers_and_the_reveal_is_audited_with_the_row_count(
    client_for, admin_user, cadres
):
    rows = _export(client_for(admin_user), "/admin/orgs/cadre/export/")

    assert sorted(_column(rows, "身份证号")) == sorted(c.id_number for c in cadres)
    reveal = AuditEvent.objects.get(kind=AuditEvent.Kind.REVEAL)
    assert reveal.user == admin_user
    assert "妇女干部" in reveal.object_repr and f"{len(cadres)} 行" in reveal.detail
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT, user=admin_user).count() == 1


def test_county_staff_export_masked_numbers_and_no_reveal_is_recorded(client_for, county_staff, cadres):
    rows = _export(client_for(county_staff), "/admin/orgs/cadre/export/")

    numbers = _column(rows, "身份证号")
    assert sorted(numbers) == sorted(c.id_number_masked for c in cadres)
    assert not any(c.id_number in str(row) for c in cadres for row in rows)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.REVEAL).exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT, user=county_staff).exists()


@pytest.fixture
def attendance(cadres, township1):
    event = EventFactory(organiser=township1)
    return [AttendanceFactory(event=event, cadre=cadre) for cadre in cadres]


def test_an_attendance_export_with_full_numbers_is_audited_as_a_reveal(client_for, admin_user, cadres, attendance):
    rows = _export(client_for(admin_user), "/admin/training/attendance/export/")

    assert sorted(_column(rows, "身份证号")) == sorted(c.id_number for c in cadres)
    reveal = AuditEvent.objects.get(kind=AuditEvent.Kind.REVEAL)
    assert "参训记录" in reveal.object_repr and f"{len(attendance)} 行" in reveal.detail


def test_an_attendance_export_without_the_permission_is_masked(client_for, county_staff, cadres, attendance):
    rows = _export(client_for(county_staff), "/admin/training/attendance/export/")

    assert sorted(_column(rows, "身份证号")) == sorted(c.id_number_masked for c in cadres)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.REVEAL).exists()
