"""The demo county's 考核: this year's 《镇街道妇女工作任务》 (20 items, 100 points, 7 of them scored from the
portal's own figures) and 《区直机关妇女工作任务》 (20 items, 100 points), both published, with every
township's and organ's report and score: most items scored with the county's comment, some reported and
waiting for a score, a few returned for more evidence, a few not yet reported.

Written after every app's loader (a ``ctx.finishers`` step), so that the automatic items are scored from the
figures the other loaders made; draws from a random source of its own, so the other loaders' draws (and the
figures the seed report pins) stay as they were. Everything is written in bulk with history.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from importlib import import_module

from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.utils import timezone

from appraisal.models import Assessment, AssessmentChange, Category, TaskItem, TaskList, points_text
from appraisal.services.auto import AUTO_COMMENT, confirmations, outcome_for
from orgs import sample_county_bulk
from orgs.models import StaffProfile, Unit
from orgs.sample_county import DemoContext
from reports.indicators import figures
from reports.selectors import make_scope

Status = Assessment.Status
A, M = TaskItem.Scoring.AUTOMATIC, TaskItem.Scoring.MANUAL

# (heading, name, content, points, 完成标准, 佐证材料, (month, day) deadline, scoring, rule, target)
TOWNSHIP_ITEMS = [
    (
        "组织建设",
        "村级妇女组织组建率",
        "巩固村级妇联组织建设成果，行政村妇联应建尽建。",
        5,
        "村级妇女组织组建率达到100%。",
        "",
        (11, 30),
        A,
        "villages_rate",
        100,
    ),
    (
        "组织建设",
        "社区妇联组建率",
        "推进社区妇联“会改联”，社区妇联全覆盖。",
        5,
        "社区妇联组建率达到100%。",
        "",
        (11, 30),
        A,
        "communities_rate",
        100,
    ),
    (
        "组织建设",
        "两新组织妇女组织组建",
        "在有党组织的非公企业和社会组织中同步建立妇女组织。",
        5,
        "两新组织妇女组织组建率达到52%以上（较上年提高2个百分点）。",
        "",
        (11, 30),
        A,
        "new_orgs_rate",
        52,
    ),
    (
        "组织建设",
        "“妇女之家”覆盖",
        "村（社区）“妇女之家”挂牌、有阵地、有活动。",
        5,
        "村“妇女之家”覆盖率达到95%以上。",
        "",
        (11, 30),
        A,
        "womens_homes_villages_rate",
        95,
    ),
    (
        "组织建设",
        "执委队伍建设",
        "按照“会改联”要求配齐配强村（社区）妇联执委，执委分工明确、履职有记录。",
        5,
        "执委名单齐全，分工上墙，履职台账完整。",
        "执委名单、分工表照片、履职台账",
        (9, 30),
        M,
        "",
        None,
    ),
    (
        "组织建设",
        "主席进两委",
        "推动村（社区）妇联主席进入村（社区）“两委”班子。",
        5,
        "妇联主席进“两委”比例较上年提高。",
        "进“两委”人员名单",
        (9, 30),
        M,
        "",
        None,
    ),
    (
        "换届选举",
        "换届完成率",
        "按期完成到期妇女组织换届。",
        5,
        "应换届组织换届完成率达到91%以上。",
        "",
        (10, 31),
        A,
        "elections_rate",
        91,
    ),
    (
        "换届选举",
        "换届备案报批",
        "换届前报批、换届后10个工作日内报县妇联备案。",
        5,
        "备案报批材料齐全、及时。",
        "换届请示、批复、选举结果报告",
        (10, 31),
        M,
        "",
        None,
    ),
    (
        "示范创建",
        "示范点创建",
        "每个乡镇（街道）至少创建1个县级以上“妇女之家”或两新妇女组织示范点。",
        5,
        "当年至少1个示范点验收通过。",
        "",
        (11, 30),
        A,
        "accepted",
        1,
    ),
    (
        "示范创建",
        "示范点日常管理",
        "已挂牌示范点正常开展活动，按要求参加复核。",
        5,
        "示范点活动台账完整，复核未被摘牌。",
        "活动台账、照片",
        (11, 30),
        M,
        "",
        None,
    ),
    (
        "示范创建",
        "“妇女之家”阵地建设",
        "“妇女之家”有固定场所、有制度、有标识。",
        5,
        "阵地规范化建设达标。",
        "阵地照片、制度上墙照片",
        (10, 31),
        M,
        "",
        None,
    ),
    (
        "教育培训",
        "主席（主任）参训率",
        "村（社区）妇联主席全员参加县、乡镇两级培训。",
        5,
        "主席（主任）参训率达到42%以上（全年轮训一遍，分两年完成）。",
        "",
        (11, 30),
        A,
        "chairs_trained_rate",
        42,
    ),
    (
        "教育培训",
        "本级培训",
        "全年至少举办1期村（社区）妇联干部培训班或以会代训。",
        5,
        "举办培训1期以上，有方案、签到、照片。",
        "培训方案、签到表、照片",
        (10, 31),
        M,
        "",
        None,
    ),
    (
        "维权服务",
        "妇女儿童维权服务",
        "设立妇女维权岗，及时受理、转办妇女儿童来信来访。",
        5,
        "来访登记规范，办结率100%。",
        "来访登记表、办结情况",
        (11, 30),
        M,
        "",
        None,
    ),
    (
        "维权服务",
        "婚姻家庭纠纷排查调处",
        "每季度开展婚姻家庭矛盾纠纷排查，重点个案跟踪化解。",
        5,
        "每季度排查1次，有排查表和调处记录。",
        "排查表、调处记录",
        (11, 30),
        M,
        "",
        None,
    ),
    (
        "维权服务",
        "反家暴宣传",
        "结合“三八”“11·25”开展反家庭暴力法宣传。",
        5,
        "开展宣传活动2次以上。",
        "活动照片、宣传材料",
        (11, 30),
        M,
        "",
        None,
    ),
    (
        "宣传引领",
        "信息宣传",
        "及时报送妇女工作信息，在县级以上媒体刊发。",
        5,
        "全年报送信息不少于12篇，县级以上媒体刊发不少于6篇。",
        "刊发信息截图或剪报",
        (11, 30),
        M,
        "",
        None,
    ),
    (
        "宣传引领",
        "巾帼文化活动",
        "组织开展“巾帼文化大舞台”等群众性文化活动。",
        5,
        "全年开展活动3场以上。",
        "活动照片、报道",
        (11, 30),
        M,
        "",
        None,
    ),
    (
        "基础工作",
        "年度数据按时确认",
        "在平台上核实本乡镇基层组织和干部数据，按时确认填报完成。",
        5,
        "12月31日前确认填报完成。",
        "",
        (12, 31),
        A,
        "figures_confirmed",
        None,
    ),
    (
        "基础工作",
        "工作总结",
        "按时报送年度工作总结和下一年度工作思路。",
        5,
        "12月10日前报送，内容翔实。",
        "年度工作总结",
        (12, 10),
        M,
        "",
        None,
    ),
]
ORGAN_ITEMS = [
    (
        "组织建设",
        "妇委会组建",
        "机关、事业单位女职工10人以上的建立妇委会。",
        5,
        "妇委会建立并报县妇联备案。",
        "成立批复或备案表",
        (6, 30),
    ),
    (
        "组织建设",
        "班子配备",
        "妇委会主任、委员配备齐全，分工明确。",
        5,
        "班子成员名单齐全、分工明确。",
        "班子名单、分工文件",
        (6, 30),
    ),
    ("组织建设", "按期换届", "妇委会任期届满按期换届。", 5, "到期的按期完成换届。", "换届选举结果报告", (10, 31)),
    ("组织建设", "工作制度", "建立学习、会议、联系女职工等工作制度。", 5, "制度健全并落实。", "制度文本", (6, 30)),
    (
        "思想引领",
        "学习宣传",
        "组织女职工学习党的创新理论和妇女工作方针政策。",
        5,
        "全年集中学习4次以上。",
        "学习记录、照片",
        (11, 30),
    ),
    (
        "思想引领",
        "主题教育活动",
        "结合“三八”等节点开展主题教育活动。",
        5,
        "开展主题活动2次以上。",
        "活动方案、照片",
        (11, 30),
    ),
    (
        "思想引领",
        "家庭家教家风",
        "开展“最美家庭”评选和家风家教宣传。",
        5,
        "推荐“最美家庭”1户以上。",
        "推荐表、活动照片",
        (10, 31),
    ),
    (
        "建功立业",
        "巾帼建功",
        "组织女职工开展岗位建功、技能比武活动。",
        5,
        "开展活动1次以上。",
        "活动照片、获奖证书",
        (11, 30),
    ),
    ("建功立业", "巾帼文明岗创建", "积极参与巾帼文明岗创建。", 5, "申报或保持巾帼文明岗。", "申报材料或证书", (10, 31)),
    (
        "建功立业",
        "巾帼志愿服务",
        "组织女职工参加巾帼志愿服务。",
        5,
        "全年参加志愿服务2次以上。",
        "服务记录、照片",
        (11, 30),
    ),
    ("关爱服务", "女职工关爱", "走访慰问困难、患病女职工。", 5, "有走访慰问记录。", "慰问记录", (11, 30)),
    ("关爱服务", "“两癌”筛查", "组织适龄女职工参加“两癌”筛查。", 5, "组织筛查1次。", "筛查通知、名单", (10, 31)),
    ("关爱服务", "母婴室建设", "有条件的单位建设母婴室。", 5, "建成或改善母婴设施。", "母婴室照片", (10, 31)),
    (
        "关爱服务",
        "结对帮扶",
        "结对帮扶困难妇女儿童或春蕾女童。",
        5,
        "结对1户以上并有帮扶记录。",
        "结对名单、帮扶记录",
        (11, 30),
    ),
    (
        "依法维权",
        "普法宣传",
        "开展《妇女权益保障法》《反家庭暴力法》宣传。",
        5,
        "开展宣传1次以上。",
        "活动照片",
        (11, 30),
    ),
    ("依法维权", "女职工权益保护", "落实女职工劳动保护特别规定。", 5, "无侵害女职工权益投诉。", "", (12, 10)),
    ("宣传信息", "信息报送", "及时向县妇联报送工作信息。", 5, "全年报送信息4篇以上。", "信息目录", (11, 30)),
    ("宣传信息", "典型选树", "推荐先进女性和先进集体。", 5, "推荐典型1个以上。", "推荐材料", (10, 31)),
    ("基础工作", "台账资料", "妇委会工作台账规范完整。", 5, "台账分类清晰、资料齐全。", "台账目录", (12, 10)),
    ("基础工作", "年度总结", "按时报送年度工作总结。", 5, "12月10日前报送。", "年度工作总结", (12, 10)),
]
NOTES = [
    "已按要求完成，相关材料已整理归档。",
    "全年按计划推进，完成情况详见佐证材料。",
    "已落实到位，台账资料齐全。",
    "按时完成，工作成效较好。",
]
COMMENTS_FULL = ["完成较好，材料齐全。", "按要求完成。", "工作扎实，佐证充分。"]
COMMENTS_PART = ["台账不够规范，扣{d}分。", "佐证材料不全，扣{d}分。", "完成时间滞后，扣{d}分。"]
RETURN_COMMENTS = ["请补充活动照片及签到表。", "请补充备案批复文件。", "佐证材料不清晰，请重新上传。"]
# Shares of manual items (after the first draw): scored, reported awaiting a score, returned; the rest pending.
SCORED, REPORTED, RETURNED = 0.80, 0.12, 0.03


def load(ctx: DemoContext) -> None:
    if Category.objects.count() < 2:  # emptied by a flush: replay the migration's rows
        import_module("appraisal.migrations.0002_seed_categories").seed(django_apps, None)
    seed_state = repr(ctx.rng.getstate())  # read, not drawn from
    ctx.finishers.append(lambda: _fill(ctx, seed_state))


def _deadline(year: int, month_day: tuple[int, int]) -> datetime.date:
    return datetime.date(year, *month_day)


def _task_lists(ctx: DemoContext, published_at: datetime.datetime) -> tuple[TaskList, TaskList]:
    township = Category.objects.get(code="township")
    organ = Category.objects.get(code="organ")
    lists = [
        TaskList(
            year=ctx.year,
            category=township,
            title=f"{ctx.year}年镇街道妇女工作任务",
            status=TaskList.Status.PUBLISHED,
            published_at=published_at,
        ),
        TaskList(
            year=ctx.year,
            category=organ,
            title=f"{ctx.year}年区直机关妇女工作任务",
            status=TaskList.Status.PUBLISHED,
            published_at=published_at,
        ),
    ]
    sample_county_bulk.create(TaskList, lists)
    items = [
        TaskItem(
            task_list=lists[0],
            heading=heading,
            order=order,
            name=name,
            content=content,
            points=Decimal(points),
            done_criteria=done,
            evidence_required=evidence,
            deadline=_deadline(ctx.year, when),
            scoring=scoring,
            rule=rule,
            target=None if target is None else Decimal(target),
        )
        for order, (heading, name, content, points, done, evidence, when, scoring, rule, target) in enumerate(
            TOWNSHIP_ITEMS, start=1
        )
    ] + [
        TaskItem(
            task_list=lists[1],
            heading=heading,
            order=order,
            name=name,
            content=content,
            points=Decimal(points),
            done_criteria=done,
            evidence_required=evidence,
            deadline=_deadline(ctx.year, when),
            scoring=M,
        )
        for order, (heading, name, content, points, done, evidence, when) in enumerate(ORGAN_ITEMS, start=1)
    ]
    sample_county_bulk.create(TaskItem, items)
    return lists[0], lists[1]


def _moment(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.datetime:
    if end < start:
        end = start
    day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59))))


def _fill(ctx: DemoContext, seed_state: str) -> None:
    rng = random.Random("appraisal" + seed_state)
    year, today = ctx.year, ctx.today
    county_user = User.objects.filter(username="county").first() or User.objects.order_by("pk").first()
    reporters = dict(StaffProfile.objects.filter(township__isnull=False).values_list("township_id", "user_id"))
    published_at = datetime.datetime(year, 2, 20, 9, 30, tzinfo=timezone.get_current_timezone())
    township_list, organ_list = _task_lists(ctx, published_at)
    table = figures.for_scope(make_scope(user=None, year=year, today=today))
    confirmed = confirmations(year)
    now = timezone.now()

    assessments: list[Assessment] = []
    trail: list[tuple[Assessment, list[tuple[str, str, Decimal | None, int, datetime.datetime, str]]]] = []
    for task_list, kind in ((township_list, Unit.Kind.TOWNSHIP), (organ_list, Unit.Kind.ORGAN)):
        units = list(Unit.objects.filter(kind=kind).order_by("pk").values_list("pk", flat=True))
        items = list(task_list.items.order_by("order"))
        for unit_id in units:
            # A unit's diligence: how likely an item is scored in full.
            diligence = rng.uniform(0.55, 0.95)
            reporter = reporters.get(unit_id, county_user.pk) if kind == Unit.Kind.TOWNSHIP else county_user.pk
            for item in items:
                a = Assessment(item=item, unit_id=unit_id)
                steps: list = []
                if item.is_automatic:
                    outcome = outcome_for(item, table, unit_id, confirmed)
                    a.status, a.score, a.explanation = Status.SCORED, outcome.score, outcome.explanation
                    a.scored_by, a.scored_at = county_user, now
                    steps.append(("pending", Status.SCORED, outcome.score, county_user.pk, now, AUTO_COMMENT))
                else:
                    draw = rng.random()
                    start = item.deadline - datetime.timedelta(days=60)
                    reported_at = _moment(rng, start, min(item.deadline, today))
                    if draw < SCORED + REPORTED + RETURNED:
                        a.note = rng.choice(NOTES)
                        a.reported_at = reported_at
                        steps.append(("pending", Status.REPORTED, None, reporter, reported_at, a.note))
                    if draw < SCORED:
                        full = rng.random() < diligence
                        off = Decimal(0) if full else Decimal(rng.choice(("0.5", "1", "1.5", "2", "3")))
                        a.score = max(item.points - off, Decimal(0))
                        a.comment = (
                            rng.choice(COMMENTS_FULL) if full else rng.choice(COMMENTS_PART).format(d=points_text(off))
                        )
                        a.status, a.scored_by = Status.SCORED, county_user
                        a.scored_at = min(reported_at + datetime.timedelta(days=rng.randint(2, 20)), now)
                        steps.append((Status.REPORTED, Status.SCORED, a.score, county_user.pk, a.scored_at, a.comment))
                    elif draw < SCORED + REPORTED:
                        a.status = Status.REPORTED
                    elif draw < SCORED + REPORTED + RETURNED:
                        a.status, a.comment = Status.RETURNED, rng.choice(RETURN_COMMENTS)
                        returned_at = min(reported_at + datetime.timedelta(days=rng.randint(2, 10)), now)
                        steps.append((Status.REPORTED, Status.RETURNED, None, county_user.pk, returned_at, a.comment))
                assessments.append(a)
                trail.append((a, steps))
    sample_county_bulk.create(Assessment, assessments)
    changes = [
        AssessmentChange(
            assessment_id=a.pk, from_status=frm, to_status=to, score=score, by_id=by, at=at, comment=comment
        )
        for a, steps in trail
        for frm, to, score, by, at, comment in steps
    ]
    for change in changes:
        if change.from_status == "pending":
            change.from_status = Status.PENDING
    sample_county_bulk.create(AssessmentChange, changes)
    TaskList.objects.filter(pk=township_list.pk).update(computed_at=now)
    awaiting = sum(1 for a in assessments if a.status == Status.REPORTED)
    ctx.stdout.write(
        f"考核：工作任务 2 份（条目 {len(TOWNSHIP_ITEMS) + len(ORGAN_ITEMS)} 项），"
        f"完成情况 {len(assessments)} 条（待评分 {awaiting} 条）。\n"
    )
