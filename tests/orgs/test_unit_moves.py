from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CadreFactory, UnitFactory


def test_unit_with_cadres_cannot_move_to_another_township(township1, township2):
    village = UnitFactory(parent=township1)
    CadreFactory(unit=village)
    village.parent = township2

    with pytest.raises(ValidationError) as excinfo:
        village.full_clean()

    assert "不能改属其他乡镇" in str(excinfo.value)


def test_unit_without_data_can_move(township1, township2):
    village = UnitFactory(parent=township1)
    village.parent = township2

    village.full_clean()
    village.save()

    village.refresh_from_db()
    assert village.township_id == township2.pk
