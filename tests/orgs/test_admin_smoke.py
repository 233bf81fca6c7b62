"""Every admin page renders for every role, and the admin speaks Chinese."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import CadreFactory, PostFactory, TermElectionFactory, UnitFactory, WomenOrganisationFactory

ROLES = ["admin_user", "county_staff", "leader", "town01"]


@pytest.fixture
def data(township1, township2):
    for township in (township1, township2):
        org = WomenOrganisationFactory(unit=UnitFactory(parent=township))
        TermElectionFactory(organisation=org)
        PostFactory(organisation=org, cadre=CadreFactory(unit=org.unit))


def _visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", html)
    html = re.sub(r"&\w+;", " ", html)
    # The welcome line names the signed-in user; the cast's usernames are ASCII.
    html = re.sub(r"(?s)<strong>[^<]*</strong>", " ", html)
    return re.sub(r"(?s)<[^>]+>", " ", html)


def _english_words(html: str) -> set[str]:
    # Key names inside Django's Chinese help text for multiple selection (按住 Control 键，或者 Mac 上的 Command 键).
    allowed = {"IP", "HTTP", "GET", "POST", "Accept", "Control", "Command", "Mac"}
    return {w for w in re.findall(r"[A-Za-z]{3,}", _visible_text(html)) if w not in allowed}


@pytest.mark.parametrize("who", ROLES)
def test_every_admin_page_renders_for_every_role(request, client, data, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    rf_request = RequestFactory().get("/admin/")
    rf_request.user = user

    index = client.get(reverse("admin:index"))
    assert index.status_code == 200

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        may_view = model_admin.has_view_or_change_permission(rf_request)
        changelist = client.get(reverse(f"{name}_changelist"))
        assert changelist.status_code == (200 if may_view else 403), (model, who)
        add = client.get(reverse(f"{name}_add"))
        assert add.status_code == (200 if model_admin.has_add_permission(rf_request) else 403), (model, who)
        if not may_view:
            continue
        obj = model_admin.get_queryset(rf_request).first()
        if obj is None:
            continue
        for view in ("change", "history", "delete"):
            response = client.get(reverse(f"{name}_{view}", args=[obj.pk]))
            assert response.status_code in (200, 403), (model, view, who, response.status_code)


@pytest.mark.parametrize("who", ROLES)
def test_admin_index_is_chinese_and_titled(request, client, data, who):
    client.force_login(request.getfixturevalue(who))

    html = client.get(reverse("admin:index")).content.decode()

    assert "<title>数据管理 | 县妇联基层组织建设管理平台</title>" in html
    assert 'id="site-name"><a href="/admin/">县妇联基层组织建设管理平台</a>' in html
    assert _english_words(html) == set()


def test_admin_login_page_is_chinese(db, client):
    html = client.get(reverse("admin:login")).content.decode()

    assert "县妇联基层组织建设管理平台" in html
    assert _english_words(html) == set()


@pytest.mark.parametrize("model", ["unit", "womenorganisation", "cadre", "post", "termelection"])
def test_orgs_pages_have_no_english_labels(client, admin_user, data, model):
    from django.apps import apps

    client.force_login(admin_user)
    obj = apps.get_model("orgs", model).objects.first()
    pages = [
        client.get(reverse(f"admin:orgs_{model}_changelist")),
        client.get(reverse(f"admin:orgs_{model}_add")),
        client.get(reverse(f"admin:orgs_{model}_change", args=[obj.pk])),
        client.get(reverse(f"admin:orgs_{model}_history", args=[obj.pk])),
        client.get(reverse(f"admin:orgs_{model}_delete", args=[obj.pk])),
        client.get(reverse(f"admin:orgs_{model}_simple_history", args=[obj.pk, obj.history.latest("history_date").pk])),
    ]

    for page in pages:
        assert _english_words(page.content.decode()) == set(), page.request["PATH_INFO"]
