"""The demo never dates an event after its "today": loading it early in the year must not invent a
现场推进会 that has not happened yet."""

from __future__ import annotations

import datetime
import io
import random

import pytest

from orgs import sample_county as orgs_demo
from orgs.sample_county import DemoContext
from training import sample_county as training_demo
from training.models import Event

YEAR = 2025


def _load(today: datetime.date) -> None:
    ctx = DemoContext(
        year=YEAR, today=today, scale=1, rng=random.Random(2026), stdout=io.StringIO(), password="Demo-pass-2026"
    )
    orgs_demo.load(ctx)
    training_demo.load(ctx)


@pytest.mark.django_db
def test_on_site_meeting_is_not_dated_after_the_demo_today():
    today = datetime.date(YEAR, 6, 1)
    _load(today)

    meeting = Event.objects.get(kind=Event.Kind.ON_SITE, title="县妇联基层组织建设工作现场推进会")
    assert meeting.starts_on == today
    # Multi-day courses end by today too, keeping their length.
    assert not Event.objects.filter(starts_on__gt=today).exists()
    assert not Event.objects.filter(ends_on__gt=today).exists()


@pytest.mark.django_db
def test_on_site_meeting_keeps_25_september_once_today_is_past_it():
    _load(datetime.date(YEAR, 11, 1))

    meeting = Event.objects.get(kind=Event.Kind.ON_SITE, title="县妇联基层组织建设工作现场推进会")
    assert meeting.starts_on == datetime.date(YEAR, 9, 25)
