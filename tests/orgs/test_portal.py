"""The portal shell outside the admin: login, logout and the home page."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import UnitFactory, WomenOrganisationFactory


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_chinese_and_titled(client, db):
    html = client.get(reverse("login")).content.decode()

    assert "<title>登录 - 县妇联基层组织建设管理平台</title>" in html
    assert "用户名" in html and "密码" in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html


def test_wrong_password_gets_a_chinese_error(client, town01):
    response = client.post(reverse("login"), {"username": "town01", "password": "wrong-password"})

    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_township_staff_logs_in_and_sees_only_own_township_on_home(client, township1, township2, town01):
    WomenOrganisationFactory(unit=UnitFactory(parent=township1))
    UnitFactory(parent=township1)
    for _ in range(3):
        UnitFactory(parent=township2)

    client.post(reverse("login"), {"username": "town01", "password": "Test-pass-2026"})
    response = client.get(reverse("home"))

    assert response.status_code == 200
    village_rate = next(h for h in response.context["headlines"] if h.code == "villages_rate")
    assert (village_rate.value, village_rate.note) == ("50.0%", "1/2 个行政村")


def test_logout_returns_to_login(client_for, town01):
    client = client_for(town01)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
