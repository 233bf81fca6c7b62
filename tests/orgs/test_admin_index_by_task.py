"""数据管理 as a township clerk finds it: her models grouped by the task she does, in plain Chinese, and on a
phone a plain note where a table of rows cannot be filled in comfortably."""

from __future__ import annotations

import json

from django.urls import reverse

from tests.factories import CadreFactory, UnitFactory, WomenOrganisationFactory

TASK_GROUPS = ["单位与组织", "干部与任职", "换届", "培训"]
COUNTY_ONLY = ["流程记录", "复核记录", "评价标准", "验收记录", "兼职岗位", "班子配备要求", "培训对象"]


def _groups(response) -> dict[str, list[str]]:
    return {app["name"]: [model["name"] for model in app["models"]] for app in response.context["app_list"]}


def test_township_staff_find_their_models_grouped_by_task(client_for, town01, django_assert_max_num_queries):
    client = client_for(town01)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:index"))

    groups = _groups(response)
    assert list(groups)[:4] == TASK_GROUPS
    assert groups["单位与组织"] == ["基层单位", "妇女组织"]
    assert groups["干部与任职"] == ["妇女干部", "任职"]
    assert groups["换届"] == ["换届记录"]
    assert groups["培训"] == ["培训与活动", "参训记录"]
    shown = [name for names in groups.values() for name in names]
    assert len(shown) <= 10
    page = response.content.decode()
    for name in COUNTY_ONLY:
        assert f">{name}</a>" not in page, name


def test_the_navigation_sidebar_is_grouped_the_same_way(client_for, town01, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))

    response = client_for(town01).get(reverse("admin:orgs_cadre_change", args=[cadre.pk]))

    assert [app["name"] for app in response.context["available_apps"]][:4] == TASK_GROUPS


def test_county_staff_keep_every_model_by_app(client_for, county_staff):
    groups = _groups(client_for(county_staff).get(reverse("admin:index")))

    shown = [name for names in groups.values() for name in names]
    assert "示范点创建" in groups and "组织与干部" in groups
    for name in ["流程记录", "复核记录", "评价标准", "兼职岗位", "班子配备要求"]:
        assert name in shown, name


def test_a_township_clerk_can_still_open_every_page_she_could_before(client_for, town01):
    """Only the index is regrouped: a model left off it (read-only 示范点 records) still opens."""
    client = client_for(town01)

    assert client.get(reverse("admin:demo_sites_statuschange_changelist")).status_code == 200
    assert client.get(reverse("admin:orgs_duty_changelist")).status_code == 200


def test_stock_phrasing_reads_as_plain_chinese(client_for, town01, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))
    client = client_for(town01)

    changelist = client.get(reverse("admin:orgs_cadre_changelist")).content.decode()
    change = client.get(reverse("admin:orgs_cadre_change", args=[cadre.pk]))
    add_text = json.loads(change.context["inline_admin_formsets"][0].inline_formset_data())["options"]["addText"]

    assert "<h1>妇女干部列表</h1>" in changelist
    assert "选择 妇女干部 来修改" not in changelist
    assert "按政治面貌" in changelist and "以 政治面貌" not in changelist
    assert add_text == "再添加一条任职"


def test_a_change_form_with_a_table_of_rows_points_a_phone_to_the_one_row_page(client_for, town01, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township1))
    client = client_for(town01)

    cadre_page = client.get(reverse("admin:orgs_cadre_change", args=[cadre.pk])).content.decode()
    unit_page = client.get(reverse("admin:orgs_unit_change", args=[organisation.unit.pk])).content.decode()

    assert 'class="phone-table-note"' in cadre_page
    assert "本页下方的“任职”表格" in cadre_page
    assert f'href="{reverse("admin:orgs_post_add")}?cadre={cadre.pk}"' in cadre_page
    assert 'class="phone-table-note"' not in unit_page


def test_the_one_row_page_comes_with_the_cadre_chosen(client_for, town01, township1):
    cadre = CadreFactory(unit=UnitFactory(parent=township1), name="王秀英")

    response = client_for(town01).get(reverse("admin:orgs_post_add"), {"cadre": cadre.pk})

    assert response.context["adminform"].form["cadre"].value() == str(cadre.pk)
    assert "王秀英" in response.content.decode()
