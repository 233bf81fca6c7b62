"""The demo county's 示范点, reproducing the seed report at scale 1:

3 市级 and 16 县级 "妇女之家" sites in force (桃源社区 and 沿河社区 among them), 5 县级 两新 sites
(立天控股集团 among them), one site revoked last year, 15 县级 applications of this year awaiting
acceptance (two of them resubmitted after 整改), 3 returned for 整改, and last year's "妇女之家"
subsidies of 82,600 元 (8万多元). Drafts and rejected applications of earlier years bring the total to
205 applications per scale unit (10,250 at scale 50). Everything is written in bulk with history rows.
The applications still waiting have told their latest move to the 消息 inboxes (the three returns to their
townships, the fifteen submissions to the county), unread.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module

from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.utils import timezone

from demo_sites.models import (
    Acceptance,
    AcceptanceScore,
    Application,
    Category,
    CriteriaSet,
    Criterion,
    Decision,
    Designation,
    DesignationChange,
    Level,
    SelfAssessment,
    StatusChange,
    Subsidy,
    plain,
    year_end,
)
from demo_sites.services import criteria_set_for
from demo_sites.services.telling import transition_message
from notices.models import Message
from orgs import sample_county_bulk
from orgs.models import StaffProfile, Unit
from orgs.sample_county import DemoContext

Status = Application.Status
CITY_WOMENS_HOME = 3
COUNTY_WOMENS_HOME_YEARS = (-4, -4, -4, -3, -3, -3, -2, -2, -2, -1, -1, -1, 0, 0, 0, 0)  # 16, relative to this year
COUNTY_NEW_ORG_YEARS = (-3, -2, -1, -1, 0)  # 5
AWAITING = 15
RESUBMITTED_AFTER_RECTIFYING = 2  # of the 15
RECTIFYING = 3
DRAFTS_THIS_YEAR = 65
REJECTED_PER_PAST_YEAR = 20  # years -4 … -1
OVERDUE_DRAFTS = 20  # last year's drafts never submitted
CITY_SUBSIDY = Decimal("8000")
COUNTY_SUBSIDY = Decimal("4800")
EXTRA_SUBSIDY = Decimal("1000")  # 桃源社区's 阵地建设 top-up: 3×8000 + 12×4800 + 1000 = 82,600
INSPECTORS = ["县妇联组织联络部 王秀英、陈丽萍", "县妇联 李春梅、张晓燕", "县妇联 周慧敏、吴丽娟"]
RECTIFICATIONS = [
    "“妇女之家”活动阵地面积不足，需落实固定场所并挂牌",
    "妇联执委分工不明确，需制定分工表并上墙",
    "会议记录、活动台账不全，需补齐本年度资料",
    "巾帼志愿服务队人员不稳定，需充实队伍并建立服务记录",
    "维权信访接待登记不规范，需按统一格式登记",
]
REJECT_REASONS = [
    "活动阵地未落实，多项指标不达标",
    "班子不健全，制度未落实，资料缺失",
    "工作成效不明显，未达到示范要求",
]


@dataclass
class _Round:
    decision: str
    scores: list[Decimal]
    inspected_on: datetime.date
    rectifications: str = ""
    reasons: str = ""


@dataclass
class _Plan:
    application: Application
    self_scores: list[Decimal | None]
    rounds: list[_Round] = field(default_factory=list)
    changes: list[tuple[str, str, datetime.datetime, int, str]] = field(default_factory=list)
    designation: Designation | None = None


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _scores(rng, count: int, low: float, high: float) -> list[Decimal]:
    return [Decimal(str(round(rng.uniform(low, high) * 2) / 2)) for _ in range(count)]


def _passing(rng, criteria_set: CriteriaSet, count: int) -> list[Decimal]:
    scores = _scores(rng, count, 7, 10)
    while sum(scores) < criteria_set.pass_total:
        scores[scores.index(min(scores))] += Decimal("0.5")
    return scores


def _failing(rng, count: int) -> list[Decimal]:
    scores = _scores(rng, count, 4, 8.5)
    scores[rng.randrange(count)] = Decimal("5")  # below the per-criterion minimum whatever the total
    return scores


def _short_of_total(rng, count: int) -> list[Decimal]:
    """整改 material: every item at least 6, total in the 70s."""
    scores = [Decimal("7")] * count
    for _ in range(rng.randint(0, 8)):
        scores[rng.randrange(count)] += Decimal("0.5")
    return scores


class _Pools:
    """Units still free for an application of a (category, year), per scale slice."""

    def __init__(self, rng, units: list[tuple[int, int, str, str]], reserved: set[int]) -> None:
        self.rng = rng
        self.units = [u for u in units if u[0] not in reserved]
        self.used: dict[tuple[str, int], set[int]] = {}

    def take(self, category: str, year: int, township_id: int | None = None) -> tuple[int, int, str, str]:
        kinds = {Unit.Kind(k) for k in _CATEGORY_KINDS[category]}
        used = self.used.setdefault((category, year), set())
        while True:
            unit = self.rng.choice(self.units)
            if unit[3] in kinds and unit[0] not in used and township_id in (None, unit[1]):
                used.add(unit[0])
                return unit


_CATEGORY_KINDS = {
    Category.WOMENS_HOME: (Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE),
    Category.NEW_ORGANISATION: (Unit.Kind.ENTERPRISE,),
}


def load(ctx: DemoContext) -> None:
    draw = _Draw(ctx)
    for index in range(ctx.scale):
        # One scale slice at a time, so memory stays flat however large the county.
        draw.slice(index)
    _recommend_to_city(ctx)
    _tell(ctx.year)
    awaiting = Application.objects.filter(status=Status.SUBMITTED, year=ctx.year).count()
    ctx.stdout.write(
        f"示范点：申报 {Application.objects.count()} 个（本年待验收 {awaiting} 个），"
        f"示范点 {Designation.objects.count()} 个，"
        f"补助资金 {Subsidy.objects.count()} 笔。\n"
    )


class _Draw:
    """The demo county's applications and sites, drawn one scale slice at a time. The draws happen in a fixed
    order (the seed report's figures depend on it): a method per kind of site, called in that order."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.rng, self.year = ctx, ctx.rng, ctx.year
        years = range(self.year - 4, self.year + 1)
        # The rubrics come from the database (seeded by migration 0002, replayed on --reset); years without
        # one get a copy of the nearest set, as for any user. A database emptied by ``flush`` has lost the
        # migration's rows: replay it rather than keep a second copy of the rubric here.
        if CriteriaSet.objects.values("category").distinct().count() < len(Category.values):
            import_module("demo_sites.migrations.0002_seed_criteria").seed(django_apps, None)
        self.sets = {
            (c, y): criteria_set_for(category=c, year=y)
            for c in (Category.WOMENS_HOME, Category.NEW_ORGANISATION)
            for y in years
        }
        self.criteria = {key: list(s.criteria.order_by("order", "pk")) for key, s in self.sets.items()}
        self.townships = list(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).order_by("pk").values_list("pk", flat=True))
        self.staff = dict(StaffProfile.objects.filter(township__isnull=False).values_list("township_id", "user_id"))
        self.county_user = (
            User.objects.filter(username="county").values_list("pk", flat=True).first()
            or User.objects.order_by("pk").values_list("pk", flat=True).first()
        )
        candidates = list(
            Unit.objects.filter(
                kind__in=(Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE, Unit.Kind.ENTERPRISE),
                is_active=True,
                women_organisation__isnull=False,
            )
            .order_by("pk")
            .values_list("pk", "township_id", "name", "kind")
        )
        slice_of = {pk: i // 11 for i, pk in enumerate(self.townships)}
        self.by_slice: dict[int, list] = {}
        for unit in candidates:
            self.by_slice.setdefault(slice_of[unit[1]], []).append(unit)
        self.certificate_counter: dict[int, int] = {}

    # --- one step of an application's life ------------------------------------------------------------

    def certificate(self, y: int, level: str) -> str:
        self.certificate_counter[y] = self.certificate_counter.get(y, 0) + 1
        prefix = "温妇示" if level == Level.CITY else "清妇示"
        return f"{prefix}〔{y}〕{self.certificate_counter[y]}号"

    def day_in(self, y: int, start_month: int = 1, end: tuple[int, int] = (12, 20)) -> datetime.date:
        first = datetime.date(y, start_month, 1)
        last = min(datetime.date(y, *end), self.ctx.today)
        # Loaded before ``start_month``, this year's dates fall on "today": nothing happens after it.
        return min(first + datetime.timedelta(days=self.rng.randint(0, max((last - first).days, 0))), self.ctx.today)

    def new_plan(self, unit, category: str, y: int, status: str, self_scores=None) -> _Plan:
        crit = self.criteria[(category, y)]
        app = Application(
            unit_id=unit[0],
            category=category,
            level=Level.COUNTY,
            year=y,
            criteria_set=self.sets[(category, y)],
            status=status,
            deadline=year_end(y),
            summary=f"{unit[2]}创建{Category(category).label}情况：班子健全，阵地落实，活动经常。",
            contact=f"{unit[2]}妇联主席 13{self.rng.randint(100000000, 999999999)}",
            created_by_id=self.staff.get(unit[1], self.county_user),
        )
        scores = self_scores if self_scores is not None else _passing(self.rng, self.sets[(category, y)], len(crit))
        return _Plan(app, scores)

    def submitted(self, plan: _Plan, created: datetime.date, sent: datetime.date) -> None:
        by = plan.application.created_by_id
        # Early in the year the planned dates may lie ahead: nothing happens after "today".
        sent = min(sent, self.ctx.today)
        created = min(created, sent)
        plan.changes.append(("", Status.DRAFT, _aware(created, 9), by, "新建申报"))
        plan.changes.append((Status.DRAFT, Status.SUBMITTED, _aware(sent), by, "提交申报"))
        plan.application.submitted_at = _aware(sent)

    def decided(self, plan: _Plan, decision: str, on: datetime.date, scores, **text) -> None:
        to = {
            Decision.ACCEPTED: Status.ACCEPTED,
            Decision.RECTIFY: Status.RECTIFYING,
            Decision.REJECTED: Status.REJECTED,
        }[decision]
        plan.rounds.append(_Round(decision, scores, on, **text))
        comment = {
            Decision.ACCEPTED: f"验收通过，总分 {plain(sum(scores))} 分",
            Decision.RECTIFY: f"退回整改，总分 {plain(sum(scores))} 分：\n{text.get('rectifications', '')}",
            Decision.REJECTED: f"验收不通过，总分 {plain(sum(scores))} 分：{text.get('reasons', '')}",
        }[decision]
        plan.changes.append((Status.SUBMITTED, to, _aware(on, 15), self.county_user, comment))
        plan.application.decided_at = _aware(on, 15)

    # --- one scale slice ------------------------------------------------------------------------------

    def slice(self, index: int) -> None:
        rng = self.rng
        units = self.by_slice.get(index, [])
        named = {u[2]: u for u in units if index == 0 and u[2] in ("桃源社区", "沿河社区", "立天控股集团")}
        womens_home = [u for u in units if u[3] in _CATEGORY_KINDS[Category.WOMENS_HOME] and u[2] not in named]
        enterprises = [u for u in units if u[3] == Unit.Kind.ENTERPRISE and u[2] not in named]
        rng.shuffle(womens_home)
        rng.shuffle(enterprises)
        city_sites = womens_home[:CITY_WOMENS_HOME]
        county_sites = [named[n] for n in ("桃源社区", "沿河社区") if n in named]
        taken = CITY_WOMENS_HOME + len(COUNTY_WOMENS_HOME_YEARS) - len(county_sites)
        county_sites += womens_home[CITY_WOMENS_HOME:taken]
        revoked_site = womens_home[taken]
        org_sites = [named["立天控股集团"]] if "立天控股集团" in named else []
        org_sites += enterprises[: len(COUNTY_NEW_ORG_YEARS) - len(org_sites)]
        designated_ids = {u[0] for u in city_sites + county_sites + org_sites + [revoked_site]}
        pools = _Pools(rng, units, designated_ids)

        city_designations = self.city_designations(city_sites)
        plans = [_Plan(application=None, self_scores=[], designation=d) for d in city_designations]  # type: ignore[arg-type]
        county_plans = self.county_sites(index, county_sites, org_sites, revoked_site, pools)
        plans += county_plans
        slice_townships = self.townships[index * 11 : (index + 1) * 11]
        plans += self.this_year(slice_townships, pools)
        plans += self.earlier_years(pools)
        granted_on = self.subsidies(city_designations, county_plans)
        _write(plans, self.criteria, self.county_user, granted_on)

    def city_designations(self, city_sites) -> list[Designation]:
        """市级 sites are named by the city: recorded designations without a county application."""
        return [
            Designation(
                unit_id=unit[0],
                category=Category.WOMENS_HOME,
                level=Level.CITY,
                year=self.year + offset,
                certificate_number=self.certificate(self.year + offset, Level.CITY),
                designated_on=self.day_in(self.year + offset, 3, (11, 30)),
            )
            for offset, unit in zip((-3, -2, -1), city_sites, strict=True)
        ]

    def county_sites(self, index: int, county_sites, org_sites, revoked_site, pools: _Pools) -> list[_Plan]:
        rng, year = self.rng, self.year
        # 县级 sites: each went through application and acceptance in its year.
        county_plans: list[_Plan] = []
        pairs = [
            (u, Category.WOMENS_HOME, year + o) for u, o in zip(county_sites, COUNTY_WOMENS_HOME_YEARS, strict=True)
        ]
        pairs += [
            (u, Category.NEW_ORGANISATION, year + o) for u, o in zip(org_sites, COUNTY_NEW_ORG_YEARS, strict=True)
        ]
        pairs.append((revoked_site, Category.WOMENS_HOME, year - 4))
        if (
            index == 0
        ):  # the report's showcase sites: 沿河社区 since two years, 桃源社区 since last year, 立天 two years
            pairs[0] = (pairs[0][0], Category.WOMENS_HOME, year - 1)
            pairs[1] = (pairs[1][0], Category.WOMENS_HOME, year - 2)
            pairs[len(county_sites)] = (pairs[len(county_sites)][0], Category.NEW_ORGANISATION, year - 2)
        for unit, category, y in pairs:
            plan = self.new_plan(unit, category, y, Status.ACCEPTED)
            created = self.day_in(y, 3, (6, 30))
            sent = created + datetime.timedelta(days=rng.randint(10, 40))
            self.submitted(plan, created, sent)
            on = min(sent + datetime.timedelta(days=rng.randint(20, 90)), self.ctx.today)
            self.decided(
                plan,
                Decision.ACCEPTED,
                on,
                _passing(rng, plan.application.criteria_set, len(plan.self_scores)),
                reasons="各项指标达到示范点标准",
            )
            plan.designation = Designation(
                unit_id=unit[0],
                category=category,
                level=Level.COUNTY,
                year=y,
                certificate_number=self.certificate(y, Level.COUNTY),
                designated_on=on,
            )
            pools.used.setdefault((category, y), set()).add(unit[0])
            county_plans.append(plan)
        revoked = county_plans[-1].designation
        revoked.revoked_on = self.day_in(year - 1, 4, (6, 30))
        revoked.revoke_reason = "复核不达标：“妇女之家”活动阵地被挪作他用，整改不到位"
        revoked.revoked_by_id = self.county_user
        return county_plans

    def this_year(self, slice_townships: list[int], pools: _Pools) -> list[_Plan]:
        rng, year = self.rng, self.year
        plans: list[_Plan] = []
        # This year: 15 awaiting acceptance (2 of them resubmitted after 整改), 3 returned for 整改, drafts.
        for n in range(AWAITING + RECTIFYING):
            # Spread over the townships so that every township's staff has something waiting.
            unit = pools.take(Category.WOMENS_HOME, year, slice_townships[n % len(slice_townships)])
            plan = self.new_plan(unit, Category.WOMENS_HOME, year, Status.SUBMITTED)
            created = self.day_in(year, 3, (8, 31))
            sent = created + datetime.timedelta(days=rng.randint(7, 30))
            self.submitted(plan, created, sent)
            # The first ones (萧江镇, 水头镇 … at scale 1) went through 整改: three are still with the
            # township, the next two were resubmitted and wait again.
            if n < RECTIFYING + RESUBMITTED_AFTER_RECTIFYING:
                items = "\n".join(rng.sample(RECTIFICATIONS, 2))
                on = min(sent + datetime.timedelta(days=rng.randint(7, 20)), self.ctx.today)
                self.decided(
                    plan,
                    Decision.RECTIFY,
                    on,
                    _short_of_total(rng, len(plan.self_scores)),
                    rectifications=items,
                    reasons="基础较好，部分指标需整改",
                )
                plan.application.status = Status.RECTIFYING
                if n >= RECTIFYING:
                    again = min(on + datetime.timedelta(days=rng.randint(10, 30)), self.ctx.today)
                    # Capped at "today", the resubmission may fall on the day of the decision: after it.
                    resubmitted_at = max(_aware(again, 11), _aware(on, 16))
                    plan.changes.append(
                        (
                            Status.RECTIFYING,
                            Status.SUBMITTED,
                            resubmitted_at,
                            plan.application.created_by_id,
                            "已按要求完成整改：" + "；".join(items.splitlines()),
                        )
                    )
                    plan.application.status = Status.SUBMITTED
                    plan.application.submitted_at = resubmitted_at
                    plan.application.decided_at = None
            plans.append(plan)
        for n in range(DRAFTS_THIS_YEAR):
            category = Category.NEW_ORGANISATION if n % 6 == 5 else Category.WOMENS_HOME
            scores = _passing(rng, self.sets[(category, year)], 10)
            filled = rng.randint(0, 10)
            plan = self.new_plan(
                pools.take(category, year), category, year, Status.DRAFT, [*scores[:filled], *[None] * (10 - filled)]
            )
            plan.changes.append(
                (
                    "",
                    Status.DRAFT,
                    _aware(self.day_in(year, 6, (11, 28)), 9),
                    plan.application.created_by_id,
                    "新建申报",
                )
            )
            plans.append(plan)

        return plans

    def earlier_years(self, pools: _Pools) -> list[_Plan]:
        rng, year = self.rng, self.year
        plans: list[_Plan] = []
        # Earlier years: rejected applications, and last year's drafts that were never submitted (overdue).
        for y in range(year - 4, year):
            for n in range(REJECTED_PER_PAST_YEAR):
                category = Category.NEW_ORGANISATION if n % 7 == 6 else Category.WOMENS_HOME
                plan = self.new_plan(pools.take(category, y), category, y, Status.REJECTED)
                created = self.day_in(y, 3, (6, 30))
                sent = created + datetime.timedelta(days=rng.randint(10, 40))
                self.submitted(plan, created, sent)
                self.decided(
                    plan,
                    Decision.REJECTED,
                    sent + datetime.timedelta(days=rng.randint(20, 90)),
                    _failing(rng, len(plan.self_scores)),
                    reasons=rng.choice(REJECT_REASONS),
                )
                plans.append(plan)
        for _ in range(OVERDUE_DRAFTS):
            plan = self.new_plan(
                pools.take(Category.WOMENS_HOME, year - 1), Category.WOMENS_HOME, year - 1, Status.DRAFT, [None] * 10
            )
            plan.changes.append(
                (
                    "",
                    Status.DRAFT,
                    _aware(self.day_in(year - 1, 5, (10, 31)), 9),
                    plan.application.created_by_id,
                    "新建申报",
                )
            )
            plans.append(plan)

        return plans

    def subsidies(self, city_designations: list[Designation], county_plans: list[_Plan]) -> datetime.date:
        year = self.year
        # Last year's "妇女之家" subsidies: every site in force on 15 December.
        granted_on = datetime.date(year - 1, 12, 15)
        for designation in city_designations:
            designation._demo_subsidy = CITY_SUBSIDY
        for plan in county_plans:
            d = plan.designation
            if (
                d.category == Category.WOMENS_HOME
                and d.designated_on <= granted_on
                and (d.revoked_on is None or d.revoked_on > granted_on)
            ):
                d._demo_subsidy = COUNTY_SUBSIDY + (EXTRA_SUBSIDY if plan is county_plans[0] else 0)
        return granted_on


# The 县级 site the county has recommended to the city this year (推荐市级), waiting for the city's decision.
RECOMMENDED_TO_CITY = "沿河社区"


def _recommend_to_city(ctx: DemoContext) -> None:
    """One site waiting for the city (待市级审核) beside the three 市级 sites the seed names: the county
    recommended 沿河社区 (县级 since two years) this autumn. Written after the draws, so it takes no random
    number and every other figure stays as it was."""
    designation = (
        Designation.objects.in_force(ctx.today)
        .filter(unit__name=RECOMMENDED_TO_CITY, category=Category.WOMENS_HOME, level=Level.COUNTY)
        .select_related("unit")
        .first()
    )
    county_user = User.objects.filter(username="county").values_list("pk", flat=True).first()
    if designation is None or county_user is None:
        return
    on = _aware(min(datetime.date(ctx.year, 11, 20), ctx.today), 11)
    note = f"{designation.unit.name}“妇女之家”阵地规范、活动经常、服务有特色，推荐申报市级“妇女之家”示范点。"
    application = Application(
        unit_id=designation.unit_id,
        category=Category.WOMENS_HOME,
        level=Level.CITY,
        year=ctx.year,
        criteria_set=criteria_set_for(category=Category.WOMENS_HOME, year=ctx.year),
        status=Status.RECOMMENDED,
        recommended_from_id=designation.pk,
        summary=note,
        deadline=year_end(ctx.year),
        submitted_at=on,
        created_by_id=county_user,
    )
    sample_county_bulk.create(Application, [application])
    change = StatusChange(
        application_id=application.pk,
        from_status="",
        to_status=Status.RECOMMENDED,
        at=on,
        by_id=county_user,
        comment=f"推荐市级：{note}",
    )
    sample_county_bulk.create(StatusChange, [change])


def _tell(year: int) -> None:
    """The inboxes (消息) as this year's moves left them: every application still waiting tells its latest
    move, unread: the county the submissions and resubmissions, the townships their returns. Written by the
    same composer as a live move (``telling.transition_message``), in bulk and without mail."""
    waiting = Application.objects.filter(year=year, status__in=(Status.SUBMITTED, Status.RECTIFYING)).select_related(
        "unit", "township"
    )
    latest: dict[int, StatusChange] = {}
    for change in StatusChange.objects.filter(application__in=waiting).order_by("at", "pk"):
        latest[change.application_id] = change
    rows = []
    for application in waiting.order_by("pk"):
        change, township = latest.get(application.pk), application.township
        told = change and transition_message(
            application, change, unit_name=application.unit.name, township_name=township.name if township else None
        )
        if not told:
            continue
        day, township_id = told.pop("on"), told.pop("township")
        rows.append(Message(township_id=township_id, day=day, created_at=change.at, **told))
    Message.objects.bulk_create(rows, batch_size=1000)


def _write(plans: list[_Plan], criteria, county_user: int, granted_on: datetime.date) -> None:
    with_app = [p for p in plans if p.application is not None]
    applications = sample_county_bulk.create(Application, [p.application for p in with_app])
    for plan, saved in zip(with_app, applications, strict=True):
        plan.application.pk = saved.pk

    own, rounds, round_plans, changes = [], [], [], []
    for plan in with_app:
        app = plan.application
        crit = criteria[(app.category, app.year)]
        for criterion, score in zip(crit, plan.self_scores, strict=True):
            evidence = f"{criterion.name}：已整理相关台账和照片。" if score is not None else ""
            own.append(SelfAssessment(application=app, criterion=criterion, evidence=evidence, score=score))
        for number, r in enumerate(plan.rounds, start=1):
            problems = sets_problems(app.criteria_set, crit, r.scores)
            rounds.append(
                Acceptance(
                    application=app,
                    round_number=number,
                    inspected_on=r.inspected_on,
                    inspectors=INSPECTORS[(app.pk + number) % len(INSPECTORS)],
                    by_site_visit=True,
                    by_document_review=True,
                    by_discussion=number % 2 == 0,
                    total_score=sum(r.scores),
                    meets_pass_rule=not problems,
                    decision=r.decision,
                    rectifications=r.rectifications,
                    reasons=r.reasons,
                    decided_by_id=county_user,
                    decided_at=_aware(r.inspected_on, 15),
                )
            )
            round_plans.append((r, crit))
        for frm, to, at, by, comment in plan.changes:
            changes.append(
                StatusChange(application=app, from_status=frm, to_status=to, at=at, by_id=by, comment=comment)
            )
    sample_county_bulk.create(SelfAssessment, own)
    saved_rounds = sample_county_bulk.create(Acceptance, rounds)
    scores = [
        AcceptanceScore(
            acceptance=acceptance, criterion=criterion, score=score, comment="" if score >= 8 else "佐证材料不够充分"
        )
        for acceptance, (r, crit) in zip(saved_rounds, round_plans, strict=True)
        for criterion, score in zip(crit, r.scores, strict=True)
    ]
    sample_county_bulk.create(AcceptanceScore, scores)
    sample_county_bulk.create(StatusChange, changes)

    designations = []
    for plan in plans:
        if plan.designation is not None:
            if plan.application is not None:
                plan.designation.application_id = plan.application.pk
            designations.append(plan.designation)
    saved = sample_county_bulk.create(Designation, designations)
    decisions = []
    for d, s in zip(designations, saved, strict=True):
        comment = "验收通过，挂牌" if d.application_id else f"登记{d.get_level_display()}命名"
        decisions.append(
            DesignationChange(
                designation=s,
                action=DesignationChange.Action.DESIGNATE,
                from_state="",
                to_state=DesignationChange.State.IN_FORCE,
                by_id=county_user,
                at=_aware(d.designated_on, 16),
                comment=f"{comment}，编号 {d.certificate_number}" if d.certificate_number else comment,
            )
        )
        if d.revoked_on:
            decisions.append(
                DesignationChange(
                    designation=s,
                    action=DesignationChange.Action.REVOKE,
                    from_state=DesignationChange.State.IN_FORCE,
                    to_state=DesignationChange.State.REVOKED,
                    by_id=county_user,
                    at=_aware(d.revoked_on, 16),
                    comment=f"{d.revoked_on:%Y年%m月%d日}起摘牌：{d.revoke_reason}",
                )
            )
    sample_county_bulk.create(DesignationChange, decisions)
    subsidies = [
        Subsidy(
            designation=s,
            granted_on=granted_on,
            amount=d._demo_subsidy,
            purpose="“妇女之家”示范点创建补助",
            created_by_id=county_user,
        )
        for d, s in zip(designations, saved, strict=True)
        if getattr(d, "_demo_subsidy", None)
    ]
    sample_county_bulk.create(Subsidy, subsidies)


def sets_problems(criteria_set: CriteriaSet, crit: list[Criterion], scores: list[Decimal]) -> list[str]:
    return criteria_set.evaluate({c.pk: s for c, s in zip(crit, scores, strict=True)}, crit)
