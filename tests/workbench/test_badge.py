"""The 待办 count in the menu: the number of items on her home page, shown on every page she opens."""

from __future__ import annotations

import datetime
import re

from django.core.cache import cache
from django.utils import timezone

from demo_sites import services
from orgs.models import WomenOrganisation
from tests.factories import ApplicationFactory, UnitFactory, WomenOrganisationFactory
from workbench import badge
from workbench.todo import township_todos


def _badge(html: str) -> int | None:
    found = re.search(r'data-testid="nav-todo-count">(\d+)<', html)
    return int(found.group(1)) if found else None


def _listed(html: str) -> int:
    return len(re.findall(r'class="list-group-item todo-item', html))


def _some_todos(township) -> None:
    for days in (-3, 20):
        organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township))
        due = timezone.localdate() + datetime.timedelta(days=days)
        WomenOrganisation.objects.filter(pk=organisation.pk).update(next_election_due=due)
    ApplicationFactory(unit=UnitFactory(parent=township))


def test_the_badge_counts_the_items_of_her_list(client_for, township1, town01):
    _some_todos(township1)

    html = client_for(town01).get("/").content.decode()

    assert _listed(html) >= 4
    assert _badge(html) == _listed(html) == len(township_todos(user=town01))
    assert "项待办" in html  # what a screen reader says after the number


def test_the_badge_follows_her_to_other_pages(client_for, township1, town01):
    _some_todos(township1)
    client = client_for(town01)
    listed = _listed(client.get("/").content.decode())

    for url in ("/training/", "/demo-sites/", "/reports/dashboard/"):
        assert _badge(client.get(url).content.decode()) == listed, url


def test_the_badge_is_worked_out_on_any_page_when_nothing_is_kept(client_for, township1, town01):
    _some_todos(township1)
    cache.clear()

    html = client_for(town01).get("/training/").content.decode()

    assert _badge(html) == len(township_todos(user=town01))


def test_the_home_page_puts_the_badge_right_after_a_change(client_for, township1, town01):
    application = ApplicationFactory(unit=UnitFactory(parent=township1))
    client = client_for(town01)
    before = _badge(client.get("/training/").content.decode())  # worked out and kept for the next pages

    services.application_submit(application=application, by=town01)
    html = client.get("/").content.decode()

    assert _badge(html) == _listed(html) == len(township_todos(user=town01)) < before
    # …and the pages she opens next show the new count, not the one kept before.
    assert _badge(client.get("/training/").content.decode()) == _listed(html)


def test_no_badge_without_items_or_for_the_county(client_for, township1, town01, county_staff, leader):
    badge.remember(township_id=township1.pk, count=0)
    assert _badge(client_for(town01).get("/training/").content.decode()) is None
    for user in (county_staff, leader):
        assert _badge(client_for(user).get("/training/").content.decode()) is None
