from __future__ import annotations

from orgs.models import Cadre
from tests.factories import CadreFactory, UnitFactory


def test_township_staff_sees_only_own_township_cadres(township1, township2, town01):
    mine = CadreFactory(unit=UnitFactory(parent=township1))
    CadreFactory(unit=UnitFactory(parent=township2))

    assert list(Cadre.objects.for_user(town01)) == [mine]


def test_cadre_list_shows_masked_id_number(client_for, township1, town01):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))

    response = client_for(town01).get("/admin/orgs/cadre/")

    assert response.status_code == 200
    assert cadre.id_number_masked in response.content.decode()
    assert cadre.id_number not in response.content.decode()
