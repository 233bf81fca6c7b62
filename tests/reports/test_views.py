"""The report pages as each role sees them: scoped figures, links behind the headline figures, no inline
script, clear refusals."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from audit.models import AuditEvent
from orgs.models import Unit
from tests.factories import UnitFactory, WomenOrganisationFactory

YEAR = timezone.localdate().year


@pytest.fixture
def two_townships(township1, township2):
    for township, villages in ((township1, 3), (township2, 5)):
        WomenOrganisationFactory(unit=township, name=f"{township.name}妇联")
        for _ in range(villages):
            WomenOrganisationFactory(unit=UnitFactory(parent=township))
        UnitFactory(parent=township)  # a village without a women's organisation
    return township1, township2


def test_county_dashboard_links_each_headline_figure_to_its_list(client_for, county_staff, two_townships):
    response = client_for(county_staff).get("/reports/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/admin/orgs/unit/?kind__exact=village&amp;has_org=no" in html
    assert "/admin/orgs/womenorganisation/?election=overdue" in html
    assert "/demo-sites/?status=submitted&amp;year=" in html
    assert "/leadership/shortfalls/" in html
    assert "80.0%" in html  # villages: 8 of 10 have a women's organisation


def test_dashboard_passes_chart_data_as_json_without_inline_script(client_for, leader, two_townships):
    html = client_for(leader).get("/reports/dashboard/").content.decode()

    assert '<script id="dashboard-data" type="application/json">' in html
    assert "vendor/echarts/echarts.common.min.js" in html and "reports/dashboard.js" in html
    inline = [
        s for s in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S) if s[1].strip() and "json" not in s[0]
    ]
    assert inline == []
    assert "萧江镇" in html and "水头镇" in html


@pytest.mark.parametrize("who", ["leader", "town01"])
def test_dashboard_shows_the_annual_indicators_with_their_definitions(request, client_for, who, two_townships):
    from reports.indicators.catalogue import BY_CODE, KEY_RATES

    response = client_for(request.getfixturevalue(who)).get("/reports/dashboard/")
    annual = response.context["annual"]

    codes = [indicator.code for indicator, _ in annual["rates"]]
    county_only = {c for c in KEY_RATES if BY_CODE[c].county_only}
    assert codes == [c for c in KEY_RATES if who == "leader" or c not in county_only]
    values = dict((indicator.code, value) for indicator, value in annual["rates"] + annual["cadres"])
    assert values["villages_rate"] == ("80.0%" if who == "leader" else "75.0%")
    assert [label for label, _ in annual["structures"][0].parts] == ["35岁及以下", "36～45岁", "46～55岁", "56岁及以上"]
    html = response.content.decode()
    assert "年报主要指标" in html and "主席平均年龄" in html and "学历结构" in html
    assert f'title="口径：{BY_CODE["leadership_rate"].definition}"' in html


def test_township_staff_dashboard_shows_only_her_township(client_for, town01, two_townships):
    response = client_for(town01).get("/reports/dashboard/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "萧江镇" in html and "水头镇" not in html
    assert "75.0%" in html  # 3 of 4 villages
    assert 'name="township"' not in html  # no township selector for her


def test_township_staff_cannot_switch_township_by_url(client_for, town01, two_townships):
    _, township2 = two_townships

    response = client_for(town01).get("/reports/download/org-coverage/", {"township": township2.pk})

    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = {c.value for row in ws.iter_rows() for c in row}
    assert "萧江镇" in names and "水头镇" not in names


def test_county_staff_can_download_one_township(client_for, county_staff, two_townships):
    _, township2 = two_townships

    response = client_for(county_staff).get("/reports/download/org-coverage/", {"township": township2.pk, "year": YEAR})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "填报单位（盖章）：水头镇妇联" in [
        c.value for c in ws[2]
    ]  # above the first data column when printed in parts


def test_download_is_recorded_in_the_audit_log(client_for, county_staff, two_townships):
    client_for(county_staff).get("/reports/download/cadres/")

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.username == "county" and "妇女干部队伍情况" in event.object_repr


def test_a_year_out_of_range_is_refused_with_a_chinese_message(client_for, county_staff, two_townships):
    response = client_for(county_staff).get("/reports/download/summary/", {"year": "1900"})

    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()


def test_an_unknown_township_is_refused(client_for, county_staff, two_townships):
    response = client_for(county_staff).get("/reports/", {"township": "999999"})

    assert response.status_code == 400


def test_unknown_report_is_not_found(client_for, county_staff):
    assert client_for(county_staff).get("/reports/download/salaries/").status_code == 404


def test_account_without_a_role_sees_no_report(client_for, db):
    outsider = User.objects.create_user("outsider", password="Test-pass-2026")
    client = client_for(outsider)

    assert client.get("/reports/download/summary/").status_code == 404
    assert client.get("/reports/status-report/").status_code == 404
    assert client.get("/reports/dashboard/")["Location"] == "/"


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/reports/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_reports_page_lists_every_download_with_the_chosen_year(client_for, leader, two_townships):
    html = client_for(leader).get("/reports/", {"year": YEAR - 1}).content.decode()

    for name in ("summary", "org-coverage", "demo-sites", "cadres", "training", "term-elections"):
        assert f"/reports/download/{name}/?year={YEAR - 1}" in html


def test_status_report_page_shows_the_computed_sentences(client_for, county_staff, two_townships):
    html = client_for(county_staff).get("/reports/status-report/").content.decode()

    assert "全县共有乡镇妇联2个" in html
    assert "村级妇女组织8个" in html
    assert "村级妇女组织组建率为80.0%，尚未实现全覆盖" in html
    assert "下载 Word 文档" in html


def test_login_lands_on_home(client, town01):
    response = client.post("/accounts/login/", {"username": "town01", "password": "Test-pass-2026"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert "待办" in client.get("/").content.decode()
    assert Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).count() == 1


@pytest.mark.parametrize("who", ["county_staff", "leader", "town01"])
def test_every_headline_figure_opens_its_list(request, client_for, who, two_townships):
    import html as html_lib

    township1, _ = two_townships
    user = request.getfixturevalue(who)
    client = client_for(user)
    query = {"township": township1.pk} if who != "town01" else {}
    page = client.get("/reports/dashboard/", query).content.decode()
    links = [html_lib.unescape(u) for u in re.findall(r'class="stretched-link[^"]*" href="([^"]+)"', page)]

    assert len(links) == 10  # 待市级审核 and 联系点覆盖率 joined the eight
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link  # an admin filter it does not know would redirect to ?e=1


def test_refresh_figures_computes_them_before_the_first_reader_of_the_day(client_for, leader, two_townships):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = io.StringIO()
    call_command("refresh_figures", stdout=out)
    client = client_for(leader)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/reports/dashboard/")

    assert response.status_code == 200 and "80.0%" in response.content.decode()
    aggregations = [q["sql"] for q in captured.captured_queries if '"villages_established"' in q["sql"]]
    assert aggregations == []  # the figures were ready: the reader aggregated nothing
    assert f"{YEAR}年" in out.getvalue() and f"{YEAR - 1}年" in out.getvalue()
