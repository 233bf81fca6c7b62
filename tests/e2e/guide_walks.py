"""The walks of the three 使用说明 (docs/guide/), section by section in the guides' order. Each step does what the
guide tells the user to do, asserts what the guide says she will see, and takes the guide's screenshots
(tests/e2e/guide.py). Runs on the demo county; town01 is 萧江镇's 填报员.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e import files
from tests.e2e.guide import Walk
from tests.e2e.journeys import CHART_HAS_DRAWN, CHARTS, community, fill_self_assessment

NEW_CADRE = "沈语桐"  # given names the demo county's generator never draws (orgs.sample_county.GIVEN)
IMPORTED = ["吴若溪", "郑诗涵", "陈思睿"]
EVENT = "萧江镇村级妇女干部业务培训班"
APPRAISAL_ITEM = "巾帼志愿服务队建设"


@dataclass(frozen=True)
class Elsewhere:
    """A woman registered in another township (水头镇), as town01 would know her: name and 身份证号."""

    name: str
    id_number: str


def registered_elsewhere() -> Elsewhere:
    from orgs.models import Cadre, TransferRequest

    asked = TransferRequest.objects.values_list("cadre_id", flat=True)
    cadre = (
        Cadre.objects.filter(township__name="水头镇", unit__kind="village").exclude(pk__in=asked).order_by("pk").first()
    )
    return Elsewhere(cadre.name, cadre.id_number)


def returned_application() -> str:
    """The unit of 萧江镇's application that the county returned for 整改."""
    from demo_sites.models import Application

    return Application.objects.filter(township__name="萧江镇", status="rectifying").values_list(
        "unit__name", flat=True
    )[0]


def log_in(walk: Walk, username: str, password: str) -> None:
    page = walk.page
    walk.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    walk.click("登录", role="button")
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()[:200]


def _nav(page):
    return page.locator("nav.portal-navbar")


def _home_link(page):
    return page.locator("#portal-nav").get_by_role("link", name=re.compile(r"^首页"))


# --- 乡镇填报员 (docs/guide/township.md) --------------------------------------------------------------------


def login_page(walk: Walk, password: str) -> None:
    """登录: the login page, a wrong password, then in; she lands on 首页 with her 待办."""
    page = walk.page
    walk.goto("/accounts/login/")
    walk.named("查看使用说明")
    form = page.locator("main .row")
    page.get_by_label("用户名").fill("town01")
    walk.shot("common-login", form, narrow=True, mark=[page.get_by_role("button", name="登录")])
    page.get_by_label("密码").fill("not-the-password")
    walk.click("登录", role="button")
    expect(page.locator("main")).to_contain_text("用户名或密码不正确。")
    log_in(walk, "town01", password)
    assert page.url == f"{walk.base_url}/", page.url
    expect(page.get_by_test_id("todo-list")).to_be_visible()
    walk.met.add("首页")
    walk.named("退出登录", role="button")


def todo_list(walk: Walk) -> None:
    """首页 and its 待办: the count on the menu is the number of items; urgent items first."""
    page = walk.page
    walk.met.add("首页")
    _home_link(page).click()
    page.wait_for_load_state("load")
    items = page.get_by_test_id("todo-list").locator("li.todo-item")
    count = items.count()
    assert count > 3
    expect(page.get_by_test_id("nav-todo-count")).to_have_text(f"{count}项待办")
    expect(items.first.locator(".badge")).to_have_text("急")
    walk.shot("township-todo", _nav(page), items.nth(5), mark=[_home_link(page)])


def inbox(walk: Walk) -> None:
    page = walk.page
    link = page.get_by_test_id("inbox-link")
    unread = int(page.get_by_test_id("inbox-unread").inner_text())
    walk.met.add("消息")
    link.click()
    page.wait_for_load_state("load")
    expect(page.locator("main")).to_contain_text(f"未读 {unread} 条")
    walk.named("全部标为已读", role="button")
    walk.shot("township-inbox", _nav(page), page.get_by_test_id("message").first, mark=[link])


