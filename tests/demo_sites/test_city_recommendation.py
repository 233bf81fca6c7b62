"""推荐市级: the county recommends an in-force 县级 site to the city and records the city's decision. Illegal
moves are refused with a Chinese message and change nothing; each role may do only its part; every step
leaves a status-log row; the figures follow the 口径 (市级 up by one after 通过, not after 不通过)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from demo_sites import services
from demo_sites.models import Application, Attachment, Designation, DesignationChange, StatusChange
from demo_sites.services import WorkflowError
from notices.models import Message
from reports.indicators import figures
from reports.selectors import make_scope
from tests.factories import ApplicationFactory, CityRecommendationFactory, DesignationFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
NOTE = "阵地规范、活动经常，推荐申报市级“妇女之家”示范点。"


def scan(name: str = "市级命名文件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def county_site(township1):
    """An in-force 县级 "妇女之家" site of township1."""
    return DesignationFactory(
        unit=UnitFactory(parent=township1), level="county", designated_on=datetime.date(2024, 6, 1)
    )


@pytest.fixture
def waiting(county_site):
    return CityRecommendationFactory(recommended_from=county_site)


def _snapshot():
    return (
        list(Application.objects.order_by("pk").values_list("pk", "status")),
        StatusChange.objects.count(),
        list(Designation.objects.order_by("pk").values_list("pk", "level", "revoked_on")),
        DesignationChange.objects.count(),
        Attachment.objects.count(),
    )


def _accept(application, by, **overrides):
    kwargs = {
        "application": application,
        "by": by,
        "decision": "accepted",
        "decided_on": TODAY,
        "document_number": "温妇字〔2026〕12号",
        "scan": scan(),
    }
    kwargs.update(overrides)
    return services.city_decision_record(**kwargs)


def _figures(user):
    return figures.for_scope(make_scope(user=user, year=YEAR, township_id=None))


# --- recommending ---------------------------------------------------------------------------------


def test_county_staff_recommend_an_in_force_county_site(county_site, county_staff):
    recommendation = services.city_recommend(designation=county_site, by=county_staff, note=NOTE)

    assert (recommendation.status, recommendation.level) == ("recommended", "city")
    assert recommendation.get_status_display() == "待市级审核"
    assert (recommendation.unit, recommendation.category) == (county_site.unit, county_site.category)
    assert recommendation.recommended_from == county_site
    assert recommendation.township == county_site.township
    log = list(recommendation.status_changes.values_list("from_status", "to_status", "by", "comment"))
    assert log == [("", "recommended", county_staff.pk, f"推荐市级：{NOTE}")]
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TRANSITION, object_repr__contains="待市级审核").exists()


def test_the_recommendation_is_one_of_the_transition_table_moves(county_site, county_staff):
    recommendation = services.city_recommend(designation=county_site, by=county_staff, note=NOTE)
    _accept(recommendation, county_staff)

    moves = set(StatusChange.objects.values_list("from_status", "to_status"))
    assert moves == {("", "recommended"), ("recommended", "city_accepted")}
    assert moves <= set(services.TRANSITIONS)


@pytest.mark.parametrize(
    ("site", "message"),
    [
        ({"level": "city"}, "只能推荐县级示范点，该示范点是市级。"),
        ({"revoked_on": datetime.date(2025, 3, 1)}, "该县级示范点已摘牌（或尚未挂牌），不能推荐市级。"),
        ({"designated_on": TODAY + datetime.timedelta(days=10)}, "该县级示范点已摘牌（或尚未挂牌），不能推荐市级。"),
    ],
    ids=["city-level", "revoked", "not-yet-designated"],
)
def test_recommending_a_site_that_is_not_an_in_force_county_one_is_refused(township1, county_staff, site, message):
    designation = DesignationFactory(unit=UnitFactory(parent=township1), **site)
    before = _snapshot()

    with pytest.raises(WorkflowError) as caught:
        services.city_recommend(designation=designation, by=county_staff, note=NOTE)

    assert caught.value.messages == [message]
    assert _snapshot() == before


def test_recommending_twice_is_refused(waiting, county_site, county_staff, client_for):
    before = _snapshot()

    with pytest.raises(WorkflowError) as caught:
        services.city_recommend(designation=county_site, by=county_staff, note=NOTE)
    response = client_for(county_staff).post(f"/demo-sites/designations/{county_site.pk}/recommend/", {"note": NOTE})

    unit = county_site.unit.name
    assert caught.value.messages == [f"{unit}已推荐市级，正等待市妇联审核，不能重复推荐。"]
    assert f"{unit}已推荐市级，正等待市妇联审核，不能重复推荐。" in response.content.decode()
    assert _snapshot() == before


def test_recommending_a_site_that_is_already_city_is_refused(county_site, county_staff):
    DesignationFactory(unit=county_site.unit, level="city", year=2025, designated_on=datetime.date(2025, 5, 1))
    before = _snapshot()

    with pytest.raises(WorkflowError, match="已是在挂牌的市级“妇女之家”示范点（2025年命名），不能再推荐市级"):
        services.city_recommend(designation=county_site, by=county_staff, note=NOTE)
    assert _snapshot() == before


def test_a_recommendation_needs_the_countys_note(county_site, county_staff):
    before = _snapshot()
    with pytest.raises(Exception, match="请填写推荐意见"):
        services.city_recommend(designation=county_site, by=county_staff, note="  ")
    assert _snapshot() == before


def test_township_staff_cannot_recommend(county_site, town01, client_for):
    before = _snapshot()

    with pytest.raises(WorkflowError, match="您没有推荐市级的权限"):
        services.city_recommend(designation=county_site, by=town01, note=NOTE)
    page = client_for(town01).get(f"/demo-sites/designations/{county_site.pk}/")
    response = client_for(town01).post(f"/demo-sites/designations/{county_site.pk}/recommend/", {"note": NOTE})

    assert "推荐市级" not in page.content.decode()
    assert response.status_code == 403
    assert _snapshot() == before


def test_leadership_cannot_recommend(county_site, leader, client_for):
    before = _snapshot()

    with pytest.raises(WorkflowError, match="您没有推荐市级的权限"):
        services.city_recommend(designation=county_site, by=leader, note=NOTE)
    page = client_for(leader).get(f"/demo-sites/designations/{county_site.pk}/")
    response = client_for(leader).post(f"/demo-sites/designations/{county_site.pk}/recommend/", {"note": NOTE})

    assert "推荐市级" not in page.content.decode()
    assert response.status_code == 403
    assert _snapshot() == before


def test_county_staff_recommend_from_the_sites_page(county_site, county_staff, client_for):
    client = client_for(county_staff)
    page = client.get(f"/demo-sites/designations/{county_site.pk}/")
    assert f'href="/demo-sites/designations/{county_site.pk}/recommend/"' in page.content.decode()

    response = client.post(f"/demo-sites/designations/{county_site.pk}/recommend/", {"note": NOTE}, follow=True)

    recommendation = Application.objects.get(recommended_from=county_site)
    assert response.redirect_chain[-1][0] == f"/demo-sites/applications/{recommendation.pk}/"
    text = response.content.decode()
    assert "待市级审核" in text and NOTE in text and "登记市级审核结果" in text
    assert "自评与验收得分" not in text  # a recommendation is not scored by the county again


# --- the city's decision --------------------------------------------------------------------------


def test_the_citys_approval_names_the_site_city(waiting, county_site, county_staff):
    _accept(waiting, county_staff)

    waiting.refresh_from_db()
    assert waiting.get_status_display() == "市级通过"
    city = Designation.objects.get(application=waiting)
    assert (city.unit, city.category, city.level, city.year) == (county_site.unit, "womens_home", "city", YEAR)
    assert (city.document_number, city.designated_on) == ("温妇字〔2026〕12号", TODAY)
    document = Attachment.objects.get(application=waiting)
    assert document.original_name == "市级命名文件.pdf"
    assert document.description == "市妇联命名文件（温妇字〔2026〕12号）"
    county_site.refresh_from_db()
    assert county_site.is_in_force()  # still 县级 too: the 口径 counts it under both levels
    log = list(waiting.status_changes.order_by("at", "pk").values_list("from_status", "to_status", "by"))
    assert log[-1] == ("recommended", "city_accepted", county_staff.pk)
    assert city.changes.get().comment == "经县妇联推荐，市妇联命名为市级示范点，文号 温妇字〔2026〕12号"
    told = Message.objects.get(township=county_site.township_id)
    assert told.subject == f"{county_site.unit.name}经县妇联推荐，被市妇联命名为市级示范点"


def test_the_citys_rejection_needs_reasons_and_names_nothing(waiting, county_staff):
    before = _snapshot()
    with pytest.raises(Exception, match="市级审核不通过时请填写理由"):
        services.city_decision_record(application=waiting, by=county_staff, decision="rejected", decided_on=TODAY)
    assert _snapshot() == before

    services.city_decision_record(
        application=waiting, by=county_staff, decision="rejected", decided_on=TODAY, reasons="阵地面积不足"
    )

    waiting.refresh_from_db()
    assert waiting.get_status_display() == "市级不通过"
    assert not Designation.objects.filter(level="city").exists()
    change = waiting.status_changes.order_by("at", "pk").last()
    assert (change.from_status, change.to_status) == ("recommended", "city_rejected")
    assert change.comment == f"市妇联{TODAY:%Y年%m月%d日}审核不通过：阵地面积不足"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"document_number": " "}, "请填写市妇联命名文件的文号。"),
        ({"scan": None}, "请上传市妇联命名文件的扫描件。"),
        ({"decided_on": TODAY + datetime.timedelta(days=1)}, "日期不能晚于今天。"),
        ({"decision": "maybe"}, "请选择市级审核结果。"),
    ],
    ids=["no-document-number", "no-scan", "future-date", "no-decision"],
)
def test_an_incomplete_approval_is_refused(waiting, county_staff, overrides, message):
    before = _snapshot()
    with pytest.raises(Exception) as caught:
        _accept(waiting, county_staff, **overrides)
    assert caught.value.messages == [message]
    assert _snapshot() == before


def test_recording_a_decision_on_a_site_not_waiting_is_refused(waiting, township1, county_staff):
    submitted = ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted", level="city")
    _accept(waiting, county_staff)
    before = _snapshot()

    with pytest.raises(WorkflowError) as on_submitted:
        _accept(submitted, county_staff)
    with pytest.raises(WorkflowError) as on_decided:
        _accept(waiting, county_staff, document_number="温妇字〔2026〕13号")

    assert on_submitted.value.messages == ["该申报当前状态为“待验收”，不能登记市级审核结果。"]
    assert on_decided.value.messages == ["该申报当前状态为“市级通过”，不能登记市级审核结果。"]
    assert _snapshot() == before


def test_the_countys_acceptance_cannot_decide_a_recommendation(waiting, county_staff):
    before = _snapshot()
    with pytest.raises(WorkflowError) as caught:
        services.acceptance_decide(
            application=waiting,
            by=county_staff,
            inspected_on=TODAY,
            inspectors="王秀英",
            by_site_visit=True,
            scores={},
            decision="accepted",
            designated_on=TODAY,
        )
    assert caught.value.messages == ["该申报当前状态为“待市级审核”，不能作出“通过”决定。"]
    assert _snapshot() == before


@pytest.mark.parametrize("role", ["town01", "leader"])
def test_only_county_staff_record_the_citys_decision(waiting, role, request, client_for):
    user = request.getfixturevalue(role)
    before = _snapshot()

    with pytest.raises(WorkflowError, match="您没有登记市级审核结果的权限"):
        _accept(waiting, user)
    page = client_for(user).get(f"/demo-sites/applications/{waiting.pk}/")
    response = client_for(user).post(
        f"/demo-sites/applications/{waiting.pk}/city-decision/",
        {"decision": "accepted", "decided_on": TODAY.isoformat(), "document_number": "温妇字〔2026〕12号"},
    )

    assert page.status_code == 200 and "登记市级审核结果" not in page.content.decode()
    assert response.status_code == 403
    assert _snapshot() == before


def test_the_other_townships_staff_cannot_see_the_recommendation(waiting, town02, client_for):
    response = client_for(town02).get(f"/demo-sites/applications/{waiting.pk}/")
    assert response.status_code == 404


def test_county_staff_record_the_approval_on_its_page(waiting, county_staff, client_for):
    response = client_for(county_staff).post(
        f"/demo-sites/applications/{waiting.pk}/city-decision/",
        {
            "decision": "accepted",
            "decided_on": f"{TODAY.year}年{TODAY.month}月{TODAY.day}日",
            "document_number": "温妇字〔2026〕12号",
            "scan": scan(),
        },
        follow=True,
    )

    text = response.content.decode()
    assert "已登记：市妇联审核通过，命名为市级示范点。" in text
    assert "温妇字〔2026〕12号" in text and "市级命名文件.pdf" in text
    assert Designation.objects.get(application=waiting).level == "city"


def test_a_refused_approval_keeps_the_form_and_says_why(waiting, county_staff, client_for):
    response = client_for(county_staff).post(
        f"/demo-sites/applications/{waiting.pk}/city-decision/",
        {"decision": "accepted", "decided_on": TODAY.isoformat(), "document_number": "温妇字〔2026〕12号"},
    )
    assert response.status_code == 200
    assert "请上传市妇联命名文件的扫描件。" in response.content.decode()
    assert not Designation.objects.filter(level="city").exists()


# --- figures --------------------------------------------------------------------------------------


def test_the_citys_approval_adds_exactly_one_city_site(waiting, county_staff):
    before = _figures(county_staff)
    assert before.value("awaiting_city") == 1

    _accept(waiting, county_staff)

    after = _figures(county_staff)
    assert after.value("sites_city") == before.value("sites_city") + 1
    assert after.value("sites_county") == before.value("sites_county")
    assert after.value("sites") == before.value("sites")  # one unit, counted once in the total
    assert after.value("awaiting_city") == 0
    assert after.value("applications") == before.value("applications") == 0  # not a township's application


def test_the_citys_rejection_adds_no_city_site(waiting, county_staff):
    before = _figures(county_staff)
    services.city_decision_record(
        application=waiting, by=county_staff, decision="rejected", decided_on=TODAY, reasons="阵地面积不足"
    )
    after = _figures(county_staff)
    assert after.value("sites_city") == before.value("sites_city")
    assert after.value("awaiting_city") == 0
    assert after.value("rejected") == 0  # the county's 验收不通过 is another figure


def test_a_recommendation_of_last_year_still_waiting_counts_this_year(county_site, county_staff):
    CityRecommendationFactory(recommended_from=county_site, year=YEAR - 1)
    assert _figures(county_staff).value("awaiting_city") == 1
    assert figures.for_scope(make_scope(user=county_staff, year=YEAR - 2)).value("awaiting_city") == 0


def test_review_and_revocation_work_on_the_city_site(waiting, county_staff):
    _accept(waiting, county_staff)
    city = Designation.objects.get(application=waiting)
    counted = _figures(county_staff).value("sites_city")

    services.designation_revoke(designation=city, by=county_staff, revoked_on=TODAY, reason="市妇联复核不达标")

    assert _figures(county_staff).value("sites_city") == counted - 1
    assert _figures(county_staff).value("sites_county") == 1  # its 县级 designation stands


# --- the 验收 queue -----------------------------------------------------------------------------


def test_the_queue_shows_the_sites_waiting_for_the_city(waiting, county_staff, client_for):
    client = client_for(county_staff)
    default = client.get("/demo-sites/").content.decode()
    listed = client.get("/demo-sites/?status=recommended").content.decode()

    assert 'data-testid="awaiting-city-count">1<' in default
    assert waiting.unit.name in listed and "待市级审核" in listed
    assert f'href="/demo-sites/applications/{waiting.pk}/city-decision/"' in listed


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _recommendations(township, count: int) -> list[Application]:
    return [
        CityRecommendationFactory(recommended_from=DesignationFactory(unit=UnitFactory(parent=township)))
        for _ in range(count)
    ]


def test_the_queue_of_sites_waiting_for_the_city_costs_the_same_queries_for_many(township1, county_staff, client_for):
    client = client_for(county_staff)
    _recommendations(township1, 1)
    few = {url: _queries(client, url) for url in ("/demo-sites/", "/demo-sites/?status=recommended")}

    _recommendations(township1, 8)

    assert {url: _queries(client, url) for url in few} == few
    assert few["/demo-sites/?status=recommended"] <= 16, few


def test_the_recommendation_and_site_pages_cost_the_same_queries_after_the_decision(waiting, county_staff, client_for):
    client = client_for(county_staff)
    site = waiting.recommended_from
    waiting_pages = [
        _queries(client, f"/demo-sites/applications/{waiting.pk}/"),
        _queries(client, f"/demo-sites/designations/{site.pk}/"),
    ]

    _accept(waiting, county_staff)
    city = Designation.objects.get(application=waiting)

    assert _queries(client, f"/demo-sites/applications/{waiting.pk}/") == waiting_pages[0]
    assert _queries(client, f"/demo-sites/designations/{site.pk}/") == waiting_pages[1]
    assert _queries(client, f"/demo-sites/designations/{city.pk}/") == waiting_pages[1]
