"""The home pages and the badge cost the same number of queries whatever the township's size."""

from __future__ import annotations

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.workbench.builders import fill_township
from workbench import badge
from workbench.progress import county_progress
from workbench.todo import township_todos

# township_todos: 2 (applications and their rounds) + 1 (deadlines) + 2 (confirmation) + 3 (换届, 主席)
# + 2 (班子配备) + 2 (phones, untrained chairs) + 1 (考核) = 13, and the user's role (groups, township: 2, once per
# request).
TODO_QUERIES = 15
# county_progress: the role (1), townships (1), the six columns (9), the confirmations (2), overdue applications
# (1) and the 验收 queue (1).
PROGRESS_QUERIES = 15
# Saving the session with the new count: the session row's update, in a savepoint.
SESSION_WRITE = 3


def _count(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_the_todo_list_costs_the_same_for_one_or_eight_of_everything(
    django_assert_max_num_queries, township1, town01, county_staff
):
    fill_township(township1, 1, decided_by=county_staff)
    with django_assert_max_num_queries(TODO_QUERIES):
        small = township_todos(user=town01)
    small_queries = _count(lambda: township_todos(user=town01))

    fill_township(township1, 7, decided_by=county_staff)
    with django_assert_max_num_queries(TODO_QUERIES):
        large = township_todos(user=town01)

    # One item per application: those grow with the data, the queries do not.
    assert len(large) > len(small) and {item.kind for item in large} == {item.kind for item in small}
    assert _count(lambda: township_todos(user=town01)) == small_queries


def test_the_county_progress_costs_the_same_for_one_or_eight_of_everything(
    django_assert_max_num_queries, township1, township2, county_staff, town01
):
    fill_township(township1, 1, decided_by=county_staff)
    with django_assert_max_num_queries(PROGRESS_QUERIES):
        county_progress(user=county_staff)
    small = _count(lambda: county_progress(user=county_staff))

    fill_township(township1, 6, decided_by=county_staff)
    fill_township(township2, 4, decided_by=county_staff)
    with django_assert_max_num_queries(PROGRESS_QUERIES):
        county_progress(user=county_staff)

    assert _count(lambda: county_progress(user=county_staff)) == small


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_the_home_pages_cost_the_same_at_both_sizes(client_for, township1, township2, town01, county_staff):
    fill_township(township1, 1, decided_by=county_staff)
    town, county = client_for(town01), None
    town.get("/")  # the figures' cache filled, as for any reader after the first
    township_small = _page_queries(town, "/")
    county = client_for(county_staff)
    county.get("/")
    county_small = _page_queries(county, "/")

    fill_township(township1, 6, decided_by=county_staff)
    fill_township(township2, 3, decided_by=county_staff)
    town = client_for(town01)
    town.get("/")
    assert _page_queries(town, "/") == township_small
    county = client_for(county_staff)
    county.get("/")
    assert _page_queries(county, "/") == county_small


WITHOUT_BADGE = {
    "context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "orgs.context_processors.portal",
    ]
}


def _templates_without_badge():
    from django.conf import settings

    templates = [dict(t) for t in settings.TEMPLATES]
    options = dict(templates[0]["OPTIONS"])
    options["context_processors"] = [p for p in options["context_processors"] if p != "workbench.badge.context"]
    templates[0]["OPTIONS"] = options
    return templates


def test_the_badge_costs_a_plain_page_nothing_while_its_count_is_kept(client_for, township1, town01, county_staff):
    fill_township(township1, 3, decided_by=county_staff)
    client = client_for(town01)
    client.get("/training/")
    with override_settings(TEMPLATES=_templates_without_badge()):
        client.get("/training/")
        without = _page_queries(client, "/training/")
    kept = _page_queries(client, "/training/")  # the count worked out at sign-in, read with the session
    session = client.session
    session[badge.SESSION_KEY]["at"] -= badge.TIMEOUT
    session.save()
    stale = _page_queries(client, "/training/")  # older than TIMEOUT: the list once, and the session saved

    assert kept == without
    assert stale == without + (TODO_QUERIES - 2) + SESSION_WRITE


def test_county_roles_pay_nothing_for_the_badge(client_for, township1, county_staff, leader):
    for user in (county_staff, leader):
        client = client_for(user)
        client.get("/training/")
        with override_settings(TEMPLATES=_templates_without_badge()):
            without = _page_queries(client, "/training/")
        assert _page_queries(client, "/training/") == without