def add_cadre(walk: Walk, elsewhere: Elsewhere) -> str:
    """新增妇女干部 in 数据管理, with the forgiving date and phone, a post; then three refusals at once."""
    page = walk.page
    walk.menu("数据管理")
    for caption in ("单位与组织", "干部与任职", "换届", "培训"):
        walk.see(caption)
    walk.named("修改密码")
    row = page.locator("#content-main tr", has=page.get_by_role("link", name="妇女干部", exact=True))
    add = row.get_by_role("link", name="增加")
    walk.shot("township-admin", page.locator("#header"), page.locator("#content-main table").nth(1), mark=[add])
    walk.named("妇女干部")
    walk.click("增加", within=row)

    page.get_by_label("姓名").fill(NEW_CADRE)
    _pick(page, ".field-unit", "村")
    number = files.id_number(datetime.date(1986, 4, 12), 36)
    page.get_by_label("身份证号").fill(number)
    page.get_by_label("出生日期").fill("1986年4月12日")
    page.get_by_label("手机号").fill("138 0000 1234")
    expect(page.locator(".field-birth_date")).to_contain_text("2024年5月1日")  # the accepted forms, under the box
    expect(page.locator(".field-phone")).to_contain_text("0571-88888888")
    walk.named("保存并继续编辑", role="button")
    walk.shot("township-cadre-form", page.locator(".field-name"), page.locator(".field-phone"))

    walk.click("再添加一条任职", role="button")
    _pick(page, "#posts-0 .field-organisation", "村妇联")
    post = page.locator("#posts-0")
    post.locator("select[name='posts-0-position']").select_option(label="执委")
    post.locator("input[name='posts-0-started_on']").fill("2024.5.1")
    post.get_by_label("出纳").check()
    save = page.get_by_role("button", name="保存", exact=True)
    walk.shot("township-cadre-posts", page.locator("#posts-group"), save, mark=[save])
    walk.click("保存", role="button")
    expect(page.locator(".messagelist .success")).to_contain_text(NEW_CADRE)

    # The refusals the guide quotes: an impossible date, a phone with a digit too many, a number of another township.
    walk.click("增加 妇女干部")
    page.get_by_label("姓名").fill(elsewhere.name)
    _pick(page, ".field-unit", "村")
    page.get_by_label("身份证号").fill(elsewhere.id_number)
    page.get_by_label("出生日期").fill("1986.4.31")
    page.get_by_label("手机号").fill("138-0000-12345")
    walk.click("保存", role="button")
    expect(page.locator(".field-birth_date .errorlist")).to_have_text("日期“1986.4.31”不存在。")
    expect(page.locator(".field-phone .errorlist")).to_have_text(
        "手机号“138-0000-12345”有12位数字，应为11位（如 13812345678）。"
    )
    expect(page.locator(".field-id_number .errorlist")).to_have_text(
        "该身份证号已在其他乡镇登记，不能在此录入；如需调入本乡镇，请提交“调动申请”。"
    )
    walk.shot("township-cadre-refused", page.locator(".errornote"), page.locator(".field-phone"))
    return number


def _pick(page, container: str, search: str) -> None:
    """Choose the first match ending in ``search`` in one of the admin's autocomplete boxes."""
    page.locator(f"{container} .select2-selection").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.locator(".select2-search__field").fill(search)
    page.get_by_role("option", name=re.compile(f"{search}$")).first.click()


def import_cadres(walk: Walk, workdir: Path) -> None:
    """批量导入 from the downloaded template: a file with a mistake is refused whole, the corrected one previewed
    and confirmed."""
    page = walk.page
    walk.goto("/admin/orgs/cadre/")
    walk.click("导入")
    with page.expect_download() as download_info:
        link = walk.named("下载“妇女干部”导入模板")
        walk.shot("township-import", page.locator("#header"), page.locator("#content form"), mark=[link])
        link.click()
    template = workdir / "template.xlsx"
    download_info.value.save_as(template)
    births = [datetime.date(1989, 1, 23), datetime.date(1991, 7, 8), datetime.date(1986, 11, 30)]
    people = [
        (name, files.id_number(birth, 2 * (n + 1)))
        for n, (name, birth) in enumerate(zip(IMPORTED, births, strict=True))
    ]

    wrong = workdir / "有错误的妇女干部.xlsx"
    files.fill_cadre_template(template, wrong, people)
    _set_cell(wrong, row=4, header="手机号", value="138-0000-12345")
    page.get_by_label("导入文件").set_input_files(wrong)
    walk.click("提交", role="button")
    errors = page.locator(".fulian-import-errors")
    expect(page.locator("#content")).to_contain_text("发现 1 处错误，未写入任何数据")
    expect(errors).to_contain_text("第4行")
    expect(errors).to_contain_text("有12位数字，应为11位")
    walk.shot("township-import-errors", page.locator("#content h2").first, errors)

    right = workdir / "妇女干部.xlsx"
    files.fill_cadre_template(template, right, people)
    page.get_by_label("导入文件").set_input_files(right)
    walk.click("提交", role="button")
    expect(page.locator(".fulian-import-counts")).to_contain_text("新增 3 条")
    confirm = walk.named("确认导入", role="button")
    walk.shot("township-import-preview", confirm, page.locator("table.import-preview"), mark=[confirm])
    confirm.click()
    expect(page.locator(".messagelist .success")).to_contain_text("导入完成：新增 3 条")
    walk.click("查看站点")  # back to the portal


def _set_cell(path: Path, *, row: int, header: str, value: str) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["数据"]
    column = next(cell.column for cell in sheet[1] if cell.value == header)
    sheet.cell(row=row, column=column, value=value)
    workbook.save(path)


