"""The 我的申报 / 验收 list as its users read it: newest first, and only the filters that mean something
to them."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from tests.factories import ApplicationFactory, UnitFactory


def _at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 3, day, 10))


def _order_on_page(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    return re.findall(r'href="/demo-sites/applications/\d+/">([^<]+)</a>', page)


def test_list_shows_newest_first_by_year_then_submission_or_creation(township1, town01, county_staff, client_for):
    def app(name, year, submitted_day=None, status="submitted"):
        application = ApplicationFactory(
            unit=UnitFactory(parent=township1, name=name),
            year=year,
            status=status,
            submitted_at=_at(submitted_day) if submitted_day else None,
        )
        return application

    app("去年早交", 2025, 1)
    app("去年晚交", 2025, 20)
    app("今年早交", 2026, 2)
    app("今年晚交", 2026, 15)
    draft = app("今年新草稿", 2026, status="draft")
    type(draft).objects.filter(pk=draft.pk).update(created_at=_at(28))

    expected = ["今年新草稿", "今年晚交", "今年早交", "去年晚交", "去年早交"]
    assert _order_on_page(client_for(town01), "/demo-sites/?status=") == expected
    assert _order_on_page(client_for(county_staff), "/demo-sites/?status=") == expected


def test_township_staff_get_no_township_filter_and_county_staff_do(
    township1, township2, town01, county_staff, client_for
):
    own = ApplicationFactory(unit=UnitFactory(parent=township1, name="本镇村"), status="submitted")
    ApplicationFactory(unit=UnitFactory(parent=township2, name="外镇村"), status="submitted")

    township_page = client_for(town01).get(f"/demo-sites/?township={township2.pk}").content.decode()
    assert 'name="township"' not in township_page
    assert "所属乡镇" not in township_page  # one township: no column for it either
    assert own.unit.name in township_page and "外镇村" not in township_page

    county_page = (
        client_for(county_staff).get(f"/demo-sites/?status=submitted&township={township2.pk}").content.decode()
    )
    assert 'name="township"' in county_page and township1.name in county_page
    assert "外镇村" in county_page and "本镇村" not in county_page
