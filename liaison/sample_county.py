"""The demo county's 联系点 ("123"联系点制度): the county federation's leaders and staff, each with one township,
two villages or communities and three enterprises or 示范点创建单位 for this year, and their visits.

The demo leader (``leader``) follows 萧江镇 and the three example units of the 9月25日 现场推进会 (桃源社区 and
沿河社区 in 萧江镇, 立天控股集团); the demo staff member (``county``) follows the second township (town02's).
Nine more people (the county federation's 主席, two 副主席 and six staff, among them the inspectors named in the
示范点 acceptances) are accounts without a password: they are contact people, not demo logins. Every township
has a contact person; 示范点 applicants of this year come first among the "企业或示范点创建单位". Visits fall
between 1 January and today, some with follow-ups still open. At a larger scale every further group of
eleven townships gets eleven more people. Everything is written in bulk with history rows.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from liaison.models import ContactPoint, Visit
from orgs import roles, sample_county_bulk
from orgs.models import StaffProfile, Unit
from orgs.sample_county import GIVEN, SURNAMES, DemoContext

# (username, surname, given name, role): the demo accounts first (their names stay as orgs.sample_county gave
# them), then the county federation's 主席, two 副主席 and six staff, contact people who do not sign in.
PEOPLE = (
    ("leader", None, None, roles.LEADER),
    ("county", None, None, roles.COUNTY_STAFF),
    ("lxd_liumeihua", "刘", "美华", roles.LEADER),
    ("lxd_zhaoxuefang", "赵", "雪芳", roles.LEADER),
    ("lxd_sunlijun", "孙", "丽君", roles.LEADER),
    ("lxd_wangxiuying", "王", "秀英", roles.COUNTY_STAFF),
    ("lxd_chenliping", "陈", "丽萍", roles.COUNTY_STAFF),
    ("lxd_lichunmei", "李", "春梅", roles.COUNTY_STAFF),
    ("lxd_zhangxiaoyan", "张", "晓燕", roles.COUNTY_STAFF),
    ("lxd_zhouhuimin", "周", "慧敏", roles.COUNTY_STAFF),
    ("lxd_wulijuan", "吴", "丽娟", roles.COUNTY_STAFF),
)
EXAMPLE_UNITS = ("桃源社区", "沿河社区", "立天控股集团")  # the 现场推进会's three examples (training.sample_county)
NOTES = {
    ContactPoint.Category.TOWNSHIP: "联系指导乡镇妇联“会改联”后班子运行和执委履职",
    ContactPoint.Category.VILLAGE_OR_COMMUNITY: "指导村(社区)妇联规范化建设和“妇女之家”阵地建设",
    ContactPoint.Category.ENTERPRISE_OR_SITE: "指导两新组织妇女组织组建和示范点创建",
}
FINDINGS = (
    "妇联执委分工不够明确，部分执委履职不积极",
    "“妇女之家”活动阵地面积偏小，活动记录不全",
    "会议记录、活动台账未按月整理",
    "巾帼志愿服务队人员流动大，服务记录不完整",
    "女职工人数增加较快，妇女组织覆盖不够",
    "维权接待登记格式不统一",
    "年轻执委比例偏低，后备干部储备不足",
    "制度上墙不全，议事规则未落实",
)
HELP = (
    "现场讲解执委分工和履职要求，指导制定执委分工表",
    "对照“五有”标准逐项指导阵地建设",
    "讲解台账整理规范，提供统一模板",
    "指导开展巾帼志愿服务活动，建立服务登记制度",
    "与企业党组织沟通，指导按程序组建妇女组织",
    "指导规范维权信访接待登记",
    "介绍其他村(社区)经验做法，帮助理清创建思路",
)
FOLLOW_UPS = (
    "一个月内报送执委分工表",
    "落实固定活动场所并挂牌",
    "补齐本年度活动台账",
    "召开妇女代表大会完成组建",
    "报送示范点创建方案",
    "",
    "",
)
VISITS_PER_POINT = (0, 1, 1, 2, 2, 3, 4)


def load(ctx: DemoContext) -> None:
    townships = list(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).order_by("pk"))
    if not townships:
        return
    people = _people(ctx, len(townships))
    points = _contact_points(ctx, people, townships)
    visits = _visits(ctx, points)
    ctx.stdout.write(f"已创建：联系人 {len(people)} 名，联系点 {len(points)} 个，走访记录 {len(visits)} 条。\n")


def _people(ctx: DemoContext, township_count: int) -> list[User]:
    """One person per township: the demo accounts and the named people first, generated ones at scale."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (roles.LEADER, roles.COUNTY_STAFF)}
    unusable = make_password(None)
    existing = {user.username: user for user in User.objects.filter(username__in=[p[0] for p in PEOPLE])}
    rng = ctx.rng
    found: list[User] = []
    for index in range(township_count):
        if index < len(PEOPLE):
            username, last, first, role = PEOPLE[index]
        else:
            last, first = rng.choice(SURNAMES), rng.choice(GIVEN) + rng.choice(GIVEN)
            username, role = f"lxd_{index + 1:04d}", roles.COUNTY_STAFF
        user = existing.get(username)
        if user is None:
            user = User.objects.create(
                # The whole name in last_name: get_full_name() is "first last", which reads wrong in Chinese.
                username=username,
                password=unusable,
                last_name=f"{last}{first}",
                first_name="",
                is_active=True,
            )
            user.groups.add(groups[role])
            StaffProfile.objects.create(user=user, township=None)
        found.append(user)
    return found


