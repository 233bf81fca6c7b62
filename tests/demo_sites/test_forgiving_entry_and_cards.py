"""示范点 pages as a clerk types and reads them: dates written the Chinese way, and score tables whose every box
carries its column's name so that a phone can show each row as a card (static/css/portal.css, .table-stack)."""

from __future__ import annotations

import datetime
import re

import pytest

from demo_sites.forms import RevokeForm, SubsidyForm
from demo_sites.models import Acceptance, Application
from tests.demo_sites.helpers import acceptance_post
from tests.factories import ApplicationFactory, UnitFactory


@pytest.mark.parametrize("typed", ["2026-05-01", "2026/5/1", "2026.5.1", "2026年5月1日", "20260501"])
def test_portal_date_boxes_take_every_accepted_form(typed):
    revoke = RevokeForm({"revoked_on": typed, "reason": "复核未通过"})
    subsidy = SubsidyForm({"granted_on": typed, "amount": "5000", "purpose": "阵地建设"})

    assert revoke.is_valid() and subsidy.is_valid()
    assert revoke.cleaned_data["revoked_on"] == subsidy.cleaned_data["granted_on"] == datetime.date(2026, 5, 1)


def test_portal_date_boxes_refuse_a_day_that_does_not_exist():
    form = SubsidyForm({"granted_on": "2026年2月30日", "amount": "5000", "purpose": "阵地建设"})

    assert form.errors["granted_on"] == ["日期“2026年2月30日”不存在。"]


def test_portal_date_boxes_are_text_with_the_accepted_forms_under_them():
    html = str(RevokeForm()["revoked_on"])

    assert 'type="text"' in html and 'type="date"' not in html
    assert RevokeForm().fields["revoked_on"].help_text.startswith("可写作 2024-05-01")


def test_an_acceptance_is_recorded_with_dates_typed_the_chinese_way(client_for, county_staff, township1):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted", self_score=9)

    response = client_for(county_staff).post(
        f"/demo-sites/applications/{application.pk}/acceptance/",
        acceptance_post(application, inspected_on="2026年5月1日", designated_on="2026.5.2"),
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert Acceptance.objects.get(application=application).inspected_on == datetime.date(2026, 5, 1)


def _input_cells(page: str) -> list[str]:
    """The opening <td …> tag of every table cell in a .table-stack table that holds a box to fill in."""
    tables = re.findall(r'<table class="[^"]*table-stack[^"]*".*?</table>', page, flags=re.S)
    assert tables, "没有可在手机上折叠为卡片的表格"
    cells = []
    for table in tables:
        for opening, content in re.findall(r"(<td[^>]*>)(.*?)</td>", table, flags=re.S):
            if re.search(r"<(input|textarea|select)\b(?![^>]*type=\"hidden\")", content):
                cells.append(opening)
    return cells


@pytest.mark.parametrize("who", ["town01", "county_staff"])
def test_every_box_of_a_score_table_is_named_for_a_phone(client_for, township1, who, request):
    draft = ApplicationFactory(unit=UnitFactory(parent=township1))
    submitted = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted")
    url = (
        f"/demo-sites/applications/{draft.pk}/edit/"
        if who == "town01"
        else f"/demo-sites/applications/{submitted.pk}/acceptance/"
    )

    page = client_for(request.getfixturevalue(who)).get(url).content.decode()

    cells = _input_cells(page)
    assert len(cells) == 20  # ten criteria, a text and a score each
    assert all('data-label="' in cell for cell in cells), [c for c in cells if "data-label" not in c]
