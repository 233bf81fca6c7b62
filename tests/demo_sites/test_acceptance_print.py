"""The 验收表 as the inspection folder needs it: one A4 page with ten criteria, the conclusion and the
signature lines; a second round shows the township's 整改落实情况 and the first round's scores; the
scoring page lists the 佐证材料. Printed by Chromium where it is installed (pages kept as PNGs under
var/review/acceptance/)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from demo_sites.models import Application
from tests.demo_sites.helpers import acceptance_post, png, self_assessment_post
from tests.factories import UnitFactory

REVIEW = Path(settings.BASE_DIR) / "var" / "review" / "acceptance"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
RECTIFIED = "会议记录已补齐，活动阵地已落实并挂牌，制度上墙。"


def _two_rounds(client, township1, town01, county_staff) -> Application:
    """Submitted with two attachments, returned for 整改 (scores of 7), resubmitted with a report, accepted."""
    village = UnitFactory(name="桃源村", parent=township1)
    client.force_login(town01)
    client.post(
        "/demo-sites/applications/new/",
        {
            "category": "womens_home",
            "level": "county",
            "unit": village.pk,
            "year": 2026,
            "summary": "",
            "contact": "",
        },
    )
    application = Application.objects.get(unit=village)
    client.post(f"/demo-sites/applications/{application.pk}/edit/", self_assessment_post(application))
    for name, description in (("阵地照片.png", "活动阵地"), ("制度上墙.png", "制度牌")):
        client.post(
            f"/demo-sites/applications/{application.pk}/attachments/", {"file": png(name), "description": description}
        )
    client.post(f"/demo-sites/applications/{application.pk}/submit/", {"comment": ""})
    client.force_login(county_staff)
    client.post(
        f"/demo-sites/applications/{application.pk}/acceptance/",
        acceptance_post(
            application,
            score="7",
            decision="rectify",
            rectifications="补齐会议记录\n落实活动阵地并挂牌",
            reasons="阵地未挂牌，会议记录不全。",
        ),
    )
    client.force_login(town01)
    client.post(f"/demo-sites/applications/{application.pk}/submit/", {"comment": RECTIFIED})
    client.force_login(county_staff)
    client.post(
        f"/demo-sites/applications/{application.pk}/acceptance/",
        acceptance_post(
            application,
            score="9",
            decision="accepted",
            reasons="整改到位，同意通过验收。",
        ),
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    return application


@pytest.mark.django_db
def test_second_round_shows_the_rectification_report_and_the_first_rounds_scores(
    client, township1, town01, county_staff
):
    application = _two_rounds(client, township1, town01, county_staff)

    second = client.get(f"/demo-sites/applications/{application.pk}/acceptance/print/").content.decode()
    first = client.get(f"/demo-sites/applications/{application.pk}/acceptance/print/?round=1").content.decode()

    assert "第2轮" in second and "<th>第1轮</th><th>本轮得分</th>" in second and RECTIFIED in second
    assert "上轮整改要求" in second and "1. 补齐会议记录；2. 落实活动阵地并挂牌" in second
    assert re.search(r"<td class=\"c\">7(\.0)?</td>\s*<td class=\"c\">9(\.0)?</td>", second)  # round 1 beside round 2
    assert "整改落实情况" not in first and "本轮得分" not in first
    for page in (first, second):
        assert "阵地照片.png（活动阵地）" in page and "制度上墙.png（制度牌）" in page
        assert "<tfoot" not in page and page.count(">合计<") == 1  # not a footer repeated at a page break
        assert "验收人员（签字）" in page and "县妇联（盖章）" in page


@pytest.mark.django_db
def test_scoring_page_lists_the_evidence_with_links(client, township1, town01, county_staff):
    village = UnitFactory(name="沿河村", parent=township1)
    client.force_login(town01)
    client.post(
        "/demo-sites/applications/new/",
        {
            "category": "womens_home",
            "level": "county",
            "unit": village.pk,
            "year": 2026,
            "summary": "",
            "contact": "",
        },
    )
    application = Application.objects.get(unit=village)
    client.post(f"/demo-sites/applications/{application.pk}/edit/", self_assessment_post(application))
    client.post(f"/demo-sites/applications/{application.pk}/attachments/", {"file": png(), "description": "活动阵地"})
    client.post(f"/demo-sites/applications/{application.pk}/submit/", {"comment": ""})
    attachment = application.attachments.get()

    client.force_login(county_staff)
    scoring = client.get(f"/demo-sites/applications/{application.pk}/acceptance/").content.decode()

    assert "佐证材料（1个）" in scoring
    assert f'href="/demo-sites/attachments/{attachment.pk}/"' in scoring and "阵地照片.png" in scoring


@pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="需要 Chromium（/usr/bin/chromium）才能打印验收表")
@pytest.mark.django_db(transaction=True)
def test_acceptance_sheet_prints_on_one_a4_page(live_server, client, township1, town01, county_staff, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    application = _two_rounds(client, township1, town01, county_staff)
    REVIEW.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context()
        host = live_server.url.split("//", 1)[1].split(":")[0]
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
        )
        page = context.new_page()
        pdfs = {}
        # Both rounds, and a blank sheet for paper (an application not yet inspected).
        for label, pk, query in (
            ("round1", application.pk, "?round=1"),
            ("round2", application.pk, ""),
            ("blank", _submitted_pk(township1), ""),
        ):
            page.goto(f"{live_server.url}/demo-sites/applications/{pk}/acceptance/print/{query}")
            page.emulate_media(media="print")
            pdfs[label] = REVIEW / f"{label}.pdf"
            page.pdf(path=str(pdfs[label]), prefer_css_page_size=True, print_background=True)
        browser.close()

    for label, pdf in pdfs.items():
        if shutil.which("pdftoppm"):  # first, so that a failure leaves the pages to look at
            for old in REVIEW.glob(f"{label}-*.png"):
                old.unlink()
            subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(REVIEW / label)], check=True, timeout=60)
        data = pdf.read_bytes()
        assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1, f"{label}: more than one page"
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
        assert box and [round(float(n)) for n in box.groups()] == [595, 842], f"{label}: not A4 portrait"
        if shutil.which("pdftotext"):
            text = "".join(
                subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
            )
            assert "验收结论" in text and "验收人员（签字）" in text and "县妇联（盖章）" in text, label
            assert text.count("合计") == 1, label


def _submitted_pk(township1) -> int:
    from tests.factories import ApplicationFactory

    return ApplicationFactory(unit=UnitFactory(parent=township1), status="submitted").pk
