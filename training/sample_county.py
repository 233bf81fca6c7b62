"""The demo county's training record: the seed report's courses and meetings, the 9月25日 现场推进会 in
萧江镇, more than 50 巾帼文化大舞台 activities since March, and every township's own trainings.

Attendance is drawn from the demo cadres (orgs.sample_county must run first). At scale 1 about 7,000 attendance
rows are written; every count is multiplied by ``ctx.scale``. Everything is written in bulk with history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from orgs import sample_county_bulk
from orgs.models import Cadre, Post, Unit
from orgs.sample_county import GIVEN, SURNAMES, DemoContext
from training.models import Attendance, Audience, Event

ATTENDED = Attendance.Status.ATTENDED
ABSENT = Attendance.Status.ABSENT
CULTURE_STAGE_PER_SCALE = 55
CULTURE_THEMES = [
    "广场舞展演",
    "厨艺比拼",
    "民俗表演",
    "健美操比赛",
    "家庭教育讲座",
    "文艺汇演",
    "旗袍秀",
    "书画摄影展",
    "越剧票友会",
    "亲子运动会",
    "健康知识讲座",
    "腰鼓队展演",
]
OTHER_ACTIVITIES = [  # (kind, title, count per scale unit)
    (Event.ActivityKind.CONDOLENCE, "春节走访慰问贫困妇女和“两癌”妇女", 6),
    (Event.ActivityKind.CONDOLENCE, "“三八”节慰问老妇干、空巢老人", 5),
    (Event.ActivityKind.RIGHTS_RECEPTION, "妇女维权接待日", 12),
    (Event.ActivityKind.SPRING_BUD, "“春蕾计划”助学金发放", 3),
    (Event.ActivityKind.CARING_MOTHER, "“爱心妈妈”结对留守儿童", 5),
]
REPRESENTATIVE_KINDS = ["县人大代表", "县政协委员", "县党代会代表"]


class _Batch:
    """Events and attendance rows collected before they are written in bulk."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.events: list[Event] = []
        self.audiences: list[list[Audience]] = []
        self.rows: list[tuple[int, int | None, str, str, str]] = []

    def event(self, *, title, organiser: Unit, starts_on, days=1, audiences=(), **fields) -> int:
        ends_on = starts_on + datetime.timedelta(days=days - 1)
        if ends_on > self.ctx.today:
            # The record holds what has happened: an event not over by the demo's "today" moves back
            # so that it ends on that day, keeping its length.
            shift = ends_on - self.ctx.today
            starts_on, ends_on = starts_on - shift, ends_on - shift
        self.events.append(
            Event(
                title=title,
                organiser=organiser,
                starts_on=starts_on,
                ends_on=ends_on,
                **fields,
            )
        )
        self.audiences.append(list(audiences))
        return len(self.events) - 1

    def attend(self, event: int, cadres, *, absent_rate: float = 0.0) -> None:
        rng = self.ctx.rng
        for cadre_id in cadres:
            status = ABSENT if absent_rate and rng.random() < absent_rate else ATTENDED
            self.rows.append((event, cadre_id, status, "", ""))

    def external(self, event: int, name: str, organisation_name: str) -> None:
        self.rows.append((event, None, ATTENDED, name, organisation_name))

    def write(self) -> tuple[int, int]:
        saved = sample_county_bulk.create(Event, self.events)
        through = Event.audiences.through
        through.objects.bulk_create(
            [
                through(event_id=e.pk, audience_id=a.pk)
                for e, audiences in zip(saved, self.audiences, strict=True)
                for a in audiences
            ],
            batch_size=2000,
        )
        total = 0
        chunk: list[Attendance] = []
        for event_index, cadre_id, status, name, organisation_name in self.rows:
            event = saved[event_index]
            chunk.append(
                Attendance(
                    event=event,
                    cadre_id=cadre_id,
                    name=name,
                    organisation_name=organisation_name,
                    status=status,
                    hours_credited=Attendance.credited_hours(
                        status=status, event_hours=event.hours, hours_individual=None
                    ),
                )
            )
            if len(chunk) >= 20_000:
                total += len(sample_county_bulk.create(Attendance, chunk))
                chunk = []
        if chunk:
            total += len(sample_county_bulk.create(Attendance, chunk))
        return len(saved), total