def _contact_points(ctx: DemoContext, people, townships: list[Unit]) -> list[ContactPoint]:
    """One township, two villages or communities and three enterprises or 示范点创建单位 per person."""
    rng, year = ctx.rng, ctx.year
    by_township: dict[int, dict[str, list[Unit]]] = {t.pk: {"villages": [], "new_orgs": []} for t in townships}
    for unit in Unit.objects.filter(kind__in=Unit.TOWNSHIP_KINDS, is_active=True).order_by("pk"):
        group = "villages" if unit.kind in (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY) else "new_orgs"
        if unit.township_id in by_township:
            by_township[unit.township_id][group].append(unit)
    # This year's 示范点 applicants, read through the reverse relation (liaison does not import demo_sites).
    applicants = set(
        Unit.objects.filter(demo_site_applications__year=year, kind__in=(Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY))
        .values_list("pk", flat=True)
        .distinct()
    )
    examples = {unit.name: unit for unit in Unit.objects.filter(name__in=EXAMPLE_UNITS, kind__in=Unit.TOWNSHIP_KINDS)}
    taken: set[int] = set()
    points: list[ContactPoint] = []

    def add(user, unit: Unit, category: str) -> None:
        taken.add(unit.pk)
        points.append(
            ContactPoint(
                year=year,
                person=user,
                unit=unit,
                category=category,
                note=("现场推进会观摩点；" if unit.name in EXAMPLE_UNITS else "") + NOTES[category],
                created_by=user,
            )
        )

    # People and townships in order: the leader takes 萧江镇 (the first township) and the 现场推进会's examples.
    for user, township in zip(people, townships, strict=False):
        add(user, township, ContactPoint.Category.TOWNSHIP)
        villages = by_township[township.pk]["villages"]
        new_orgs = by_township[township.pk]["new_orgs"]
        if user.username == "leader":
            chosen_villages = [examples[name] for name in EXAMPLE_UNITS[:2] if name in examples]
            chosen_sites = [examples[name] for name in EXAMPLE_UNITS[2:] if name in examples]
        else:
            chosen_villages, chosen_sites = [], []
        free_villages = [
            u for u in villages if u.pk not in taken and u.pk not in applicants and u not in chosen_villages
        ]
        chosen_villages += rng.sample(free_villages, min(2 - len(chosen_villages), len(free_villages)))
        for unit in chosen_villages[:2]:
            add(user, unit, ContactPoint.Category.VILLAGE_OR_COMMUNITY)
        site_candidates = [u for u in villages if u.pk in applicants and u.pk not in taken]
        chosen_sites += site_candidates[: max(0, 2 - len(chosen_sites))]
        free_orgs = [u for u in new_orgs if u.pk not in taken and u not in chosen_sites]
        chosen_sites += rng.sample(free_orgs, min(3 - len(chosen_sites), len(free_orgs)))
        for unit in chosen_sites[:3]:
            add(user, unit, ContactPoint.Category.ENTERPRISE_OR_SITE)
    return sample_county_bulk.create(ContactPoint, points)


def _visits(ctx: DemoContext, points: list[ContactPoint]) -> list[Visit]:
    rng, year, today = ctx.rng, ctx.year, ctx.today
    visits: list[Visit] = []
    for point in points:
        count = rng.choice(VISITS_PER_POINT)
        if point.unit.name in EXAMPLE_UNITS:
            count = max(count, 2)  # the 现场推进会's examples were visited at least twice
        name = point.person.get_full_name() or point.person.username
        for _ in range(count):
            visited_on = ctx.date_in_year(year, not_after=today)
            follow_up = rng.choice(FOLLOW_UPS)
            done = bool(follow_up) and rng.random() < 0.6 and visited_on < today
            visits.append(
                Visit(
                    contact_point=point,
                    visited_on=visited_on,
                    visitors=f"{name}、乡镇妇联{rng.choice(SURNAMES)}{rng.choice(GIVEN)}"
                    if rng.random() < 0.5
                    else name,
                    findings=rng.choice(FINDINGS),
                    help_given=rng.choice(HELP),
                    follow_up=follow_up,
                    follow_up_done=done,
                    follow_up_done_on=min(visited_on + datetime.timedelta(days=rng.randint(7, 40)), today)
                    if done
                    else None,
                    recorded_by=point.person,
                )
            )
    return sample_county_bulk.create(Visit, visits)