def apply_for_demo_site(walk: Walk, workdir: Path) -> None:
    """新建申报 → 保存草稿 → 填写自评 → 上传 → 提交; submitting before the self-assessment is refused."""
    page = walk.page
    walk.menu("示范点")
    new = walk.named("新建申报")
    walk.shot("township-applications", _nav(page), page.locator("main tbody tr").nth(3), mark=[new])
    new.click()
    page.get_by_label("示范点类别").select_option(label="“妇女之家”示范点")
    page.get_by_label("申报级别").select_option(label="县级")
    page.get_by_label("申报单位").select_option(label=community())
    page.get_by_label("联系人及电话").fill("林秀英 13857712345")
    page.get_by_label("创建情况简介").fill("社区妇联纳入社区党建工作范畴，建立健全妇联工作制度。")
    draft = walk.named("保存草稿", role="button")
    walk.shot("township-application-new", page.locator("main h1"), draft, mark=[draft])
    draft.click()
    expect(page.locator(".alert-success")).to_have_text("申报草稿已创建，请填写自评并上传佐证材料。")

    # Straight back and 提交 before the 申报表 is filled: refused, with the criteria still to fill.
    walk.click("返回")
    walk.click("提交", role="button")
    expect(page.locator(".alert-danger")).to_contain_text("以下评分项尚未填写自评情况或自评分：班子建设好、")

    walk.click("填写自评")
    fill_self_assessment(walk, score="9")  # type: ignore[arg-type]  # it needs only .page
    save = walk.named("保存", role="button")
    walk.shot("township-self-assessment", page.locator("main table tbody tr").nth(8), save, mark=[save])
    save.click()
    expect(page.locator(".alert-success")).to_have_text("自评已保存。")

    photo = files.write_photo(workdir / "妇女之家活动阵地.png")
    page.get_by_label("附件").set_input_files(photo)
    page.get_by_label("说明", exact=True).fill("活动阵地照片")
    walk.click("上传", role="button")
    expect(page.locator(".alert-success")).to_have_text("附件已上传。")
    submit = walk.named("提交", role="button")
    walk.shot("township-application-submit", page.get_by_role("heading", name="佐证材料"), submit, mark=[submit])
    submit.click()
    expect(page.locator(".alert-success")).to_have_text("申报已提交，等待县妇联验收。")
    expect(page.get_by_test_id("status")).to_have_text("待验收")


def answer_a_return(walk: Walk) -> None:
    """整改: from the 待办 item to the county's requirements, the corrected self-assessment and a resubmission
    that says what was done; the item leaves the list."""
    page = walk.page
    unit = returned_application()
    walk.met.add("首页")
    _home_link(page).click()
    item = page.get_by_test_id("todo-list").locator("li", has_text="申报被退回整改").filter(has_text=unit)
    expect(item).to_have_count(1)
    expect(item).to_contain_text("整改要求：")
    item.get_by_role("link").click()
    page.wait_for_load_state("load")
    requirements = page.get_by_test_id("rectifications")
    expect(requirements).to_be_visible()
    edit = walk.named("填写自评")
    walk.shot("township-rectify", page.locator("main h1"), requirements, mark=[edit])
    edit.click()
    expect(page.get_by_test_id("rectifications")).to_be_visible()
    page.get_by_role("textbox", name=re.compile("自评情况$")).first.fill("已落实固定活动场所并挂牌，补齐本年度台账。")
    walk.click("保存", role="button")
    expect(page.locator(".alert-success")).to_have_text("自评已保存。")
    walk.click("提交", role="button")
    expect(page.locator(".alert-danger")).to_have_text("重新提交时请说明整改落实情况。")
    note = page.get_by_label("整改落实情况/提交说明")
    note.fill("已按要求统一维权接待登记格式，充实巾帼志愿服务队并建立服务记录。")
    submit = walk.named("提交", role="button")
    walk.shot("township-resubmit", page.get_by_role("heading", name="整改完成后重新提交"), submit, mark=[submit])
    submit.click()
    expect(page.get_by_test_id("status")).to_have_text("待验收")
    _home_link(page).click()
    expect(
        page.get_by_test_id("todo-list").locator("li", has_text="申报被退回整改").filter(has_text=unit)
    ).to_have_count(0)


def record_training(walk: Walk) -> None:
    page = walk.page
    walk.menu("培训与活动")
    walk.named("本年度未参训干部")
    walk.click("登记培训/活动")
    page.get_by_label("名称").fill(EVENT)
    page.get_by_label("类别").select_option(label="培训")
    page.get_by_label("培训形式").select_option(label="培训班")
    page.get_by_label("新任村级妇女干部").check()
    expect(page.get_by_label("主办单位")).to_have_value(re.compile(r"\d+"))  # preselected: her township is the only one
    page.get_by_label("地点").fill("萧江镇妇联会议室")
    page.get_by_label("学时").fill("4")
    save = walk.named("保存", role="button")
    fields = (page.get_by_label("名称"), page.get_by_label("主办单位"))
    walk.shot("township-training-new", *fields, narrow=True, pad=36)  # with the first box's label
    save.click()
    expect(page.locator(".alert-success")).to_have_text(f"已保存：{EVENT}")
    walk.named("导入签到表")
    walk.click("登记参训人员")
    page.get_by_label("查找名册中的干部").fill(NEW_CADRE)
    cadre = page.get_by_label("妇女干部")
    expect(cadre.locator("option:checked")).to_contain_text(NEW_CADRE)
    register = walk.named("登记", role="button")
    walk.shot("township-attendance", page.locator("main h1"), register, mark=[register])
    register.click()
    expect(page.locator(".alert-success")).to_have_text(f"已登记：{NEW_CADRE}")
    # The same woman twice is refused.
    page.get_by_label("查找名册中的干部").fill(NEW_CADRE)
    expect(cadre.locator("option:checked")).to_contain_text(NEW_CADRE)
    walk.click("登记", role="button")
    expect(page.locator("main")).to_contain_text(f"{NEW_CADRE}已登记参加此次培训/活动。")


