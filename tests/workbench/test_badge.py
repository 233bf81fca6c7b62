"""The 待办 count in the menu: the number of items on her home page, shown on every page she opens."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from demo_sites import services
from orgs.models import WomenOrganisation
from reports.models import YearConfirmation
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


def _age_kept_count(client, seconds: int) -> None:
    session = client.session
    session[badge.SESSION_KEY]["at"] -= seconds
    session.save()


def test_the_count_is_worked_out_as_she_signs_in(client_for, township1, town01):
    _some_todos(township1)

    client = client_for(town01)

    assert client.session[badge.SESSION_KEY]["count"] == len(township_todos(user=town01))


def test_a_kept_count_is_worked_out_again_after_two_minutes(client_for, township1, town01):
    client = client_for(town01)
    signed_in_with = _badge(client.get("/training/").content.decode())
    _some_todos(township1)

    _age_kept_count(client, badge.TIMEOUT - 5)
    assert _badge(client.get("/training/").content.decode()) == signed_in_with  # still kept
    _age_kept_count(client, 10)
    assert _badge(client.get("/training/").content.decode()) == len(township_todos(user=town01))


def test_the_home_page_puts_the_badge_right_after_a_change(client_for, township1, town01):
    application = ApplicationFactory(unit=UnitFactory(parent=township1))
    client = client_for(town01)
    before = _badge(client.get("/training/").content.decode())  # worked out at sign-in and kept

    services.application_submit(application=application, by=town01)
    html = client.get("/").content.decode()

    assert _badge(html) == _listed(html) == len(township_todos(user=town01)) < before
    # …and the pages she opens next show the new count, not the one kept before.
    assert _badge(client.get("/training/").content.decode()) == _listed(html)


def test_no_badge_without_items_or_for_the_county(client_for, township1, town01, county_staff, leader):
    YearConfirmation.objects.create(
        township=township1, year=YearConfirmation.due_year(), status="confirmed", confirmed_by=town01
    )
    assert township_todos(user=town01) == []
    assert _badge(client_for(town01).get("/training/").content.decode()) is None
    for user in (county_staff, leader):
        assert _badge(client_for(user).get("/training/").content.decode()) is None
