"""A cadre's record page shows every training she attended, including the county's, as plain facts
(title, date, hours); it links an event only where the reader may open it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tests.factories import AttendanceFactory, EventFactory


def test_county_event_is_listed_as_text_for_township_staff_and_linked_for_the_county(
    county, township1, town01, county_staff, chair1, client_for
):
    county_course = EventFactory(
        title="城乡社区妇联主席培训班",
        organiser=county,
        starts_on=datetime.date(2026, 6, 10),
        ends_on=datetime.date(2026, 6, 10),
    )
    AttendanceFactory(event=county_course, cadre=chair1, hours_individual=Decimal("6.5"))
    own_course = EventFactory(
        title="萧江镇巾帼骨干培训",
        organiser=township1,
        starts_on=datetime.date(2026, 10, 25),
        ends_on=datetime.date(2026, 10, 25),
    )
    AttendanceFactory(event=own_course, cadre=chair1, hours_individual=Decimal("3"))

    page = client_for(town01).get(f"/training/cadres/{chair1.pk}/").content.decode()
    assert "城乡社区妇联主席培训班" in page and "2026-06-10" in page and "6.5" in page
    assert f'href="/training/events/{county_course.pk}/"' not in page
    assert f'href="/training/events/{own_course.pk}/"' in page
    assert client_for(town01).get(f"/training/events/{county_course.pk}/").status_code == 404

    county_page = client_for(county_staff).get(f"/training/cadres/{chair1.pk}/").content.decode()
    assert f'href="/training/events/{county_course.pk}/"' in county_page
    assert f'href="/training/events/{own_course.pk}/"' in county_page
