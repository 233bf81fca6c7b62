"""The portal pages of 执委履职, per role: a township sees her 执委 only, county staff all, leadership reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from duties.models import DutyScoreEntry, ExecutiveDutyRecord
from tests.duties.conftest import YEAR, item, make_executives
from tests.factories import ActivityFactory, AttendanceFactory, EventFactory

pytestmark = pytest.mark.django_db

LIST = reverse("duties:executive_list")
MISSING = reverse("duties:missing")


def _edit(cadre, year=YEAR):
    return reverse("duties:record_edit", args=[year, cadre.pk])


def _detail(cadre, year=YEAR):
    return reverse("duties:record_detail", args=[year, cadre.pk])


def _post(client, cadre, scheme, **data):
    form = {"women_in_touch": 12, "other_activities": "", "notes": "", "stale_state": ""}
    form.update({f"item_{i.pk}": 0 for i in scheme.items.all()})
    form.update(data)
    return client.post(_edit(cadre), form)


def test_township_list_shows_her_executives_with_record_or_not_filled_in(
    client_for, scheme, executive1, executive2, town01
):
    other = make_executives(executive1.township, 1, "沿河村")[0]
    ExecutiveDutyRecord.objects.create(cadre=other, year=YEAR, women_in_touch=11)

    page = client_for(town01).get(LIST).content.decode()

    assert executive1.name in page and other.name in page
    assert executive2.name not in page
    # One row filled in (with her count of women), one not.
    assert page.count('badge text-bg-success">已填报') == 1 and page.count('badge text-bg-warning">未填报') == 1
    assert '<td class="text-end">11</td>' in page


def test_township_fills_in_a_record_through_the_form(client_for, scheme, executive1, town01):
    own = ActivityFactory(organiser=executive1.township, title="巾帼文化大舞台·广场舞")
    response = _post(
        client_for(town01),
        executive1,
        scheme,
        women_in_touch=14,
        activities=[own.pk],
        other_activities="上门宣传“两癌”筛查",
        **{f"item_{item(scheme, '组织').pk}": 2},
    )

    assert response.status_code == 302
    record = ExecutiveDutyRecord.objects.with_points().get()
    assert (record.women_in_touch, record.points, list(record.activities.all())) == (14, 70, [own])
    detail = client_for(town01).get(_detail(executive1)).content.decode()
    assert "70 分" in detail and "巾帼文化大舞台·广场舞" in detail and "上门宣传" in detail


def test_form_offers_her_townships_and_attended_events_only(client_for, scheme, executive1, executive2, town01):
    own = ActivityFactory(organiser=executive1.township, title="本镇活动")
    elsewhere = ActivityFactory(organiser=executive2.township, title="外镇活动")
    county_course = EventFactory(title="县级培训班")
    AttendanceFactory(event=county_course, cadre=executive1)
    EventFactory(title="她没参加的县级会议")

    page = client_for(town01).get(_edit(executive1)).content.decode()

    assert "本镇活动" in page and "县级培训班" in page
    assert "外镇活动" not in page and "她没参加的县级会议" not in page
    forged = _post(client_for(town01), executive1, scheme, activities=[own.pk, elsewhere.pk])
    assert forged.status_code == 200 and "不在您的管辖范围内" in forged.content.decode()
    assert not ExecutiveDutyRecord.objects.exists()


def test_bad_counts_are_refused_in_chinese_and_nothing_is_saved(client_for, scheme, executive1, town01):
    response = _post(
        client_for(town01), executive1, scheme, women_in_touch=-1, **{f"item_{item(scheme, '组织').pk}": 100}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "次数不能超过99" in page
    assert not ExecutiveDutyRecord.objects.exists() and not DutyScoreEntry.objects.exists()


def test_township_staff_cannot_open_or_fill_in_another_townships_executive(client_for, scheme, executive2, town01):
    client = client_for(town01)
    assert client.get(_detail(executive2)).status_code == 404
    assert client.get(_edit(executive2)).status_code == 404
    assert _post(client, executive2, scheme).status_code == 404
    assert not ExecutiveDutyRecord.objects.exists()


def test_county_staff_see_every_township(client_for, scheme, executive1, executive2, county_staff):
    page = client_for(county_staff).get(LIST).content.decode()
    assert executive1.name in page and executive2.name in page
    assert _post(client_for(county_staff), executive2, scheme).status_code == 302


def test_leadership_reads_but_cannot_write(client_for, scheme, executive1, leader):
    ExecutiveDutyRecord.objects.create(cadre=executive1, year=YEAR, women_in_touch=11)
    client = client_for(leader)
    assert executive1.name in client.get(LIST).content.decode()
    detail = client.get(_detail(executive1)).content.decode()
    assert "11 人" in detail and _edit(executive1) not in detail and ">删除<" not in detail
    assert client.get(_edit(executive1)).status_code == 403
    assert client.post(reverse("duties:record_delete", args=[YEAR, executive1.pk])).status_code == 403
    assert ExecutiveDutyRecord.objects.count() == 1


def test_a_cadre_who_is_no_executive_has_no_record_page(client_for, scheme, township1, town01):
    from tests.factories import PostFactory

    chair = PostFactory(organisation__unit__parent=township1, position="chair").cadre
    assert client_for(town01).get(_detail(chair)).status_code == 404
    assert client_for(town01).get(_detail(chair, year=YEAR + 1)).status_code == 404


def test_without_a_scheme_the_form_says_so(client_for, executive1, town01):
    response = client_for(town01).get(_edit(executive1), follow=True)
    assert "尚未设置" in response.content.decode()


def test_missing_list_counts_per_township_and_links_to_the_names(
    client_for, scheme, township1, township2, county_staff, town01
):
    first = make_executives(township1, 3, "桃源村")
    make_executives(township2, 2, "沿溪村")
    ExecutiveDutyRecord.objects.create(cadre=first[0], year=YEAR, women_in_touch=10)
    ExecutiveDutyRecord.objects.create(cadre=first[1], year=YEAR - 1, women_in_touch=10)  # last year's only

    response = client_for(county_staff).get(MISSING)
    rows = {row["township"]: (row["executives"], row["reported"], row["missing"]) for row in response.context["rows"]}
    assert rows == {"萧江镇": (3, 1, 2), "水头镇": (2, 0, 2)}
    link = f"{LIST}?year={YEAR}&amp;township={township1.pk}&amp;status=missing"
    assert link in response.content.decode()

    names = client_for(county_staff).get(LIST, {"year": YEAR, "township": township1.pk, "status": "missing"})
    assert [c.name for c in names.context["page"]] == [first[1].name, first[2].name]

    own = client_for(town01).get(MISSING)
    assert [row["township"] for row in own.context["rows"]] == ["萧江镇"]


def test_list_pages_take_the_same_queries_for_more_executives(
    client_for, scheme, township1, county_staff, django_assert_max_num_queries
):
    def fill(village: str, count: int) -> None:
        for n, cadre in enumerate(make_executives(township1, count, village)):
            if n % 2:
                record = ExecutiveDutyRecord.objects.create(cadre=cadre, year=YEAR, women_in_touch=10)
                record.activities.add(ActivityFactory(organiser=township1))
                DutyScoreEntry.objects.create(record=record, item=item(scheme, "组织"), times=2)

    client = client_for(county_staff)
    fill("桃源村", 3)
    client.get(LIST)  # the session and the menu's counts settle
    counts = {}
    for url in (LIST, MISSING):
        with django_assert_max_num_queries(100) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    fill("沿河村", 12)
    for url in (LIST, MISSING):
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
