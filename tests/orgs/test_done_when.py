"""The issue's acceptance walk: town01 logs in, adds a village cadre in the admin, sees her masked."""

from __future__ import annotations

from django.urls import reverse

from orgs import idnumbers
from orgs.models import Cadre, Unit
from tests.factories import UnitFactory, valid_id_number
from tests.orgs.admin_helpers import form_data


def test_town01_adds_a_village_cadre_sees_it_masked_and_only_xiaojiang(client, township1, township2, town01):
    village = UnitFactory(parent=township1, name="桃源村")
    other_village = UnitFactory(parent=township2, name="溪口村")
    number = valid_id_number(42)
    typed = "".join(chr(ord(c) + 0xFEE0) for c in number)  # typed with a Chinese IME: full-width

    login = client.post(reverse("login"), {"username": "town01", "password": "Test-pass-2026"})
    assert login.status_code == 302

    units = client.get(
        "/admin/autocomplete/", {"app_label": "orgs", "model_name": "cadre", "field_name": "unit", "term": ""}
    ).json()["results"]
    assert {u["text"] for u in units} == {"萧江镇", "桃源村"}

    data = form_data(client.get(reverse("admin:orgs_cadre_add")))
    data.update(name="王秀英", unit=village.pk, id_number=typed, phone="13812345678")
    assert client.post(reverse("admin:orgs_cadre_add"), data).status_code == 302

    cadre = Cadre.objects.get(name="王秀英")
    assert (cadre.township_id, cadre.id_number, cadre.birth_date.isoformat()) == (township1.pk, number, "1985-03-12")
    masked = idnumbers.mask(number)
    for url in (reverse("admin:orgs_cadre_changelist"), reverse("admin:orgs_cadre_change", args=[cadre.pk])):
        page = client.get(url).content.decode()
        assert masked in page
        assert number not in page

    unit_list = client.get(reverse("admin:orgs_unit_changelist"))
    assert {u.township_id for u in unit_list.context["cl"].result_list} == {township1.pk}
    assert client.get(reverse("admin:orgs_unit_change", args=[other_village.pk])).status_code == 404
    assert Unit.objects.filter(township=township2).count() == 2
