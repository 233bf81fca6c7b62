"""The 消息 pages: the inbox newest first with unread ones bold, the badge in the menu, opening a message (read,
then to where it is dealt with, only ever on this site), 全部标为已读, and nobody reading another inbox."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notices import selectors
from notices.models import Message, MessageRead
from notices.services import notify
from tests.factories import make_user

TODAY = timezone.localdate()


def _tell(township, n: int, link: str = "/demo-sites/") -> Message:
    message, _ = notify(
        township=township,
        kind=Message.Kind.APPLICATION_RETURNED,
        subject=f"第{n}号申报被退回整改",
        body=f"整改要求：第{n}条",
        link=link,
        dedupe_key=f"test:{n}",
    )
    return message


def _badge(html: str) -> str | None:
    found = re.search(r'data-testid="inbox-unread">(\d+)<', html)
    return found.group(1) if found else None


def test_the_inbox_lists_newest_first_with_unread_ones_bold(township1, town01, login):
    first, second = _tell(township1, 1), _tell(township1, 2)
    MessageRead.objects.create(message=first, user=town01)

    html = login(town01).get("/messages/").content.decode()

    assert html.index("第2号申报") < html.index("第1号申报")
    assert re.search(r'fw-bold">第2号申报被退回整改<', html)
    assert not re.search(r'fw-bold">第1号申报被退回整改<', html)
    assert "整改要求：第2条" in html and html.count(">未读<") == 1
    assert second.pk


def test_the_badge_counts_unread_messages_in_every_page(township1, town01, login):
    client = login(town01)
    assert _badge(client.get("/").content.decode()) is None  # nothing unread: no number

    messages = [_tell(township1, n) for n in range(3)]
    MessageRead.objects.create(message=messages[0], user=town01)

    assert _badge(client.get("/").content.decode()) == "2"
    assert _badge(client.get("/demo-sites/").content.decode()) == "2"


def test_the_leader_has_no_inbox_and_no_badge(township1, leader, login):
    _tell(None, 1)
    client = login(leader)

    assert client.get("/messages/").status_code == 403
    html = client.get("/").content.decode()
    assert 'data-testid="inbox-link"' not in html


def test_opening_a_message_marks_it_read_for_her_only_and_goes_to_its_link(township1, town01, login):
    colleague = make_user("town01b", "乡镇妇联填报员", township1)
    message = _tell(township1, 1, link="/demo-sites/applications/7/")

    response = login(town01).post(f"/messages/{message.pk}/open/")

    assert response.status_code == 302 and response["Location"] == "/demo-sites/applications/7/"
    assert selectors.unread_count(town01) == 0
    assert selectors.unread_count(colleague) == 1
    login(town01).post(f"/messages/{message.pk}/open/")  # opening again changes nothing
    assert MessageRead.objects.count() == 1


def test_opening_is_a_post_a_get_changes_nothing(township1, town01, login):
    message = _tell(township1, 1)

    assert login(town01).get(f"/messages/{message.pk}/open/").status_code == 405
    assert selectors.unread_count(town01) == 1


def test_a_link_to_another_site_is_never_followed(township1, town01, login):
    message = _tell(township1, 1)
    Message.objects.filter(pk=message.pk).update(link="//evil.example.com/login")  # however it got there

    response = login(town01).post(f"/messages/{message.pk}/open/")

    assert response.status_code == 302 and response["Location"] == "/messages/"


def test_mark_all_read(township1, town01, login):
    for n in range(3):
        _tell(township1, n)
    client = login(town01)

    response = client.post("/messages/read-all/", follow=True)

    assert "已将 3 条消息标为已读。" in response.content.decode()
    assert selectors.unread_count(town01) == 0


def test_town02_cannot_open_or_see_town01s_message(township1, township2, town01, town02, county_staff, login):
    message = _tell(township1, 1)

    assert login(town02).post(f"/messages/{message.pk}/open/").status_code == 404
    assert "第1号申报" not in login(town02).get("/messages/").content.decode()
    login(town02).post("/messages/read-all/")
    # the county sees every township's rows, but its inbox is the county's: not this one either
    assert login(county_staff).post(f"/messages/{message.pk}/open/").status_code == 404
    assert not MessageRead.objects.exists()
    assert selectors.unread_count(town01) == 1


def test_county_staff_read_the_countys_inbox(township1, county_staff, admin_user, login):
    _tell(township1, 1)
    county_message = _tell(None, 2)

    assert [m.pk for m in selectors.inbox(county_staff)] == [county_message.pk]
    assert [m.pk for m in selectors.inbox(admin_user)] == [county_message.pk]
    html = login(county_staff).get("/messages/").content.decode()
    assert "第2号申报" in html and "第1号申报" not in html


def test_the_inbox_is_paginated_and_costs_the_same_for_few_and_many_messages(township1, town01, login):
    client = login(town01)

    def queries() -> int:
        client.get("/messages/")  # warm the session and permissions
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/messages/").status_code == 200
        return len(captured)

    for n in range(3):
        _tell(township1, n)
    few = queries()
    for n in range(3, 45):
        message = _tell(township1, n)
        if n % 2:
            MessageRead.objects.create(message=message, user=town01)
    many = queries()

    assert many == few
    html = client.get("/messages/").content.decode()
    assert html.count('data-testid="message"') == 20 and "第 1 / 3 页" in html
    assert "第44号申报" in html and "第0号申报" not in html
    assert "第0号申报" in client.get("/messages/?page=3").content.decode()


def test_the_badge_is_one_query(township1, town01):
    from django.test import RequestFactory

    from notices.context_processors import inbox

    _tell(township1, 1)
    request = RequestFactory().get("/")
    request.user = town01
    context = inbox(request)
    selectors.has_inbox(town01)  # role and permissions are read once per request, for the whole menu

    with CaptureQueriesContext(connection) as captured:
        assert int(str(context["inbox_unread"])) == 1
    assert len(captured) == 1