def record_duties(walk: Walk) -> None:
    """执委履职: a 执委 not filled in yet, her record filled in and saved, then open to change."""
    page = walk.page
    walk.menu("执委履职")
    page.get_by_label("填报情况").select_option(label="未填报")
    walk.click("筛选", role="button")
    row = page.locator("[data-testid=executive-list] tbody tr").first
    name = row.locator("td").nth(1).inner_text().strip()
    walk.click("填报", within=row)
    page.get_by_label("联系妇女数").fill("12")
    page.get_by_label(re.compile("^组织开展妇女活动")).fill("2")
    walk.click("保存", role="button")
    expect(page.locator(".alert-success")).to_have_text(f"已保存：{name}{datetime.date.today().year}年度履职记录")
    expect(page.get_by_test_id("points")).to_contain_text("70 分")
    walk.named("修改")


def see_contact_points(walk: Walk) -> None:
    """联系点: her township's contact points, one of them with its visits, one visit in full (read only)."""
    page = walk.page
    walk.menu("联系点")
    expect(page.locator("main h1")).to_contain_text("联系点一览")
    expect(page.get_by_role("link", name="指定联系点")).to_have_count(0)  # the county names them
    rows = page.locator("main table").first.locator("tbody tr")
    visited = next(row for row in rows.all() if row.locator("td").nth(5).inner_text().strip() not in ("0", ""))
    visited.get_by_role("link").first.click()
    page.wait_for_load_state("load")
    expect(page.locator("main h1")).to_contain_text("年联系点：")
    expect(page.get_by_role("link", name="登记走访")).to_have_count(0)
    page.locator("main tbody tr").first.get_by_role("link").first.click()
    page.wait_for_load_state("load")
    expect(page.locator("main h1")).to_contain_text("走访记录：")
    expect(page.get_by_role("button", name="标记为已办结")).to_have_count(0)


def an_item_to_report() -> str:
    """An item added by the county to this year's published 《镇街道妇女工作任务》 (as 数据管理 does): every
    township has it 待报送, whatever the demo county drew for the others."""
    from django.contrib.auth.models import User

    from appraisal.models import TaskItem, TaskList
    from appraisal.services import assessments_ensure

    year = datetime.date.today().year
    task_list = TaskList.objects.get(year=year, category__code="township")
    TaskItem.objects.create(
        task_list=task_list,
        heading="宣传引领",
        order=21,
        name=APPRAISAL_ITEM,
        content="组建巾帼志愿服务队，常态化开展志愿服务。",
        points=5,
        done_criteria="志愿服务队1支以上，全年服务12次以上。",
        evidence_required="服务台账、活动照片",
        deadline=datetime.date(year, 12, 20),
    )
    assessments_ensure(task_list=task_list, by=User.objects.get(username="county"))
    return APPRAISAL_ITEM


def report_for_appraisal(walk: Walk) -> None:
    """考核: an item reported with a note and a file; returned by the county for more evidence, it shows
    补充报送 and is reported again."""
    from django.contrib.auth.models import User

    from appraisal.models import Assessment
    from appraisal.services.assessments import assessment_return

    page = walk.page
    item = an_item_to_report()
    walk.menu("考核")
    expect(page.locator("main h1")).to_contain_text("年度考核任务")
    row = page.get_by_test_id("item-row").filter(has_text=item)
    expect(row.get_by_test_id("status")).to_have_text("待报送")
    walk.click("报送", within=row)
    page.get_by_label("完成情况说明").fill("已按任务要求完成，台账和活动照片已整理。")
    page.get_by_label("佐证材料").set_input_files(files=[_scan("工作台账.pdf")])
    walk.click("报送", role="button")
    expect(page.locator(".alert-success")).to_contain_text(f"“{item}”已报送，等待县妇联评分。")

    # The county returns it for more evidence (as county staff would on 考核评分).
    assessment = Assessment.objects.get(unit__name="萧江镇", item__name=item, status="reported")
    assessment_return(assessment=assessment, by=User.objects.get(username="county"), comment="请补充活动签到表。")
    walk.menu("考核")
    row = page.get_by_test_id("item-row").filter(has_text=item)
    expect(row.get_by_test_id("status")).to_have_text("退回补充")
    expect(row).to_contain_text("请补充活动签到表。")
    walk.click("补充报送", within=row)
    page.get_by_label("完成情况说明").fill("已补充活动签到表。")
    page.get_by_label("佐证材料").set_input_files(files=[_scan("活动签到表.pdf")])
    walk.click("报送", role="button")
    expect(page.locator(".alert-success")).to_contain_text(f"“{item}”已报送，等待县妇联评分。")
    walk.page.get_by_test_id("item-row").filter(has_text=item).get_by_role("link", name=item).click()
    page.wait_for_load_state("load")
    for kept in ("工作台账.pdf", "活动签到表.pdf"):  # the first report's file is kept
        expect(page.get_by_role("link", name=kept)).to_be_visible()


