"""Names carrying HTML or script are shown as text on every page, never run."""

from __future__ import annotations

import io

import openpyxl

from tests.factories import CadreFactory, UnitFactory, WomenOrganisationFactory
from tests.security.urlwalk import parameterless_get_urls

SCRIPT = '<script>alert("xss")</script>村'
IMAGE = "<img src=x onerror=alert(1)>妇联"
SVG = '"><svg onload=alert(1)>'


def _payload_rows(township):
    unit = UnitFactory(parent=township, name=SCRIPT)
    organisation = WomenOrganisationFactory(unit=unit, name=IMAGE)
    cadre = CadreFactory(unit=unit, name=SVG[:30])
    return unit, organisation, cadre


def _assert_escaped(url: str, html: str) -> None:
    for raw in ("<script>alert(", "<img src=x onerror", "<svg onload"):
        assert raw not in html, f"{url} shows {raw!r} unescaped"


def test_html_in_names_is_escaped_on_every_page(client_for, admin_user, town01, township1):
    unit, organisation, cadre = _payload_rows(township1)
    object_pages = [
        f"/admin/orgs/unit/{unit.pk}/change/",
        f"/admin/orgs/unit/{unit.pk}/history/",
        f"/admin/orgs/womenorganisation/{organisation.pk}/change/",
        f"/admin/orgs/cadre/{cadre.pk}/change/",
        f"/admin/orgs/cadre/{cadre.pk}/delete/",
        "/admin/orgs/cadre/?q=svg",
    ]
    shown = 0
    for user in (admin_user, town01):
        client = client_for(user)
        for url in parameterless_get_urls() + object_pages:
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            _assert_escaped(url, html)
            shown += "&lt;script&gt;alert(" in html
    assert shown >= 4  # the names really were on the pages, as text


def test_html_in_names_is_harmless_in_autocomplete_answers(client_for, town01, township1):
    _payload_rows(township1)
    response = client_for(town01).get(
        "/admin/autocomplete/", {"app_label": "orgs", "model_name": "cadre", "field_name": "unit", "term": "script"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_html_and_formulas_in_names_leave_an_export_as_plain_text(client_for, county_staff, township1):
    UnitFactory(parent=township1, name=SCRIPT)
    UnitFactory(parent=township1, name='=HYPERLINK("http://evil.example","点此")村')
    response = client_for(county_staff).post("/admin/orgs/unit/export/", {"format": "0", "resource": "0"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    cells = [cell for row in workbook.worksheets[0].iter_rows() for cell in row if isinstance(cell.value, str)]
    names = {cell.value: cell for cell in cells}
    assert SCRIPT in names  # exactly as typed, a harmless string in a spreadsheet
    formula_cells = [cell for cell in cells if "HYPERLINK" in cell.value]
    assert formula_cells and all(cell.data_type == "s" and cell.quotePrefix for cell in formula_cells)
