"""The three journeys, clicking and typing as their users do. Each takes a logged-in ``Journey`` (one
browser context of the chosen viewport) and checks every key page it passes (``Journey.check``).

They run in order on one demo county: the township worker submits the application that the county
reviewer returns for 整改 and then accepts, and the leader finds it in the figures.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e import files
from tests.e2e.browser import Journey, figure, open_nav


def community() -> str:
    """A community of 萧江镇 that holds no 示范点 and has no application yet (桃源社区 and 沿河社区 are
    县级 sites already, and a unit cannot apply again for a level it holds)."""
    from orgs.models import Unit

    global _COMMUNITY
    if _COMMUNITY is None:
        _COMMUNITY = (
            Unit.objects.filter(
                kind=Unit.Kind.COMMUNITY,
                township__name="萧江镇",
                demo_site_designations__isnull=True,
                demo_site_applications__isnull=True,
            )
            .order_by("pk")
            .values_list("name", flat=True)
            .first()
        )
    return _COMMUNITY


_COMMUNITY: str | None = None
CRITERIA = 10


@dataclass
class Story:
    """What one journey leaves for the next."""

    workdir: Path
    # Given names the demo county's generator never draws (orgs.sample_county.GIVEN), so searches find only ours.
    cadre_name: str = "周语嫣"
    imported: list[str] = field(default_factory=lambda: ["吴若溪", "郑诗涵", "陈思睿"])
    event_title: str = "萧江镇村级妇女干部业务培训班"


# --- 1. the township worker ------------------------------------------------------------------------


def add_cadre_in_admin(j: Journey, story: Story) -> None:
    page = j.page
    open_nav(page, "数据管理")
    j.check("数据管理")
    page.locator("tr", has=page.get_by_role("link", name="妇女干部", exact=True)).get_by_role(
        "link", name="增加"
    ).click()
    j.check("新增妇女干部")

    page.get_by_label("姓名").fill(story.cadre_name)
    page.locator(".field-unit .select2-selection").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()  # the first page has come
    page.locator(".select2-search__field").fill("村")
    page.get_by_role("option", name=re.compile("村$")).first.click()
    number = files.id_number(datetime.date(1986, 4, 12), 24)
    page.get_by_label("身份证号").fill(files.with_wrong_check_digit(number))
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-id_number .errorlist")).to_contain_text("身份证号校验位不正确")
    j.check("身份证号错误")

    page.get_by_label("身份证号").fill(number)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(story.cadre_name)
    page.get_by_role("textbox", name="搜索").fill(story.cadre_name)
    page.get_by_role("button", name="搜索").click()
    row = page.locator("#result_list tbody tr", has_text=story.cadre_name)
    expect(row).to_have_count(1)
    assert number not in page.content(), "列表中不应出现完整的身份证号"
    expect(row).to_contain_text(number[:6])
    expect(row).to_contain_text("*")
    j.check("妇女干部列表")


def import_cadres(j: Journey, story: Story) -> None:
    page = j.page
    page.get_by_role("link", name="导入").click()
    j.check("导入妇女干部")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("下载“妇女干部”导入模板")).click()
    template = story.workdir / "template.xlsx"
    download_info.value.save_as(template)
    births = [datetime.date(1989, 1, 23), datetime.date(1991, 7, 8), datetime.date(1986, 11, 30)]
    people = [
        (name, files.id_number(birth, 2 * (n + 1)))
        for n, (name, birth) in enumerate(zip(story.imported, births, strict=True))
    ]
    filled = files.fill_cadre_template(template, story.workdir / "妇女干部.xlsx", people)

    page.get_by_label("导入文件").set_input_files(story.workdir / "妇女干部.xlsx")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".fulian-import-counts")).to_contain_text("新增 3 条")
    preview = page.locator("table.import-preview")
    for name, _ in people:
        expect(preview).to_contain_text(name)
    for unit in filled:
        expect(preview).to_contain_text(unit)
    j.check("导入预览")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messagelist .success")).to_contain_text("新增 3 条")
    for name, number in people:
        page.get_by_role("textbox", name="搜索").fill(name)
        page.get_by_role("button", name="搜索").click()
        row = page.locator("#result_list tbody tr", has_text=name)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(number[-4:])  # the mask keeps the region and the last four
        assert number not in page.content()
    j.check("导入完成")


def draft_and_submit_application(j: Journey, story: Story) -> None:
    page = j.page
    page.get_by_role("link", name="查看站点").click()  # from 数据管理 back to the portal
    open_nav(page, "示范点")
    j.check("我的申报")
    page.get_by_role("link", name="新建申报").click()
    page.get_by_label("示范点类别").select_option(label="“妇女之家”示范点")
    # A community with no 示范点 applies at 县级: 市级 sites come from the county's 推荐市级 of a 县级 one.
    page.get_by_label("申报级别").select_option(label="县级")
    page.get_by_label("申报单位").select_option(label=community())
    page.get_by_label("联系人及电话").fill("林秀英 13857712345")
    page.get_by_label("创建情况简介").fill("社区妇联纳入社区党建工作范畴，建立健全妇联工作制度。")
    j.check("新建申报")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success")).to_contain_text("申报草稿已创建")

    fill_self_assessment(j, score="9")
    j.check("填写自评")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("自评已保存")

    photo = files.write_photo(story.workdir / "妇女之家活动阵地.png")
    page.get_by_label("附件").set_input_files(photo)
    page.get_by_label("说明", exact=True).fill("活动阵地照片")
    page.get_by_role("button", name="上传").click()
    expect(page.locator(".alert-success")).to_contain_text("附件已上传")
    expect(page.get_by_role("link", name="妇女之家活动阵地.png")).to_be_visible()
    j.check("申报详情")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("申报已提交")
    expect(page.get_by_test_id("status")).to_have_text("待验收")
    j.check("已提交")


def fill_self_assessment(j: Journey, *, score: str) -> None:
    page = j.page
    evidence = page.get_by_role("textbox", name=re.compile("自评情况$"))
    scores = page.get_by_role("spinbutton", name=re.compile("得分$"))
    expect(evidence).to_have_count(CRITERIA)
    expect(scores).to_have_count(CRITERIA)
    for n in range(CRITERIA):
        evidence.nth(n).fill(f"第{n + 1}项：台账、照片齐全，已整理归档。")
        scores.nth(n).fill(score)
    expect(page.locator("[data-score-total]")).to_have_text(str(int(score) * CRITERIA))


def record_training(j: Journey, story: Story) -> None:
    page = j.page
    open_nav(page, "培训与活动")
    j.check("培训与活动")
    page.get_by_role("link", name="登记培训/活动").click()
    page.get_by_label("名称").fill(story.event_title)
    page.get_by_label("类别").select_option(label="培训")
    page.get_by_label("培训形式").select_option(label="培训班")
    page.get_by_label("新任村级妇女干部").check()
    page.get_by_label("主办单位").select_option(label="萧江镇")
    page.get_by_label("地点").fill("萧江镇妇联会议室")
    page.get_by_label("学时").fill("4")
    j.check("登记培训")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text(story.event_title)
    page.get_by_role("link", name="登记参训人员").click()
    # The live search fills the select as she types (one match: it is selected). Waiting for it
    # rather than also pressing 查找 keeps to one request at a time, which the test server's shared
    # in-memory SQLite connection needs.
    page.wait_for_load_state("load")  # the live search script is in place
    page.get_by_label("查找名册中的干部").fill(story.cadre_name)
    cadre = page.get_by_label("妇女干部")
    expect(cadre.locator("option")).to_have_count(2)  # “名册外人员” and the one match
    expect(cadre.locator("option:checked")).to_contain_text(story.cadre_name)
    j.check("登记参训人员")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已登记：{story.cadre_name}")
    page.get_by_role("link", name=story.event_title).click()
    expect(page.locator("main")).to_contain_text("已参加 1 人")
    expect(page.locator("table")).to_contain_text(story.cadre_name)
    j.check("培训详情")


def township_worker(j: Journey, story: Story) -> None:
    j.check("首页")
    add_cadre_in_admin(j, story)
    import_cadres(j, story)
    draft_and_submit_application(j, story)
    record_training(j, story)


# --- 2. the county reviewer ------------------------------------------------------------------------


def designations_on_dashboard(j: Journey) -> int:
    page = j.page
    open_nav(page, "工作概况")
    card = page.locator(".dashboard-figure", has_text="现有示范点")
    return figure(card.locator(".fs-3").inner_text())


def open_for_acceptance(j: Journey) -> None:
    page = j.page
    open_nav(page, "示范点")
    row = page.locator("tbody tr", has_text=community()).filter(has_text="待验收")
    expect(row).to_have_count(1)
    j.check("验收队列")
    row.get_by_role("link", name="验收").click()
    page.get_by_label("验收人员").fill("县妇联组织联络部 王秀英、陈丽萍")
    page.get_by_label("实地查看").check()
    page.get_by_label("查阅资料").check()


def score_all(j: Journey, score: str) -> None:
    page = j.page
    scores = page.get_by_role("spinbutton", name=re.compile("得分$"))
    expect(scores).to_have_count(CRITERIA)
    for n in range(CRITERIA):
        scores.nth(n).fill(score)
    expect(page.locator("[data-score-total]")).to_have_text(str(int(score) * CRITERIA))


def return_for_rectification(j: Journey, reason: str) -> None:
    page = j.page
    open_for_acceptance(j)
    score_all(j, "7")
    page.get_by_label("整改", exact=True).check()
    page.get_by_label("整改要求（每行一条）").fill(reason)
    page.get_by_label("理由/意见").fill("总分未达到80分，请整改后重新提交。")
    j.check("验收评分")
    page.get_by_role("button", name="确认验收结论").click()
    expect(page.locator(".alert-success")).to_contain_text("验收结论已记录：整改")
    expect(page.get_by_test_id("status")).to_have_text("整改中")
    j.check("退回整改")


def open_home(page) -> None:
    """首页 from the menu (its name carries the 待办 count, e.g. “首页 5项待办”)."""
    toggler = page.get_by_role("button", name="展开导航")
    if toggler.is_visible():
        toggler.click()
    page.locator("#portal-nav").get_by_role("link", name=re.compile(r"^首页")).click()
    page.wait_for_load_state("load")


def returned_todo(page):
    """The 待办 item of the returned application on 首页."""
    return page.get_by_test_id("todo-list").locator("li", has_text="申报被退回整改").filter(has_text=community())


def rectify_and_resubmit(j: Journey, reason: str) -> None:
    page = j.page
    open_home(page)
    item = returned_todo(page)
    expect(item).to_have_count(1)
    expect(item).to_contain_text(reason)  # the county's 整改要求, on her home page
    items = page.get_by_test_id("todo-list").locator("li.todo-item")
    expect(page.get_by_test_id("nav-todo-count")).to_have_text(f"{items.count()}项待办")
    j.check("首页待办")
    item.get_by_role("link", name=re.compile("申报被退回整改")).click()
    expect(page.get_by_test_id("rectifications")).to_contain_text(reason)
    j.check("看到整改要求")
    page.get_by_role("link", name="填写自评").click()
    expect(page.get_by_test_id("rectifications")).to_contain_text(reason)
    page.get_by_role("textbox", name=re.compile("自评情况$")).first.fill("已落实固定活动场所并挂牌，补齐本年度台账。")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("自评已保存")
    page.get_by_label("整改落实情况/提交说明").fill("已按要求落实固定活动场所并挂牌。")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("申报已提交")
    expect(page.get_by_test_id("status")).to_have_text("待验收")
    j.check("重新提交")
    open_home(page)
    expect(page.locator("main")).to_contain_text("待办事项")
    expect(returned_todo(page)).to_have_count(0)  # resubmitted: nothing left to do about it
    j.check("重新提交后的首页")


def accept(j: Journey) -> None:
    page = j.page
    open_for_acceptance(j)
    score_all(j, "9")
    page.get_by_label("通过", exact=True).check()
    page.get_by_label("牌匾/证书编号").fill("QY-SJ-2026-001")
    page.get_by_role("button", name="确认验收结论").click()
    expect(page.locator(".alert-success")).to_contain_text("验收结论已记录：通过")
    expect(page.get_by_test_id("status")).to_have_text("通过")
    j.check("验收通过")


# --- 3. the leader ---------------------------------------------------------------------------------


# True once the chart's canvas exists and holds pixels of more than one colour (it has drawn).
CHART_HAS_DRAWN = """(selector) => {
  const canvas = document.querySelector(selector + ' canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 4; i < data.length; i += 4) {
    const same = data[i] === data[0] && data[i + 1] === data[1] && data[i + 2] === data[2] && data[i + 3] === data[3];
    if (!same) return true;
  }
  return false;
}"""
CHARTS = ("#chart-rates", "#chart-pipeline", "#chart-training")


def dashboard_figures(page) -> dict[str, str]:
    figures = {}
    for card in page.locator(".dashboard-figure").all():
        label = card.locator(".text-muted").first.inner_text().strip()
        figures[label] = (
            card.locator(".fs-3").inner_text().strip() + " " + card.locator(".text-muted").nth(1).inner_text()
        )
    return figures


def fraction(text: str) -> tuple[int, int]:
    match = re.search(r"(\d+)\s*/\s*(\d+)", text)
    assert match, f"没有“已建/应建”：{text!r}"
    return int(match.group(1)), int(match.group(2))


def total_row(sheet) -> dict[tuple[str | None, str], object]:
    """The 合计 row keyed by (group heading, column heading), reading the two merged header rows."""
    group_of: dict[int, str] = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == 3 and merged.max_row == 3:
            for column in range(merged.min_col, merged.max_col + 1):
                group_of[column] = sheet.cell(3, merged.min_col).value
    headers = {}
    for column in range(1, sheet.max_column + 1):
        if column in group_of:
            headers[column] = (group_of[column], sheet.cell(4, column).value)
        else:
            headers[column] = (None, sheet.cell(3, column).value)
    for row in sheet.iter_rows(min_row=5):
        if any(cell.value == "合计" for cell in row[:2]):
            return {headers[cell.column]: cell.value for cell in row}
    raise AssertionError(f"“{sheet.title}”没有合计行")


def leader(j: Journey, story: Story, *, expected_designations: int) -> None:
    page = j.page
    j.check("首页")
    open_nav(page, "工作概况")
    for chart in CHARTS:
        page.wait_for_function(CHART_HAS_DRAWN, arg=chart)
    j.check("工作概况")
    figures = dashboard_figures(page)
    assert figure(figures["现有示范点"]) == expected_designations, figures["现有示范点"]

    open_nav(page, "统计报表")
    j.check("统计报表")
    summary_row = page.locator("tbody tr", has_text="基层妇女组织建设情况汇总表")
    with page.expect_download() as download_info:
        summary_row.get_by_role("link", name="下载 Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith("基层妇女组织建设情况汇总表.xlsx"), download.suggested_filename
    workbook_path = story.workdir / "汇总表.xlsx"
    download.save_as(workbook_path)
    workbook = load_workbook(workbook_path)

    coverage = total_row(workbook["基层妇女组织建设情况"])
    villages = fraction(figures["村级妇女组织组建率"])
    communities = fraction(figures["社区妇联组建率"])
    enterprises = fraction(figures["非公企业妇女组织组建率"])
    assert (coverage[("村级妇女组织", "已建妇女组织")], coverage[("村级妇女组织", "行政村数")]) == villages
    assert (coverage[("社区妇联", "已建社区妇联")], coverage[("社区妇联", "社区数")]) == communities
    assert (
        coverage[("非公企业妇女组织", "已建妇女组织")],
        coverage[("非公企业妇女组织", "有党组织的企业")],
    ) == enterprises
    assert f"{coverage[('两新组织合计', '组建率')] * 100:.1f}%" == figures["两新组织组建率（合计）"].split()[0]
    sites = total_row(workbook["示范点创建情况"])
    assert sites[(None, "现有示范点总数")] == figure(figures["现有示范点"]) == expected_designations
    assert sites[("本年度申报", "待验收")] == figure(figures["待验收申报"])

    open_nav(page, "情况汇报")
    expect(page.locator("main")).to_contain_text("情况汇报")
    j.check("情况汇报")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Word 文档").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    report = story.workdir / "情况汇报.docx"
    download.save_as(report)
    with zipfile.ZipFile(report) as docx:
        text = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
    sites = re.search(r"现有[^。]*示范点\d+个（共(\d+)个单位", text)
    assert sites, "情况汇报中没有示范点情况"
    assert int(sites.group(1)) == expected_designations, (
        f"情况汇报的示范点数 {sites.group(1)} 与工作概况的 {expected_designations} 不一致"
    )
    assert re.search(rf"有{figure(figures['待验收申报'])}个[^，。]*申报单位计划年底前验收", text)


# --- all three, in order ---------------------------------------------------------------------------


def run_all(new_journey, story: Story) -> None:
    """``new_journey(username, name)`` opens a fresh browser context, logs the user in through the
    login page and returns her ``Journey``."""
    town = new_journey("town01", "1-乡镇填报员")
    township_worker(town, story)

    county = new_journey("county", "2-县妇联验收")
    before = designations_on_dashboard(county)
    reason = "“妇女之家”活动阵地需落实固定场所并挂牌"
    return_for_rectification(county, reason)
    rectify_and_resubmit(replace(town, name="2-乡镇整改", shots=[]), reason)
    accept(county)
    after = designations_on_dashboard(county)
    assert after == before + 1, f"验收通过后“现有示范点”应为 {before + 1}，实际为 {after}"
    county.check("通过后的工作概况")

    leader(new_journey("leader", "3-领导"), story, expected_designations=after)