def _sample(rng, items: list[int], share: float) -> list[int]:
    return [item for item in items if rng.random() < share]


def _clamp(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(day, today)


def load(ctx: DemoContext) -> None:
    rng = ctx.rng
    year, today, scale = ctx.year, ctx.today, ctx.scale
    audiences = {
        name: Audience.objects.get_or_create(name=name, defaults={"sort_order": order})[0]
        for order, name in enumerate(Audience.STANDARD, start=1)
    }
    county = Unit.objects.get(kind=Unit.Kind.COUNTY)
    townships = list(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).order_by("pk"))

    # Who holds which post now, in one query: the pools attendance is drawn from.
    seen: set[int] = set()
    pools: dict[tuple[str, str], list[int]] = defaultdict(list)  # (unit kind, position) -> cadres
    by_township: dict[tuple[int, str], list[int]] = defaultdict(list)  # (township, unit kind) -> cadres
    chairs_by_township: dict[tuple[int, str], list[int]] = defaultdict(list)
    enterprise_chairs: list[tuple[str, int]] = []
    posts = (
        Post.objects.current(today)
        .order_by("organisation_id", "pk")
        .values_list("cadre_id", "position", "organisation__unit__kind", "organisation__unit__name", "township_id")
    )
    for cadre_id, position, unit_kind, unit_name, township_id in posts:
        first = cadre_id not in seen
        seen.add(cadre_id)
        pools[(unit_kind, position)].append(cadre_id)
        if first and township_id:
            by_township[(township_id, unit_kind)].append(cadre_id)
        if position == Cadre.Position.CHAIR and township_id:
            chairs_by_township[(township_id, unit_kind)].append(cadre_id)
        if position == Cadre.Position.CHAIR and unit_kind == Unit.Kind.ENTERPRISE:
            enterprise_chairs.append((unit_name, cadre_id))

    def person_name() -> str:
        return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")

    batch = _Batch(ctx)
    xiaojiang = townships[0]

    # The seed report's county trainings.
    e = batch.event(
        title="县科局级妇女干部素质提升班",
        organiser=county,
        category=Event.Category.TRAINING,
        kind=Event.Kind.COURSE,
        starts_on=_clamp(datetime.date(year, 4, 15), today),
        days=3,
        place="县委党校",
        hours=Decimal("18"),
        budget=Decimal("36000.00"),
        audiences=[audiences["科局级妇女干部"]],
        description="理论学习、领导艺术与妇女工作业务专题培训。",
    )
    organ_cadres = (
        pools[(Unit.Kind.ORGAN, Cadre.Position.COMMITTEE_DIRECTOR)] + pools[(Unit.Kind.ORGAN, Cadre.Position.EXECUTIVE)]
    )
    batch.attend(e, organ_cadres, absent_rate=0.08)

    e = batch.event(
        title="全县女性“两代表一委员”培训交流会",
        organiser=county,
        category=Event.Category.TRAINING,
        kind=Event.Kind.EXCHANGE,
        starts_on=_clamp(datetime.date(year, 5, 20), today),
        place="县行政中心会议室",
        hours=Decimal("6"),
        budget=Decimal("12000.00"),
        audiences=[audiences["“两代表一委员”"]],
        description="女性党代表、人大代表、政协委员履职培训与经验交流。",
    )
    township_chairs = pools[(Unit.Kind.TOWNSHIP, Cadre.Position.CHAIR)]
    batch.attend(e, _sample(rng, township_chairs, 0.6))
    for _ in range(40 * scale):
        batch.external(e, person_name(), rng.choice(REPRESENTATIVE_KINDS))

    e = batch.event(
        title="新上任的村级妇女干部培训班",
        organiser=county,
        category=Event.Category.TRAINING,
        kind=Event.Kind.COURSE,
        starts_on=_clamp(datetime.date(year, 6, 10), today),
        days=2,
        place="县委党校",
        hours=Decimal("12"),
        budget=Decimal("45000.00"),
        audiences=[audiences["新任村级妇女干部"], audiences["村（社区）妇联主席"]],
        description="村级妇联改革后新任妇女干部的履职能力培训。",
    )
    village_new = (
        pools[(Unit.Kind.VILLAGE, Cadre.Position.VICE_CHAIR)] + pools[(Unit.Kind.VILLAGE, Cadre.Position.EXECUTIVE)]
    )
    batch.attend(e, _sample(rng, village_new, 0.35), absent_rate=0.05)

    e = batch.event(
        title="城乡社区妇联主席培训班",
        organiser=county,
        category=Event.Category.TRAINING,
        kind=Event.Kind.COURSE,
        starts_on=_clamp(datetime.date(year, 7, 8), today),
        days=1,
        place="县妇女儿童活动中心",
        hours=Decimal("8"),
        budget=Decimal("15000.00"),
        audiences=[audiences["城乡社区妇联主席"]],
    )
    community_chairs = pools[(Unit.Kind.COMMUNITY, Cadre.Position.CHAIR)]
    batch.attend(e, community_chairs, absent_rate=0.1)

    # 9月25日 现场推进会 in 萧江镇: township chairs, the chairs of the 66 communities, village and
    # enterprise representatives: 91 people at scale 1.
    e = batch.event(
        title="县妇联基层组织建设工作现场推进会",
        organiser=county,
        category=Event.Category.TRAINING,
        kind=Event.Kind.ON_SITE,
        starts_on=_clamp(datetime.date(year, 9, 25), today),
        place=f"{xiaojiang.name}桃源社区、沿河社区、立天控股集团",
        hours=Decimal("4"),
        budget=Decimal("8000.00"),
        audiences=[
            audiences["乡镇(街道)妇联主席"],
            audiences["城乡社区妇联主席"],
            audiences["村（社区）妇联主席"],
            audiences["两新组织妇女干部"],
        ],
        description="观摩桃源社区、沿河社区和立天控股集团三种基层妇女组织建设实例。",
    )
    village_chairs = pools[(Unit.Kind.VILLAGE, Cadre.Position.CHAIR)]
    enterprise_chairs.sort(key=lambda item: item[0] != "立天控股集团")
    batch.attend(
        e,
        township_chairs
        + community_chairs
        + rng.sample(village_chairs, min(len(village_chairs), 8 * scale))
        + [cadre for _, cadre in enterprise_chairs[: 6 * scale]],
    )

    # Last year's county courses, so that a cadre's record spans years.
    e = batch.event(
        title=f"{year - 1}年度城乡社区妇联主席培训班",
        organiser=county,
        category=Event.Category.TRAINING,
        kind=Event.Kind.COURSE,
        starts_on=datetime.date(year - 1, 6, 18),
        place="县妇女儿童活动中心",
        hours=Decimal("8"),
        audiences=[audiences["城乡社区妇联主席"]],
    )
    batch.attend(e, _sample(rng, community_chairs, 0.8))
    e = batch.event(
        title=f"{year - 1}年度乡镇妇联执委外出考察",
        organiser=county,
        category=Event.Category.TRAINING,
        kind=Event.Kind.STUDY_TOUR,
        starts_on=datetime.date(year - 1, 10, 12),
        days=2,
        place="浙江省安吉县",
        hours=Decimal("12"),
        budget=Decimal("40000.00"),
        audiences=[audiences["执委"]],
    )
    batch.attend(e, township_chairs + pools[(Unit.Kind.TOWNSHIP, Cadre.Position.VICE_CHAIR)])

    # Each township's own trainings for its village and community cadres.
    for township in townships:
        grassroots = by_township[(township.pk, Unit.Kind.VILLAGE)] + by_township[(township.pk, Unit.Kind.COMMUNITY)]
        own = by_township[(township.pk, Unit.Kind.TOWNSHIP)]
        chairs = (
            chairs_by_township[(township.pk, Unit.Kind.VILLAGE)]
            + chairs_by_township[(township.pk, Unit.Kind.COMMUNITY)]
        )
        e = batch.event(
            title=f"{township.name}村（社区）妇女干部培训班",
            organiser=township,
            category=Event.Category.TRAINING,
            kind=Event.Kind.COURSE,
            starts_on=ctx.date_in_year(year),
            place=f"{township.name}党群服务中心",
            hours=Decimal("8"),
            budget=Decimal(rng.randint(20, 60) * 100),
            audiences=[audiences["村（社区）妇联主席"], audiences["执委"]],
        )
        batch.attend(e, _sample(rng, grassroots, 0.7), absent_rate=0.07)
        e = batch.event(
            title=f"{township.name}妇联执委会议（以会代训）",
            organiser=township,
            category=Event.Category.TRAINING,
            kind=Event.Kind.MEETING,
            starts_on=ctx.date_in_year(year),
            place=f"{township.name}人民政府会议室",
            hours=Decimal("3"),
            audiences=[audiences["执委"], audiences["村（社区）妇联主席"]],
        )
        batch.attend(e, list(dict.fromkeys(own + _sample(rng, chairs, 0.6))))
        e = batch.event(
            title=f"{township.name}巾帼骨干培训",
            organiser=township,
            category=Event.Category.TRAINING,
            kind=Event.Kind.CORE_MEMBERS,
            starts_on=ctx.date_in_year(year),
            place=f"{township.name}妇女之家",
            hours=Decimal("6"),
            audiences=[audiences["巾帼志愿者"], audiences["执委"]],
        )
        batch.attend(e, _sample(rng, grassroots, 0.5), absent_rate=0.05)
        e = batch.event(
            title=f"{township.name}{year - 1}年村级妇女干部培训班",
            organiser=township,
            category=Event.Category.TRAINING,
            kind=Event.Kind.COURSE,
            starts_on=ctx.date_in_year(year - 1),
            place=f"{township.name}党群服务中心",
            hours=Decimal("8"),
            audiences=[audiences["村（社区）妇联主席"]],
        )
        batch.attend(e, _sample(rng, grassroots, 0.6), absent_rate=0.07)

    # Activities: 巾帼文化大舞台 since March (the report's "50 多场"), and the federation's other services.
    march = datetime.date(year, 3, 1)
    span = max((today - march).days, 0)
    organisers = [county] + townships
    for number in range(CULTURE_STAGE_PER_SCALE * scale):
        organiser = county if number % 10 == 0 else rng.choice(townships)
        day = march + datetime.timedelta(days=rng.randint(0, span)) if today >= march else today
        theme = rng.choice(CULTURE_THEMES)
        batch.event(
            title=f"巾帼文化大舞台·{theme}",
            organiser=organiser,
            category=Event.Category.ACTIVITY,
            activity_kind=Event.ActivityKind.CULTURE_STAGE,
            starts_on=day,
            place=f"{organiser.name if organiser.kind == Unit.Kind.TOWNSHIP else '县'}文化广场",
            participant_count=rng.randint(60, 600),
            budget=Decimal(rng.randint(5, 50) * 100),
            audiences=[audiences["妇女群众"]],
        )
    for kind, title, per_scale in OTHER_ACTIVITIES:
        for _ in range(per_scale * scale):
            organiser = rng.choice(organisers)
            batch.event(
                title=title,
                organiser=organiser,
                category=Event.Category.ACTIVITY,
                activity_kind=kind,
                starts_on=ctx.date_in_year(year),
                participant_count=rng.randint(5, 120),
                budget=Decimal(rng.randint(10, 200) * 100),
                audiences=[audiences["妇女群众"]],
            )

    events, rows = batch.write()
    ctx.stdout.write(f"已创建：培训与活动 {events} 项，参训记录 {rows} 条。\n")
