"""The demo county: a fictional county that reproduces the seed report's figures exactly.

At scale 1: 11 townships (town 1 is 萧江镇), 66 communities each with a 社区妇联 (40 chairs on the 两委,
26 communities whose 两委 has no woman), 600 villages each with a women's organisation, 30 county organs
with a 妇委会, 2 group members, 1613 enterprises with a party branch of which 13 had a women's organisation
before this year and 830 got one this year, 11 township chairs of whom 9 hold concurrent posts.
Their 班子 (会改联): most village and community 妇联 meet the default requirement, about one in seven does
not, and 6 of the 11 township 妇联 do (see ``_fill_leadership``).
``--scale N`` repeats the township pattern N times, so every figure is multiplied and every rate kept.
Everything is written in bulk (with history rows) so that the scaled county builds in minutes.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.utils import timezone
from stdnum.cn import ric

from orgs import idnumbers, roles, sample_county_bulk, sample_county_funds
from orgs.models import Cadre, Duty, Post, StaffProfile, TermElection, TransferRequest, Unit, WomenOrganisation
from orgs.pinyin import initials_of, person_initials_of

COUNTY_NAME = "清源县"
TOWNSHIPS = [
    "萧江镇",
    "水头镇",
    "鳌江镇",
    "昆阳镇",
    "万全镇",
    "腾蛟镇",
    "山门镇",
    "顺溪镇",
    "南雁镇",
    "麻步镇",
    "凤卧镇",
]
ORGANS = [
    "县委办公室",
    "县政府办公室",
    "县人大常委会办公室",
    "县政协办公室",
    "县纪委县监委机关",
    "县委组织部",
    "县委宣传部",
    "县委统战部",
    "县委政法委",
    "县发展和改革局",
    "县教育局",
    "县科学技术局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源和规划局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县农业农村局",
    "县水利局",
    "县商务局",
    "县文化和广电旅游体育局",
    "县卫生健康局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县人民医院",
    "县中医院",
]
GROUP_MEMBERS = ["县女企业家协会", "县家庭教育研究会"]
# Per township of the pattern: communities, villages, enterprises with a party branch, of those the
# ones with a women's organisation founded before this year and this year.
COMMUNITIES = [6] * 11
VILLAGES = [55] * 6 + [54] * 5
PARTY_ENTERPRISES = [147] * 7 + [146] * 4
OLD_ENTERPRISE_ORGS = [3, 2] + [1] * 8 + [0]
NEW_ENTERPRISE_ORGS = [76] * 5 + [75] * 6
ENTERPRISES_WITHOUT_PARTY = 15
SOCIAL_ORGS = 3
COMMUNITIES_WITHOUT_WOMAN = 26  # of 66
CHAIRS_WITHOUT_DUTIES = {3, 7}  # township indexes whose chair is full-time (9 of 11 hold concurrent posts)
OVERDUE_VILLAGES_PER_TOWNSHIP = 1
# 班子配备 (会改联): the share of village and community 妇联 short of the default requirement, and the
# townships of the pattern whose 妇联 meets it (6 of 11).
GRASSROOTS_SHORT_SHARE = 0.15
# Townships of the pattern short of reserve cadres: fewer than a fifth of their village and community
# organisations (a finding of the report).
TOWNSHIPS_SHORT_OF_RESERVES = {8, 9, 10}
TOWNSHIPS_WITH_FULL_LEADERSHIP = {0, 1, 2, 4, 6, 9}
REGION_CODE = "330326"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢"
    "姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
GIVEN = "秀英桂芳玉兰春梅丽萍红霞燕娟敏静婷雪慧琴云华珍凤素洁月颖晓彩莉爱亚琳婉倩美淑惠丹青宁"
PLACE_A = "东西南北上下前后新老大小石金银竹松柏桃李杏梅兰溪河江湖山岭岗坑塘林田桥湾洋"
PLACE_B = "家山岭坑头垟溪岙湾塘桥田口庄墩后前沿浦"
BUSINESS_A = "瑞丰恒达华宏鑫源永盛天成金利顺安嘉禾宏业博远信诚新宇联创欣荣宏泰万隆众鑫"
INDUSTRIES = [
    "印刷",
    "塑业",
    "包装",
    "服饰",
    "鞋业",
    "纸业",
    "机械",
    "电子",
    "食品",
    "建材",
    "五金",
    "制革",
    "家居",
    "物流",
    "科技",
]


@dataclass
class DemoContext:
    """What every app's demo loader gets: the random source, 'this year', the scale and an output."""

    year: int
    today: datetime.date
    scale: int
    rng: random.Random
    stdout: TextIO
    password: str
    notes: list[str] = field(default_factory=list)
    # Steps a loader defers until every app's loader has run (load_demo runs them in order).
    finishers: list[Callable[[], None]] = field(default_factory=list)

    def date_in_year(self, year: int, *, not_after: datetime.date | None = None) -> datetime.date:
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), not_after or self.today)
        if end < start:
            return start
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))