def _scan(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"}


def ask_for_a_transfer(walk: Walk, elsewhere: Elsewhere) -> None:
    page = walk.page
    walk.menu("调动申请")
    walk.click("申请调入一名干部")
    page.get_by_label("姓名").fill(elsewhere.name)
    page.get_by_label("身份证号").fill(elsewhere.id_number)
    page.get_by_label("调入单位").select_option(index=1)
    page.get_by_label("调动原因").fill("婚后随丈夫迁居本村，现任村妇联执委。")
    submit = walk.named("提交调动申请", role="button")
    walk.shot("township-transfer-new", page.locator("main h1"), submit, mark=[submit])
    submit.click()
    expect(page.locator(".alert-success")).to_have_text(
        "调动申请已提交。县妇联同意后，此人的信息和培训记录将转入本乡镇。"
    )
    expect(page.get_by_test_id("transfer-status")).to_have_text("待县妇联审批")
    expect(page.get_by_test_id("transfer-detail")).not_to_contain_text("水头镇")  # nothing says where she is


def confirm_the_year(walk: Walk) -> None:
    page = walk.page
    walk.menu("统计报表")
    walk.click("年报定稿")
    confirm = walk.named("确认填报完成", role="button")
    walk.shot("township-year-close", page.locator("main h1"), confirm, mark=[confirm])
    confirm.click()
    year = datetime.date.today().year
    expect(page.locator(".alert-success")).to_have_text(f"萧江镇{year}年度已确认填报完成。")


def download_reports(walk: Walk, workdir: Path, *, shot: str | None = None, rows: tuple[str, ...] = ()) -> None:
    """统计报表 → 下载 Excel of the 汇总表; ``rows``: names its first sheet must list (e.g. every township, 合计)."""
    page = walk.page
    walk.menu("统计报表")
    row = page.locator("tbody tr", has_text="基层妇女组织建设情况汇总表")
    download = walk.named("下载 Excel", within=row)
    walk.named("确定", role="button")
    if shot:
        walk.shot(shot, _nav(page), page.locator("main table"), mark=[download])
    with page.expect_download() as download_info:
        download.click()
    assert download_info.value.suggested_filename.endswith("基层妇女组织建设情况汇总表.xlsx")
    if rows:
        from openpyxl import load_workbook

        path = workdir / "汇总表.xlsx"
        download_info.value.save_as(path)
        sheet = load_workbook(path, read_only=True).worksheets[0]
        cells = {cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)}
        assert set(rows) <= cells, sorted(set(rows) - cells)


def help_page(walk: Walk, role: str) -> None:
    walk.menu("帮助")
    expect(walk.page.get_by_test_id("guide")).to_have_attribute("data-role", role)


def phone_home(walk: Walk) -> None:
    """At 390 px: 消息 beside the brand, the menu behind the ☰ button."""
    page = walk.page
    _home_link_hidden = page.get_by_role("button", name="展开导航")
    expect(page.get_by_test_id("inbox-link")).to_be_visible()
    walk.met.add("展开导航")
    walk.shot("township-phone-home", mark=[_home_link_hidden])
    _home_link_hidden.click()
    expect(page.locator("#portal-nav")).to_be_visible()
    page.wait_for_timeout(400)  # the collapse animation
    walk.shot("township-phone-menu", _nav(page), mark=[])


def township(walk: Walk, password: str, workdir: Path) -> None:
    elsewhere = registered_elsewhere()
    login_page(walk, password)
    todo_list(walk)
    inbox(walk)
    add_cadre(walk, elsewhere)
    import_cadres(walk, workdir)
    apply_for_demo_site(walk, workdir)
    answer_a_return(walk)
    record_training(walk)
    ask_for_a_transfer(walk, elsewhere)
    record_duties(walk)
    see_contact_points(walk)
    report_for_appraisal(walk)
    confirm_the_year(walk)
    download_reports(walk, workdir, shot="township-reports")
    help_page(walk, "township")


# --- 县妇联工作人员 (docs/guide/county.md) ------------------------------------------------------------------


def township_has_confirmed(year: int) -> None:
    """萧江镇 has confirmed its figures of ``year``, so that the county has a confirmation to return."""
    from django.contrib.auth.models import User

    from orgs.models import Unit
    from reports import sealing

    sealing.year_confirm(
        township=Unit.objects.get(name="萧江镇", kind="township"), year=year, by=User.objects.get(username="town01")
    )


