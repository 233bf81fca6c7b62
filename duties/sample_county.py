"""The demo county's 执委履职: the county's 履职积分方案 for the year (base 60 and a few items to add or
subtract), and records for the 执委 of about half of the villages (and of the communities), linked to their
township's activities.

The records are written after every app's loader (a ``ctx.finishers`` step), once orgs has filled each
village's 执委会; they draw from a random source of their own, so the other loaders' draws (and every figure
the seed report pins) stay as they were. Everything is written in bulk with history.
"""

from __future__ import annotations

import random
from collections import defaultdict

from django.db.models import Q

from duties.models import DutyScheme, DutyScoreEntry, DutyScoreItem, ExecutiveDutyRecord, executive_posts
from orgs import sample_county_bulk
from orgs.models import Unit
from orgs.sample_county import DemoContext
from training.models import Attendance, Event

BASE_POINTS = 60
UNIT_SHARE = 0.5  # villages and communities whose 执委 have filled in their year
ITEMS = (  # (name, kind, points per time, how often a 执委 has it: chance, most times)
    ("组织开展妇女活动", DutyScoreItem.Kind.ADD, 5, 0.6, 4),
    ("参加县、乡镇妇联培训或会议", DutyScoreItem.Kind.ADD, 3, 0.7, 3),
    ("走访慰问困难妇女儿童", DutyScoreItem.Kind.ADD, 2, 0.5, 5),
    ("收集反映妇女群众诉求", DutyScoreItem.Kind.ADD, 2, 0.4, 4),
    ("获县级以上表彰", DutyScoreItem.Kind.ADD, 10, 0.05, 1),
    ("无故缺席妇联会议", DutyScoreItem.Kind.SUBTRACT, 3, 0.15, 2),
    ("联系妇女未达“1+10”要求", DutyScoreItem.Kind.SUBTRACT, 10, 0.0, 1),  # given when she keeps fewer than 10
)
OTHER_ACTIVITIES = (
    "协助村里开展“最美家庭”评选",
    "上门宣传“两癌”免费筛查",
    "参与村级矛盾纠纷调解",
    "组织妇女参加环境整治志愿服务",
    "帮助留守妇女对接来料加工",
    "",
    "",
)


def load(ctx: DemoContext) -> None:
    scheme = DutyScheme.objects.create(
        year=ctx.year, base_points=BASE_POINTS, notes="基础分60分，按履职情况加减分，最低0分。"
    )
    items = [
        DutyScoreItem.objects.create(scheme=scheme, name=name, kind=kind, points=points, sort_order=order)
        for order, (name, kind, points, _, _) in enumerate(ITEMS, start=1)
    ]
    seed_state = repr(ctx.rng.getstate())  # read, not drawn from: the other loaders' draws stay as they were
    ctx.finishers.append(lambda: _records(ctx, scheme, items, seed_state))


def _records(ctx: DemoContext, scheme: DutyScheme, items: list[DutyScoreItem], seed_state: str) -> None:
    rng = random.Random("duties" + seed_state)
    year = ctx.year
    posts = (
        executive_posts(ctx.today)
        .filter(organisation__unit__kind__in=(Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY))
        .order_by("organisation__unit_id", "pk")
        .values_list(
            "organisation__unit_id", "organisation__unit__kind", "organisation__unit__name", "cadre_id", "township_id"
        )
    )
    by_unit: dict[int, list[tuple[int, int]]] = defaultdict(list)
    order: dict[int, tuple] = {}
    for unit_id, kind, name, cadre_id, township_id in posts:
        by_unit[unit_id].append((cadre_id, township_id))
        order[unit_id] = (township_id, kind, name, unit_id)
    # The first unit of each township in the 执委履职 list's order has filled in, the others about half.
    units = sorted(by_unit, key=order.__getitem__)
    chosen = [
        unit
        for index, unit in enumerate(units)
        if index == 0 or order[units[index - 1]][0] != order[unit][0] or rng.random() < UNIT_SHARE
    ]

    # Each township's activities of the year, and the events each 执委 attended: what a record links to.
    activities: dict[int, list[int]] = defaultdict(list)
    for pk, township_id in Event.objects.filter(
        starts_on__year=year, category=Event.Category.ACTIVITY, township__isnull=False
    ).values_list("pk", "township_id"):
        activities[township_id].append(pk)
    cadres = {cadre for unit in chosen for cadre, _ in by_unit[unit]}
    attended: dict[int, list[int]] = defaultdict(list)
    for cadre_id, event_id in Attendance.objects.filter(
        Q(cadre_id__in=cadres), event__starts_on__year=year, status=Attendance.Status.ATTENDED
    ).values_list("cadre_id", "event_id"):
        attended[cadre_id].append(event_id)

    records: list[ExecutiveDutyRecord] = []
    links: list[tuple[int, list[int]]] = []
    entries: list[tuple[int, DutyScoreItem, int]] = []
    seen: set[int] = set()
    for unit in chosen:
        for cadre_id, township_id in by_unit[unit]:
            if cadre_id in seen or rng.random() < 0.1:  # a few 执委 of these villages have not filled in yet
                continue
            seen.add(cadre_id)
            women = rng.randint(10, 30) if rng.random() < 0.85 else rng.randint(3, 9)
            record = ExecutiveDutyRecord(
                cadre_id=cadre_id,
                year=year,
                women_in_touch=women,
                other_activities=rng.choice(OTHER_ACTIVITIES),
            )
            records.append(record)
            pool = activities.get(township_id, [])
            linked = rng.sample(pool, min(len(pool), rng.randint(0, 3))) + attended.get(cadre_id, [])[:2]
            links.append((len(records) - 1, list(dict.fromkeys(linked))))
            for item, (_, _, _, chance, most) in zip(items, ITEMS, strict=True):
                if item.name.startswith("联系妇女未达"):
                    if women < 10:
                        entries.append((len(records) - 1, item, 1))
                elif rng.random() < chance:
                    entries.append((len(records) - 1, item, rng.randint(1, most)))
    saved = sample_county_bulk.create(ExecutiveDutyRecord, records)
    through = ExecutiveDutyRecord.activities.through
    through.objects.bulk_create(
        [through(executivedutyrecord_id=saved[i].pk, event_id=e) for i, events in links for e in events],
        batch_size=2000,
    )
    sample_county_bulk.create(
        DutyScoreEntry, [DutyScoreEntry(record=saved[i], item=item, times=times) for i, item, times in entries]
    )
    ctx.stdout.write(
        f"已创建：{year}年度履职积分方案（基础分{scheme.base_points}分，{len(items)}个加减分项目），"
        f"执委履职记录 {len(saved)} 份（{len(chosen)} 个村、社区）。\n"
    )