class _People:
    """Deterministic women's names and valid, unique 身份证号, drawn from ``rng`` (the context's by default)."""

    def __init__(self, ctx: DemoContext, rng: random.Random | None = None, used: set[str] | None = None) -> None:
        self.ctx = ctx
        self.rng = rng or ctx.rng
        self.used: set[str] = set() if used is None else used

    def drawing_from(self, rng: random.Random) -> _People:
        """The same people (no 身份证号 twice) drawn from another random source."""
        return _People(self.ctx, rng, self.used)

    def name(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(SURNAMES) + given

    def id_number(self, birth: datetime.date) -> str:
        while True:
            order = self.rng.randrange(0, 500) * 2  # even 17th digit: a woman
            body = f"{REGION_CODE}{birth:%Y%m%d}{order:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used:
                self.used.add(number)
                return number

    def birth_date(self, min_age: int, max_age: int) -> datetime.date:
        age_days = self.rng.randint(min_age * 365, max_age * 365)
        return self.ctx.today - datetime.timedelta(days=age_days)


def _unique_names(rng: random.Random, count: int, make, taken: set[str] | None = None) -> list[str]:
    taken = set(taken or ())
    names: list[str] = []
    while len(names) < count:
        candidate = make()
        if candidate not in taken:
            taken.add(candidate)
            names.append(candidate)
    return names


def _township_names(scale: int, rng: random.Random) -> list[str]:
    names = list(TOWNSHIPS)
    if scale > 1:
        names += _unique_names(
            rng, 11 * (scale - 1), lambda: rng.choice(PLACE_A) + rng.choice(PLACE_B) + rng.choice("镇乡"), set(names)
        )
    return names


def _new_unit(name: str, kind: str, parent: Unit | None, **extra) -> Unit:
    # The township key is derived when the rows are written (sample_county_bulk.create, orgs.ownership).
    return Unit(name=name, kind=kind, parent=parent, name_initials=initials_of(name), **extra)


def load(ctx: DemoContext) -> None:
    rng = ctx.rng
    people = _People(ctx)
    # A reset flushes the rows migrations created: the standard duties come back here, the groups
    # with the post_migrate signal that flush sends.
    duties = {name: Duty.objects.get_or_create(name=name)[0] for name in Duty.STANDARD}

    county = Unit.objects.create(name=COUNTY_NAME, kind=Unit.Kind.COUNTY)
    townships = [_new_unit(name, Unit.Kind.TOWNSHIP, county) for name in _township_names(ctx.scale, rng)]
    sample_county_bulk.create(Unit, townships)

    organs = [_new_unit(n, Unit.Kind.ORGAN, county) for n in _scaled(ORGANS, ctx.scale)]
    members = [_new_unit(n, Unit.Kind.GROUP_MEMBER, county) for n in _scaled(GROUP_MEMBERS, ctx.scale)]
    sample_county_bulk.create(Unit, organs + members)

    # Units below each township, following the seed's pattern township by township.
    units: list[Unit] = []
    community_slots = list(range(66))
    rng.shuffle(community_slots)
    no_woman_slots = set(community_slots[:COMMUNITIES_WITHOUT_WOMAN])
    community_counter = 0
    for index, township in enumerate(townships):
        p = index % 11
        taken: set[str] = set()
        communities = _unique_names(
            rng,
            COMMUNITIES[p] - (2 if index == 0 else 0),
            lambda: rng.choice(PLACE_A) + rng.choice(PLACE_B) + "社区",
            {"桃源社区", "沿河社区"},
        )
        if index == 0:
            communities = ["桃源社区", "沿河社区"] + communities
        taken.update(communities)
        villages = _unique_names(rng, VILLAGES[p], lambda: rng.choice(PLACE_A) + rng.choice(PLACE_B) + "村", taken)
        enterprise_names = _unique_names(
            rng,
            PARTY_ENTERPRISES[p] + ENTERPRISES_WITHOUT_PARTY - (1 if index == 0 else 0),
            lambda first=township.name[:1]: (
                rng.choice(first + PLACE_A)
                + rng.choice(BUSINESS_A)
                + rng.choice(BUSINESS_A)
                + rng.choice(INDUSTRIES)
                + "有限公司"
            ),
            {"立天控股集团"},
        )
        if index == 0:
            enterprise_names = ["立天控股集团"] + enterprise_names
        social_names = [f"{township.name}{kind}" for kind in ("志愿者协会", "老年协会", "慈善分会")][:SOCIAL_ORGS]
        for name in communities:
            woman = (community_counter % 66) not in no_woman_slots
            community_counter += 1
            units.append(_new_unit(name, Unit.Kind.COMMUNITY, township, woman_on_committees=woman))
        for name in villages:
            units.append(_new_unit(name, Unit.Kind.VILLAGE, township, woman_on_committees=rng.random() < 0.8))
        for i, name in enumerate(enterprise_names):
            with_party = i < PARTY_ENTERPRISES[p]
            employees = rng.randint(12, 1200) if name != "立天控股集团" else 2600
            units.append(
                _new_unit(
                    name,
                    Unit.Kind.ENTERPRISE,
                    township,
                    party_organisation=(
                        (Unit.PartyOrganisation.OWN if rng.random() < 0.55 else Unit.PartyOrganisation.JOINT)
                        if with_party
                        else Unit.PartyOrganisation.NONE
                    ),
                    employees=employees,
                    women_employees=int(employees * rng.uniform(0.15, 0.7)),
                    has_women_workers_committee=employees > 300,
                )
            )
        for name in social_names:
            units.append(_new_unit(name, Unit.Kind.SOCIAL_ORG, township, employees=rng.randint(3, 30)))
    sample_county_bulk.create(Unit, units)

    _organisations_and_cadres(ctx, townships + organs + members + units, townships, people, duties)
    _users(ctx, townships)
    _transfer_requests(townships)
    sample_county_funds.load(ctx, county, townships)
    ctx.stdout.write(
        f"已创建：乡镇 {len(townships)} 个，基层单位 {Unit.objects.count()} 个，妇女组织 "
        f"{WomenOrganisation.objects.count()} 个，妇女干部 {Cadre.objects.count()} 人。\n"
    )


def _scaled(names: list[str], scale: int) -> list[str]:
    if scale == 1:
        return list(names)
    return [f"{name}（{n + 1}）" if n else name for n in range(scale) for name in names]


def _organisations_and_cadres(ctx, units: list[Unit], townships, people, duties) -> None:
    """Women's organisations, their cadres and posts, and the 换届 record, for ``units`` (in pk order).

    Everything is drawn first and written at the end, so each row goes in once, complete."""
    rng = ctx.rng
    year = ctx.year
    this_year_start = datetime.date(year, 1, 1)
    orgs: list[WomenOrganisation] = []
    old_enterprise_quota: dict[int, int] = {}
    new_enterprise_quota: dict[int, int] = {}
    township_index = {t.pk: i for i, t in enumerate(townships)}
    for t in townships:
        p = township_index[t.pk] % 11
        old_enterprise_quota[t.pk] = OLD_ENTERPRISE_ORGS[p]
        new_enterprise_quota[t.pk] = NEW_ENTERPRISE_ORGS[p]
    for unit in units:
        established = None
        form = WomenOrganisation.Form.FEDERATION
        formation = WomenOrganisation.Formation.SINGLE
        status = WomenOrganisation.Status.OPERATING
        name_suffix = "妇联"
        if unit.kind == Unit.Kind.TOWNSHIP:
            established = datetime.date(rng.randint(1985, 1995), 3, 8)
        elif unit.kind in (Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE):
            established = datetime.date(year - rng.randint(3, 12), rng.randint(1, 12), rng.randint(1, 28))
        elif unit.kind == Unit.Kind.ORGAN:
            form, name_suffix = WomenOrganisation.Form.COMMITTEE, "妇委会"
            established = datetime.date(year - rng.randint(2, 15), rng.randint(1, 12), rng.randint(1, 28))
        elif unit.kind == Unit.Kind.ENTERPRISE and unit.party_organisation != Unit.PartyOrganisation.NONE:
            # Units come in creation order, so 立天控股集团 (first in 萧江镇) is one of the older ones.
            if old_enterprise_quota[unit.township_id] > 0:
                old_enterprise_quota[unit.township_id] -= 1
                established = datetime.date(year - rng.randint(1, 4), rng.randint(1, 12), rng.randint(1, 28))
            elif new_enterprise_quota[unit.township_id] > 0:
                new_enterprise_quota[unit.township_id] -= 1
                established = ctx.date_in_year(year)
            if established is not None:
                if unit.party_organisation == Unit.PartyOrganisation.JOINT:
                    formation = WomenOrganisation.Formation.JOINT
                if rng.random() < 0.045 and unit.name != "立天控股集团":
                    status = WomenOrganisation.Status.NOMINAL
        if established is None:
            continue
        orgs.append(
            WomenOrganisation(
                unit=unit,
                name=unit.name + name_suffix,
                form=form,
                formation=formation,
                status=status,
                established_on=established,
                term_years=5,
                next_election_due=TermElection.due_date(established, 5),
                has_womens_home=unit.kind in (Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE),
                womens_home_area=(
                    rng.randint(30, 200) if unit.kind in (Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE) else None
                ),
            )
        )
    sample_county_bulk.allocate_ids(WomenOrganisation, orgs)
    draw, starts, village_chairs = _cadres(ctx, orgs, townships, people, this_year_start)
    elections = _term_elections(ctx, orgs)
    sample_county_bulk.create(WomenOrganisation, orgs)
    draw.write(duties)
    sample_county_bulk.create(TermElection, elections)
    # The rest of each 班子 is drawn after the other apps' loaders; only what it needs is kept until then.
    led = [org for org in orgs if org.unit.kind in (Unit.Kind.TOWNSHIP, Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE)]
    starts = {org.pk: starts[org.pk] for org in led}
    more_chairs = {township_id: chairs[5:] for township_id, chairs in village_chairs.items()}
    seed_state = repr(ctx.rng.getstate())
    ctx.finishers.append(lambda: _fill_leadership(ctx, led, townships, people, starts, more_chairs, duties, seed_state))


class _CadreDraw:
    """Cadres and their posts drawn (not yet written) from one source of people."""

    # Drawn once: the choices and their cumulative weights (rng.choices gives the same draws as with
    # weights=), rather than per cadre.
    POLITICAL_STATUSES = list(Cadre.PoliticalStatus.values)
    POLITICAL_WEIGHTS = list(itertools.accumulate([55, 4, 6, 2, 33]))
    EDUCATIONS = list(Cadre.Education.values)
    EDUCATION_WEIGHTS = list(itertools.accumulate([3, 25, 32, 25, 15]))
    MINORITIES = ["畲族", "回族", "苗族"]

    def __init__(self, people: _People) -> None:
        self.people = people
        self.fernet = idnumbers.fernet()  # the encryption key, read once
        self.cadres: list[Cadre] = []
        self.posts: list[tuple[Cadre, WomenOrganisation, str, dict]] = []  # (cadre, org, position, extra)

    def person(self, unit: Unit, min_age=26, max_age=60, reserve_rate=0.0) -> Cadre:
        people, rng = self.people, self.people.rng
        birth = people.birth_date(min_age, max_age)
        number = people.id_number(birth)
        name = people.name()
        cadre = Cadre(
            unit=unit,
            name=name,
            sex=Cadre.Sex.FEMALE,
            birth_date=birth,
            ethnicity="汉族" if rng.random() < 0.97 else rng.choice(self.MINORITIES),
            political_status=rng.choices(self.POLITICAL_STATUSES, cum_weights=self.POLITICAL_WEIGHTS)[0],
            education=rng.choices(self.EDUCATIONS, cum_weights=self.EDUCATION_WEIGHTS)[0],
            phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            is_reserve=rng.random() < reserve_rate,
            # The number is valid and normalised by construction: encrypt it as idnumbers.encrypt does.
            id_number_encrypted=self.fernet.encrypt(number.encode()).decode(),
            id_number_hash=idnumbers.lookup_hash(number),
            id_number_masked=idnumbers.mask(number),
            name_initials=person_initials_of(name),
        )
        self.cadres.append(cadre)
        return cadre

    def post(self, cadre: Cadre, org: WomenOrganisation, position: str, **extra) -> None:
        self.posts.append((cadre, org, position, extra))

    def write(self, duties: dict[str, Duty]) -> None:
        sample_county_bulk.allocate_ids(Cadre, self.cadres)
        post_rows = [
            Post(
                cadre_id=cadre.pk,
                organisation=org,
                position=position,
                started_on=extra.get("started_on"),
                is_full_time=extra.get("is_full_time", False),
                on_committee=extra.get("on_committee", False),
            )
            for cadre, org, position, extra in self.posts
        ]
        sample_county_bulk.allocate_ids(Post, post_rows)
        through = Post.concurrent_duties.through
        links = [
            through(post_id=post.pk, duty_id=duties[name].pk)
            for post, (_, _, _, extra) in zip(post_rows, self.posts, strict=True)
            for name in extra.get("duties", [])
        ]
        sample_county_bulk.create(Cadre, self.cadres)
        sample_county_bulk.create(Post, post_rows)
        through.objects.bulk_create(links, batch_size=2000)


def _cadres(ctx, orgs, townships, people, this_year_start) -> tuple[_CadreDraw, dict, dict[int, list[Cadre]]]:
    """The cadres of every organisation and their posts (drawn, not yet written); also each organisation's
    start of term and each township's village chairs, from which ``_fill_leadership`` goes on."""
    rng = ctx.rng
    year = ctx.year
    township_index = {t.pk: i for i, t in enumerate(townships)}
    draw = _CadreDraw(people)
    person, post = draw.person, draw.post

    village_chairs_by_township: dict[int, list[Cadre]] = {}
    starts: dict[int, datetime.date] = {}
    for org in orgs:
        unit = org.unit
        t_index = township_index.get(unit.township_id, 0)
        reserve_rate = 0.02 if t_index % 11 in TOWNSHIPS_SHORT_OF_RESERVES else 0.12
        start = (
            org.established_on
            if org.established_on >= this_year_start
            else datetime.date(year - rng.randint(1, 4), rng.randint(1, 12), 1)
        )
        starts[org.pk] = start
        if unit.kind == Unit.Kind.TOWNSHIP:
            chair = person(unit, 35, 52)
            has_duties = (t_index % 11) not in CHAIRS_WITHOUT_DUTIES
            post(
                chair,
                org,
                Cadre.Position.CHAIR,
                is_full_time=not has_duties,
                started_on=start,
                duties=rng.sample(["出纳", "文化", "组织", "宣传", "统计"], k=rng.randint(1, 3)) if has_duties else [],
            )
            for _ in range(2):
                post(person(unit, 30, 50, reserve_rate), org, Cadre.Position.VICE_CHAIR, started_on=start)
        elif unit.kind == Unit.Kind.COMMUNITY:
            chair = person(unit, 28, 55)
            post(chair, org, Cadre.Position.CHAIR, on_committee=unit.woman_on_committees, started_on=start)
            post(person(unit, 26, 50, reserve_rate), org, Cadre.Position.VICE_CHAIR, started_on=start)
            for _ in range(3):
                post(person(unit, 24, 58, reserve_rate), org, Cadre.Position.EXECUTIVE, started_on=start)
        elif unit.kind == Unit.Kind.VILLAGE:
            chair = person(unit, 30, 60)
            village_chairs_by_township.setdefault(unit.township_id, []).append(chair)
            post(chair, org, Cadre.Position.CHAIR, on_committee=rng.random() < 0.7, started_on=start)
            post(person(unit, 26, 55, reserve_rate), org, Cadre.Position.VICE_CHAIR, started_on=start)
            for _ in range(2):
                post(person(unit, 24, 62, reserve_rate), org, Cadre.Position.EXECUTIVE, started_on=start)
        elif unit.kind == Unit.Kind.ORGAN:
            post(person(unit, 32, 55), org, Cadre.Position.COMMITTEE_DIRECTOR, started_on=start)
            post(person(unit, 28, 50, 0.15), org, Cadre.Position.EXECUTIVE, started_on=start)
        else:
            post(person(unit, 25, 55), org, Cadre.Position.CHAIR, started_on=start)
            post(person(unit, 24, 50, reserve_rate), org, Cadre.Position.VICE_CHAIR, started_on=start)

    # Five village chairs per township also sit on the township 妇联 as executive members.
    township_orgs = {o.unit_id: o for o in orgs if o.unit.kind == Unit.Kind.TOWNSHIP}
    for township_id, chairs in village_chairs_by_township.items():
        for chair in chairs[:5]:
            post(
                chair,
                township_orgs[township_id],
                Cadre.Position.EXECUTIVE,
                started_on=this_year_start.replace(year=year - 2),
            )
    return draw, starts, village_chairs_by_township


def _fill_leadership(ctx, orgs, townships, people, starts, more_chairs, duties, seed_state: str) -> None:
    """The rest of each 班子 (会改联, measured against orgs.LeadershipRule's defaults): most village and
    community 妇联 get their second 兼职副主席 and 15 to 17 members of the 执委会, the others fall short of one
    or both; the township 妇联 of TOWNSHIPS_WITH_FULL_LEADERSHIP get a third (full-time) 副主席 and 25 to 28
    members (village chairs, two of them 常委), the others fewer. ``more_chairs``: each township's village
    chairs not yet on its 执委会.

    It runs after every app's loader (a ``ctx.finishers`` step) and draws from a random source of its own,
    seeded with the main one's state when it was planned: the training record and the 示范点 are drawn from
    the seed's cadres as before, and every figure the seed report pins stays as it was."""
    rng = random.Random(seed_state)
    draw = _CadreDraw(people.drawing_from(rng))
    township_index = {t.pk: i for i, t in enumerate(townships)}
    executive, vice_chair, standing = Cadre.Position.EXECUTIVE, Cadre.Position.VICE_CHAIR, Cadre.Position.STANDING
    # Members of the 执委会 the main draw gave each kind: chair, vice chair(s), executives.
    drawn = {Unit.Kind.VILLAGE: 4, Unit.Kind.COMMUNITY: 5, Unit.Kind.TOWNSHIP: 8}
    for org in orgs:
        kind, unit, start = org.unit.kind, org.unit, starts[org.pk]
        # The new members of the townships short of reserve cadres are not in the talent pool (yet).
        reserves = 0.0 if township_index.get(unit.township_id, 0) % 11 in TOWNSHIPS_SHORT_OF_RESERVES else 0.1
        if kind in (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY):
            lacks = rng.choice(("vice_chair", "members", "both")) if rng.random() < GRASSROOTS_SHORT_SHARE else ""
            members = rng.randint(10, 14) if lacks in ("members", "both") else rng.randint(15, 17)
            if lacks not in ("vice_chair", "both"):
                draw.post(draw.person(unit, 26, 55, reserves), org, vice_chair, started_on=start)
                members -= 1
            for _ in range(members - drawn[kind]):
                draw.post(draw.person(unit, 24, 62, reserves), org, executive, started_on=start)
        elif kind == Unit.Kind.TOWNSHIP:
            complete = township_index[unit.pk] % 11 in TOWNSHIPS_WITH_FULL_LEADERSHIP
            members = rng.randint(25, 28) if complete else rng.randint(18, 23)
            if complete:
                draw.post(draw.person(unit, 30, 50, reserves), org, vice_chair, started_on=start, is_full_time=True)
                members -= 1
            # More of the township's village chairs join its 执委会, after the five drawn before.
            for number, chair in enumerate(more_chairs[unit.pk][: members - drawn[kind]]):
                draw.post(chair, org, standing if number < 2 else executive, started_on=start)
    draw.write(duties)


def _term_elections(ctx, orgs) -> list[TermElection]:
    """Most township, community, village and organ organisations held their last 换届 within the term;
    one village per township and two communities of the county are overdue. The organisations (not yet
    written) get the next due date of their last election."""
    rng = ctx.rng
    year = ctx.year
    elections: list[TermElection] = []
    overdue_communities = 0
    overdue_villages: dict[int, int] = {}
    for org in orgs:
        kind = org.unit.kind
        if kind not in (Unit.Kind.TOWNSHIP, Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE, Unit.Kind.ORGAN):
            continue
        overdue = False
        township_id = org.unit.township_id  # the organisations are not written (nor given their key) yet
        if kind == Unit.Kind.VILLAGE and overdue_villages.get(township_id, 0) < OVERDUE_VILLAGES_PER_TOWNSHIP:
            overdue_villages[township_id] = overdue_villages.get(township_id, 0) + 1
            overdue = True
        elif kind == Unit.Kind.COMMUNITY and overdue_communities < 2 * ctx.scale and rng.random() < 0.1:
            overdue_communities += 1
            overdue = True
        held_year = year - rng.randint(6, 7) if overdue else year - rng.randint(0, 4)
        held_on = datetime.date(held_year, rng.randint(1, 12), rng.randint(1, 28))
        if held_on > ctx.today:
            held_on = ctx.today - datetime.timedelta(days=rng.randint(1, 60))
        authority = (
            TermElection.Authority.ORGANISATION_DEPARTMENT
            if kind in (Unit.Kind.ORGAN, Unit.Kind.TOWNSHIP)
            else TermElection.Authority.PARTY_COMMITTEE
        )
        filed = rng.random() < 0.95
        elections.append(
            TermElection(
                organisation=org,
                held_on=held_on,
                term_years=5,
                next_due_on=TermElection.due_date(held_on, 5),
                filed_with=authority if filed else "",
                filed_on=held_on + datetime.timedelta(days=7) if filed else None,
                approved_by=authority if filed else "",
                approved_on=held_on + datetime.timedelta(days=20) if filed else None,
            )
        )
    due = {e.organisation_id: e.next_due_on for e in elections}
    for org in orgs:
        if org.pk in due:
            org.next_election_due = due[org.pk]
    return elections


def _transfer_requests(townships) -> None:
    """调动申请 waiting for the county: 萧江镇 and the second township each ask for a woman registered in the
    third (married into one of their villages), and 萧江镇 has one the county did not approve."""
    if len(townships) < 3:
        return
    county_user = User.objects.get(username="county")
    elsewhere = list(Cadre.objects.filter(township=townships[2]).order_by("pk")[:3])
    asked = [(townships[0], elsewhere[0], "婚嫁迁入本村，本人申请在本村妇联任职", None)]
    asked.append((townships[1], elsewhere[1], "随家庭迁居，已在本社区居住", None))
    asked.append((townships[0], elsewhere[2], "拟任本村妇联执委", "经核实，本人仍在原村任职，暂不调动。"))
    for township, cadre, reason, refusal in asked:
        to_unit = Unit.objects.filter(parent=township, kind=Unit.Kind.VILLAGE).order_by("pk").first() or township
        requester = User.objects.get(staff_profile__township=township)
        TransferRequest.objects.create(
            to_unit=to_unit,
            cadre=cadre,
            origin_township_id=cadre.township_id,
            given_name=cadre.name,
            id_number_masked=cadre.id_number_masked,
            reason=reason,
            requested_by=requester,
            status=TransferRequest.Status.REFUSED if refusal else TransferRequest.Status.PENDING,
            decided_by=county_user if refusal else None,
            decided_at=timezone.now() if refusal else None,
            decision_note=refusal or "",
        )


def _users(ctx, townships) -> None:
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL_ROLES}
    # The demo accounts share one password: hash it once (a PBKDF2 run costs ~0.2 s of CPU).
    hashed_password = make_password(ctx.password)

    def account(username: str, role: str, last_name: str, first_name: str, township: Unit | None = None) -> None:
        user = User.objects.create(
            username=username,
            password=hashed_password,
            is_staff=True,
            last_name=last_name,
            first_name=first_name,
            is_superuser=role == roles.ADMIN,
        )
        user.groups.add(groups[role])
        StaffProfile.objects.create(user=user, township=township)

    account("admin", roles.ADMIN, "系统", "管理员")
    account("county", roles.COUNTY_STAFF, "县妇联", "工作人员")
    account("leader", roles.LEADER, "县妇联", "领导")
    for number, township in enumerate(townships[:11], start=1):
        account(f"town{number:02d}", roles.TOWNSHIP_STAFF, township.name, "妇联填报员", township)