def county_home(walk: Walk, password: str) -> None:
    page = walk.page
    log_in(walk, "county", password)
    walk.see("工作概况")
    walk.met.add("首页")
    _home_link(page).click()
    page.wait_for_load_state("load")
    walk.see("工作台")
    awaiting = page.get_by_test_id("awaiting-count")
    assert int(awaiting.inner_text()) > 0
    table = page.get_by_test_id("progress-table")
    expect(table.locator("tbody tr")).to_have_count(11)
    walk.shot("county-home", _nav(page), table.locator("tbody tr").nth(2), mark=[awaiting])
    # A share short of 100% links to what is missing.
    short = table.locator("tbody tr", has_text="萧江镇").locator("td.progress-short a, td.progress-mostly a").first
    short.click()
    page.wait_for_load_state("load")
    assert "/admin/" in page.url or "/leadership/" in page.url or "/training/" in page.url, page.url
    page.go_back()
    awaiting = page.get_by_test_id("awaiting-count")
    awaiting.click()
    page.wait_for_load_state("load")


def _acceptance_form(walk: Walk, unit: str) -> None:
    page = walk.page
    row = page.locator("main tbody tr", has_text=unit).filter(has_text="待验收")
    expect(row).to_have_count(1)
    walk.click("验收", within=row)
    page.get_by_label("验收人员").fill("县妇联组织联络部 王秀英、陈丽萍")
    page.get_by_label("实地查看").check()
    page.get_by_label("查阅资料").check()


def _score(page, score: str) -> None:
    scores = page.get_by_role("spinbutton", name=re.compile("得分$"))
    expect(scores).to_have_count(10)
    for n in range(10):
        scores.nth(n).fill(score)
    expect(page.locator("[data-score-total]")).to_have_text(str(int(score) * 10))


def accept_and_return(walk: Walk) -> None:
    """验收: the queue, a return for 整改 (after 通过 on a failing score is refused), then a 通过."""
    from demo_sites.models import Application

    page = walk.page
    waiting = list(
        Application.objects.filter(status="submitted", year=datetime.date.today().year)
        .order_by("township__pk", "pk")
        .values_list("unit__name", flat=True)[:2]
    )
    queue = page.locator("main table")
    first_row = page.locator("main tbody tr").filter(has_text="待验收").first
    walk.shot(
        "county-queue",
        _nav(page),
        page.locator("main tbody tr").nth(3),
        mark=[first_row.get_by_role("link", name="验收")],
    )

    _acceptance_form(walk, waiting[0])
    _score(page, "7")
    page.get_by_label("通过", exact=True).check()
    walk.click("确认验收结论", role="button")
    expect(page.locator("main")).to_contain_text("如仍决定通过，请填写未达标仍予通过的理由。")
    page.get_by_label("整改", exact=True).check()
    page.get_by_label("整改要求（每行一条）").fill("妇女之家活动阵地需落实固定场所并挂牌\n补齐本年度活动台账")
    page.get_by_label("理由/意见").fill("总分未达到80分，请整改后重新提交。")
    decide = walk.named("确认验收结论", role="button")
    walk.shot("county-decision", page.get_by_text("合计（满分 100 分）"), decide, mark=[decide])
    decide.click()
    expect(page.locator(".alert-success")).to_have_text("验收结论已记录：整改。")
    expect(page.get_by_test_id("status")).to_have_text("整改中")
    walk.named("打印本轮验收表")

    walk.menu("示范点")
    expect(queue).to_be_visible()
    page.get_by_label("状态").select_option(label="待验收")
    walk.click("筛选", role="button")
    _acceptance_form(walk, waiting[1])
    _score(page, "9")
    page.get_by_label("通过", exact=True).check()
    page.get_by_label("牌匾/证书编号").fill("XJ-2026-031")
    walk.click("确认验收结论", role="button")
    expect(page.locator(".alert-success")).to_have_text("验收结论已记录：通过。")


def county_inbox(walk: Walk) -> None:
    page = walk.page
    walk.met.add("消息")
    page.get_by_test_id("inbox-link").click()
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("message").first).to_be_visible()
    walk.shot("county-inbox", _nav(page), page.get_by_test_id("message").nth(1))


def return_a_confirmation(walk: Walk) -> None:
    page = walk.page
    year = datetime.date.today().year
    walk.menu("统计报表")
    walk.click("年报定稿")
    row = page.locator("main tbody tr", has_text="萧江镇").first
    expect(row).to_contain_text("已确认")
    back = walk.named("退回", role="button", within=row)
    walk.named("定稿", role="button")
    row.get_by_label("退回萧江镇的原因").fill("妇女干部手机号有误，请核对后重新确认。")
    walk.shot("county-year-close", page.locator("main h1"), page.locator("main tbody tr").nth(2), mark=[back])
    back.click()
    expect(page.locator(".alert-success")).to_have_text(f"已退回萧江镇{year}年度的填报确认。")


