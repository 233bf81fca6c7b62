"""Searching the admin by 身份证号 finds her without the number in any URL (access logs keep every query string,
and a URL in a page travels on in links and Referer headers)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from orgs import idnumbers
from orgs.models import Cadre
from tests.factories import CadreFactory, UnitFactory, valid_id_number

CHANGELIST = "/admin/orgs/cadre/"
SEARCH = "/admin/orgs/cadre/search/"


@pytest.fixture
def wang(township1) -> Cadre:
    return CadreFactory(unit=UnitFactory(parent=township1, name="桃源村"), name="王秀英", id_number=valid_id_number(41))


def _digits(number: str) -> str:
    return number[:-1]  # the check character X may be written x; the 17 digits before it may not appear


def _urls_seen(response) -> list[str]:
    """Every URL the browser requested or was sent to, and every URL in the final page."""
    chain = [url for url, _ in getattr(response, "redirect_chain", [])]
    page = response.content.decode()
    return chain + re.findall(r'(?:href|action|src)="([^"]*)"', page)


def test_the_changelist_search_box_posts_its_text(client_for, county_staff, wang):
    page = client_for(county_staff).get(CHANGELIST).content.decode()
    form = re.search(r'<form id="changelist-search"[^>]*>', page).group(0)
    assert 'method="post"' in form and f'action="{SEARCH}"' in form


@pytest.mark.parametrize("typed", ["{n}", " {n} ", "{n_fullwidth}"], ids=["plain", "spaces", "full-width"])
def test_searching_by_number_finds_her_with_no_number_in_any_url(client_for, town01, wang, typed):
    CadreFactory(unit=wang.unit, name="李桂芳")
    number = wang.id_number
    text = typed.format(n=number, n_fullwidth=number.translate(str.maketrans("0123456789", "０１２３４５６７８９")))
    response = client_for(town01).post(SEARCH, {"q": text, "unit__kind__exact": "village"}, follow=True)

    assert [c.pk for c in response.context["cl"].result_list] == [wang.pk]
    first_hop = response.redirect_chain[0][0]
    assert f"idh={idnumbers.lookup_hash(number)}" in first_hop and "unit__kind__exact=village" in first_hop
    for url in _urls_seen(response):
        assert _digits(number) not in url, url
    assert _digits(number) not in response.content.decode()


def test_a_number_in_the_query_string_is_taken_out_of_the_url_at_once(client_for, county_staff, wang):
    CadreFactory(unit=wang.unit, name="李桂芳")
    number = wang.id_number
    client = client_for(county_staff)

    first = client.get(CHANGELIST, {"q": number, "o": "1"})

    assert first.status_code == 302
    assert _digits(number) not in first["Location"]
    followed = client.get(first["Location"])
    assert [c.pk for c in followed.context["cl"].result_list] == [wang.pk]
    for url in _urls_seen(followed):
        assert _digits(number) not in url, url


def test_another_townships_number_finds_nothing(client_for, town02, wang):
    response = client_for(town02).post(SEARCH, {"q": wang.id_number}, follow=True)
    assert list(response.context["cl"].result_list) == []


def test_a_partial_number_is_not_put_in_the_url_and_gets_a_chinese_message(client_for, town01, wang):
    partial = wang.id_number[:16]
    response = client_for(town01).post(SEARCH, {"q": partial}, follow=True)
    assert all(partial not in url for url in _urls_seen(response))
    assert "请输入完整的18位身份证号" in response.content.decode()


def test_a_name_search_still_lands_on_the_results_by_name(client_for, town01, wang):
    CadreFactory(unit=wang.unit, name="李桂芳")
    response = client_for(town01).post(SEARCH, {"q": "王秀英"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("admin:orgs_cadre_changelist") + "?q=%E7%8E%8B%E7%A7%80%E8%8B%B1"
    assert [c.pk for c in response.context["cl"].result_list] == [wang.pk]


def test_a_forged_hash_finds_nothing(client_for, county_staff, wang):
    response = client_for(county_staff).get(CHANGELIST, {"idh": "0" * 64})
    assert list(response.context["cl"].result_list) == []
    response = client_for(county_staff).get(CHANGELIST, {"idh": "not-a-hash"})
    assert response.status_code == 200 and list(response.context["cl"].result_list) == []


def test_a_list_without_number_lookup_drops_a_number_from_the_url(client_for, town01, wang):
    response = client_for(town01).post("/admin/orgs/unit/search/", {"q": wang.id_number}, follow=True)
    assert all(_digits(wang.id_number) not in url for url in _urls_seen(response))
    assert "此列表不能按身份证号查找" in response.content.decode()


def test_an_anonymous_search_goes_to_the_login_page(client, wang):
    response = client.post(SEARCH, {"q": wang.id_number})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert _digits(wang.id_number) not in response["Location"]