def decide_transfers(walk: Walk) -> None:
    """调动申请: a refusal needs a reason; an approval moves her."""
    page = walk.page
    walk.menu("调动申请")
    pending = page.get_by_test_id("transfer-list").locator("tbody tr", has_text="待县妇联审批")
    count = pending.count()
    assert count >= 1
    walk.shot("county-transfers", _nav(page), page.get_by_test_id("transfer-list"))
    pending.first.get_by_role("link").click()
    page.wait_for_load_state("load")
    page.get_by_label("不同意").check()
    walk.click("提交审批", role="button")
    expect(page.locator("main")).to_contain_text("不同意调动时，请填写原因，乡镇会看到这条意见。")
    page.goto(page.url)  # afresh, without the refusal's error
    page.get_by_label("同意调入").check()
    submit = walk.named("提交审批", role="button")
    walk.shot("county-transfer-decide", page.locator("main h1"), submit, mark=[submit])
    submit.click()
    expect(page.locator(".alert-success")).to_have_text("已审批该调动申请。")
    expect(page.get_by_test_id("transfer-status")).to_have_text("已同意调入")


def recommend_to_city(walk: Walk) -> None:
    """推荐市级: 桃源社区 (县级) recommended to the city, then the city's 通过 recorded with its 文号 and scan."""
    page = walk.page
    walk.menu("示范点")
    tabs = page.locator("main .nav-tabs")
    walk.click("示范点", within=tabs)
    page.locator("main tbody tr", has_text="桃源社区").get_by_role("link", name="桃源社区").click()
    page.wait_for_load_state("load")
    walk.click("推荐市级")
    page.get_by_label("推荐意见").fill("“妇女之家”阵地规范，巾帼志愿服务常态开展，推荐申报市级示范点。")
    walk.click("推荐市级", role="button")
    expect(page.get_by_test_id("status")).to_have_text("待市级审核")
    walk.click("申报与验收", within=page.locator("main .nav-tabs"))
    walk.click("待市级审核")
    walk.click("登记市级结果", within=page.locator("main tbody tr", has_text="桃源社区"))
    page.get_by_label("通过（命名为市级示范点）").check()
    page.get_by_label("命名文号").fill("温妇字〔2026〕18号")
    scan = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    page.get_by_label("命名文件扫描件").set_input_files(
        files=[{"name": "市妇联命名通知.pdf", "mimeType": "application/pdf", "buffer": scan}]
    )
    walk.click("保存市级审核结果", role="button")
    expect(page.locator(".alert-success")).to_contain_text("已登记：市妇联审核通过，命名为市级示范点。")


def contact_points(walk: Walk) -> None:
    """联系点: 我的联系点, the form to name one, a visit recorded on a contact point with a follow-up then marked
    done, and the coverage with its units that have nobody."""
    page = walk.page
    walk.menu("联系点")
    tabs = page.locator("main .nav-tabs")
    walk.named("我的联系点", within=tabs)
    expect(page.locator("main h1")).to_contain_text("我的联系点")
    walk.click("联系点一览", within=tabs)
    walk.click("指定联系点")
    expect(page.locator("main h1")).to_have_text("指定联系点")
    expect(page.get_by_role("button", name="保存", exact=True)).to_be_visible()
    page.go_back()
    page.wait_for_load_state("load")

    point = page.locator("main table").first.locator("tbody tr").first
    unit = point.get_by_role("link").first.inner_text().strip()
    point.get_by_role("link").first.click()
    page.wait_for_load_state("load")
    walk.click("登记走访")
    page.get_by_label("走访日期").fill(datetime.date.today().strftime("%Y.%m.%d"))
    page.get_by_label("参加人员").fill("县妇联组织联络部 王秀英")
    page.get_by_label("发现问题").fill("妇女议事会记录不全。")
    page.get_by_label("帮助指导").fill("指导按月召开议事会并规范记录。")
    page.get_by_label("后续事项", exact=True).fill("下月回访议事会记录。")
    walk.click("保存", role="button")
    expect(page.locator(".alert-success")).to_have_text("走访记录已保存，可在下方上传走访照片。")
    expect(page.locator("main h1")).to_contain_text(f"走访记录：{unit}")
    walk.click("标记为已办结", role="button")
    expect(page.locator(".alert-success")).to_have_text("后续事项已标记为办结。")

    walk.menu("联系点")
    walk.click("覆盖情况", within=page.locator("main .nav-tabs"))
    expect(page.locator("main h1")).to_contain_text("联系点覆盖情况")
    uncovered = page.locator("main table").first.locator("a[href*='covered=no']").filter(has_not_text=re.compile("^0$"))
    uncovered.first.click()
    page.wait_for_load_state("load")
    walk.named("指定联系人", within=page.get_by_test_id("units"))


def manage_task_lists(walk: Walk) -> None:
    """年度工作任务 in 数据管理: this year's list copied as next year's draft, and the draft published."""
    page = walk.page
    year = datetime.date.today().year
    walk.menu("数据管理")
    content = page.locator("#content-main")
    walk.named("考核类别", within=content)
    walk.click("年度工作任务", within=content)
    rows = page.locator("#result_list tbody tr")
    rows.filter(has_text=f"{year}年镇街道妇女工作任务").locator("input.action-select").check()
    _admin_action(walk, "复制为下一年度草稿（复制上年）")
    expect(page.locator(".messagelist .success")).to_contain_text("（草稿），请修改后发布。")
    rows.filter(has_text=f"{year + 1}年").filter(has_text="草稿").first.locator("input.action-select").check()
    _admin_action(walk, "发布所选工作任务")
    expect(page.locator(".messagelist .success")).to_contain_text("已发布。")
    walk.click("查看站点")


def _admin_action(walk: Walk, action: str) -> None:
    """Choose ``action`` in the admin's 动作 box (the guide's 【action】) and run it."""
    page = walk.page
    page.locator("select[name=action]").select_option(label=action)
    walk.met.add(action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state("load")


def score_appraisal(walk: Walk, workdir: Path) -> None:
    """考核: the automatic items recomputed; from 考核评分 one item returned for more evidence and one scored;
    the ranking and its workbook."""
    page = walk.page
    walk.menu("考核")
    tabs = page.locator("main .nav-tabs")
    walk.named("年度工作任务", within=tabs)
    walk.click("按统计数据重新计算自动评分项", role="button")
    expect(page.locator(".alert-success")).to_contain_text("已按统计数据重新计算")

    walk.click("考核评分", within=page.locator("main .nav-tabs"))
    waiting = page.get_by_test_id("queue-row")
    expect(waiting.first).to_be_visible()
    walk.click("评分", within=waiting.first)
    page.get_by_label("需要补充的材料").fill("请补充活动照片及签到表。")
    walk.click("退回补充", role="button")
    expect(page.locator(".alert-success")).to_contain_text("退回补充。")

    walk.click("考核评分", within=page.locator("main .nav-tabs"))
    walk.click("评分", within=page.get_by_test_id("queue-row").first)
    score = page.get_by_label("得分")
    score.fill(score.get_attribute("max"))
    page.get_by_label("评语").fill("按要求完成。")
    walk.click("保存评分", role="button")
    expect(page.locator(".alert-success")).to_contain_text("评分。")

    walk.click("考核排名", within=page.locator("main .nav-tabs"))
    with page.expect_download() as download_info:
        walk.click("下载考核情况表")
    assert download_info.value.suggested_filename.endswith(".xlsx")


def county(walk: Walk, password: str, workdir: Path) -> None:
    township_has_confirmed(datetime.date.today().year)
    county_home(walk, password)
    accept_and_return(walk)
    county_inbox(walk)
    return_a_confirmation(walk)
    decide_transfers(walk)
    download_reports(walk, workdir, rows=("萧江镇", "水头镇", "合计"))
    status_report(walk)
    recommend_to_city(walk)
    contact_points(walk)
    manage_task_lists(walk)
    score_appraisal(walk, workdir)
    help_page(walk, "county")


# --- 领导 (docs/guide/leader.md) -------------------------------------------------------------------------


def dashboard(walk: Walk, password: str) -> None:
    page = walk.page
    log_in(walk, "leader", password)
    assert page.url == f"{walk.base_url}/", page.url  # leadership's 首页 is the dashboard
    walk.see("工作概况")
    walk.named("退出登录", role="button")
    for chart in CHARTS:
        page.wait_for_function(CHART_HAS_DRAWN, arg=chart)
    figures = page.locator(".dashboard-figure")
    assert figures.count() >= 8
    expect(figures.first).to_have_attribute("title", re.compile("^口径："))
    expect(page.get_by_role("heading", name="年报主要指标")).to_be_visible()
    walk.shot("leader-dashboard", _nav(page), figures.last)
    walk.shot("leader-charts", page.locator(CHARTS[0]), page.locator(CHARTS[-1]))
    panel = page.get_by_test_id("appraisal-panel")
    expect(panel).to_contain_text("年度考核排名")
    walk.click("全部", within=panel)
    expect(page.locator("main h1")).to_contain_text("年度考核排名")
    expect(page.get_by_role("button", name="保存评分")).to_have_count(0)  # read only
    walk.goto("/")
    walk.click("统计指标及口径")
    walk.see("指标口径")


def status_report(walk: Walk, *, shot: str | None = None) -> None:
    page = walk.page
    walk.menu("情况汇报")
    for part in ("基本情况和主要做法", "存在的主要问题", "下步工作打算"):  # the guide names its three parts
        expect(page.locator("main")).to_contain_text(part)
    download = walk.named("下载 Word 文档")
    if shot:
        walk.shot(shot, _nav(page), page.locator("main h1, main h2").nth(1), mark=[download])
    with page.expect_download() as download_info:
        download.click()
    assert download_info.value.suggested_filename.endswith(".docx")


def leader(walk: Walk, password: str, workdir: Path) -> None:
    dashboard(walk, password)
    download_reports(walk, workdir, shot="leader-reports")
    status_report(walk, shot="leader-status-report")
    help_page(walk, "leader")


def phone(walk: Walk, password: str, workdir: Path) -> None:
    """At 390 px: town01's 首页 and the opened menu."""
    log_in(walk, "town01", password)
    walk.met.add("首页")
    _home_link(walk.page).click() if _home_link(walk.page).is_visible() else walk.goto("/")
    phone_home(walk)
