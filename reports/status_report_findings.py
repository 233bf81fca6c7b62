"""存在的主要问题 and 下步工作打算 of the 情况汇报, found in the data.

Each finding is a shortfall the figures show (26 communities without a woman on the 两委, chairs with
concurrent posts, organisations overdue for their term election …) together with what the federation
proposes to do about it, so that problem (二) of the report is answered by proposal (二), point by point.
A shortfall the data does not show gives no finding: a county with every community's 两委 holding a woman
is not told to get women onto them. Pure: figures in (``FigureTable``), findings out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.indicators.catalogue import dimension_values
from reports.indicators.figures import FigureTable
from reports.status_report_wording import change, percent

# A township is short of reserve cadres with fewer than one per five village and community organisations.
RESERVE_PER_GRASSROOTS_ORGANISATION = 0.2
RESERVE_SHARE_WORDS = {0.2: "五分之一"}


@dataclass(frozen=True)
class Finding:
    problem: str  # a clause of 存在的主要问题, without the final full stop
    proposal: str  # the matching clause of 下步工作打算


@dataclass
class Theme:
    """One numbered point of both sections: the problem's heading, the proposal's heading, the findings."""

    problem_heading: str
    proposal_heading: str
    findings: list[Finding] = field(default_factory=list)


def reserve_shortages(table: FigureTable) -> list[dict]:
    """Townships with fewer reserve cadres than one per five village and community organisations."""
    short = []
    for row in table.township_rows:
        grassroots = table.value("villages_established", row) + table.value("communities_established", row)
        reserves = table.value("reserves", row)
        if grassroots and reserves < grassroots * RESERVE_PER_GRASSROOTS_ORGANISATION:
            short.append({"name": row.name, "reserves": reserves, "grassroots": grassroots})
    return short


def findings(
    *, table: FigureTable, previous: FigureTable | None, data: dict, area: str, county: bool, this_year: str
) -> list[Theme]:
    """The themes with at least one finding, in the report's order."""
    v = table.value
    themes = [
        _new_organisations(v, previous, area),
        _grassroots(v, area),
        _cadres(table, data, area, county, this_year),
        _elections(table, area, county, this_year),
        _demo_sites(v, data, area),
    ]
    return [theme for theme in themes if theme.findings]


def _new_organisations(v, previous, area: str) -> Theme:
    theme = Theme("两新妇女组织组建仍有难度。", "依托党建优势，扩大组织覆盖。")
    enterprises = v("enterprises") - v("enterprises_established")
    social = v("social_orgs") - v("social_orgs_established")
    missing = enterprises + social
    if missing:
        yoy = change(v("new_orgs_rate"), previous.value("new_orgs_rate") if previous is not None else None)
        parts = [f"{enterprises}家有党组织的非公企业"] if enterprises else []
        parts += [f"{social}个有党组织的社会组织"] if social else []
        theme.findings.append(
            Finding(
                f"虽然{area}两新组织妇女组织组建率（非公企业与社会组织合计）已达{percent(v('new_orgs_rate'))}{yoy}，"
                f"但仍有{'、'.join(parts)}未建立妇女组织" + (f"，共{missing}个" if len(parts) > 1 else ""),
                "坚持党建带妇建，做到两新妇女组织建设与两新党建工作一同研究、一同推进、一同落实，"
                f"对尚未建立妇女组织的{'、'.join(parts)}逐一摸底，成熟一个、组建一个",
            )
        )
    return theme


def _grassroots(v, area: str) -> Theme:
    theme = Theme("城乡社区妇女组织建设仍需进一步完善。", "配强班子阵地，夯实基层基础。")
    gaps = [
        (v("communities") - v("communities_established"), "个社区"),
        (v("villages") - v("villages_established"), "个村"),
    ]
    gaps = [f"{n}{label}" for n, label in gaps if n > 0]
    if gaps:
        theme.findings.append(
            Finding(
                f"尚有{'、'.join(gaps)}未建立妇女组织",
                f"督促{'、'.join(gaps)}尽快建立妇女组织，实现村、社区妇女组织全覆盖",
            )
        )
    communities, on_committee, without = (
        v("communities"),
        v("community_chairs_on_committee"),
        v("communities_without_woman"),
    )
    villages_without = v("villages") - v("villages_with_woman")
    if communities and (without or on_committee < communities):
        problem = (
            f"在{area}{communities}个城乡社区中，仅{on_committee}个社区妇联主席是社区两委班子成员"
            f"（{percent(v('community_chairs_on_committee_rate'))}）"
        )
        proposal = "积极争取组织部门支持，推动符合条件的社区妇联主席进入社区两委班子"
        if without:
            problem += f"，有{without}个社区两委班子成员中未配有女干部，妇联工作只能由一般工作人员兼任"
            proposal = (
                f"积极争取组织部门支持，推动在社区换届中配强女性委员，使{without}个两委班子中尚无女干部的社区"
                "至少配备一名女性委员，并推动符合条件的社区妇联主席进入社区两委班子"
            )
        if villages_without > 0:
            problem += f"，另有{villages_without}个村两委班子中没有女性成员"
            proposal += f"，在村级换届中同步推动{villages_without}个两委无女性成员的村配齐女委员"
        theme.findings.append(Finding(problem, proposal))
    homes = [
        (v("villages") - v("womens_homes_villages"), "个村"),
        (v("communities") - v("womens_homes_communities"), "个社区"),
    ]
    homes = [f"{n}{label}" for n, label in homes if n > 0]
    if homes:
        theme.findings.append(
            Finding(
                f"“妇女之家”阵地建设仍有空白，尚有{'、'.join(homes)}未建成“妇女之家”",
                f"加快“妇女之家”阵地建设，依托党群服务中心等场所，推动{'、'.join(homes)}建成并挂牌“妇女之家”",
            )
        )
    nominal = [(label, v("nominal", dimension_value=kind)) for kind, label in dimension_values("unit_kind")]
    nominal = [f"{label}{n}个" for label, n in nominal if n]
    if nominal:
        theme.findings.append(
            Finding(
                f"已建妇女组织中有空挂组织{v('nominal')}个（{'、'.join(nominal)}），有名无实，作用难以发挥",
                f"对{v('nominal')}个空挂组织逐一排查，通过调整充实班子、落实活动阵地等办法分类激活",
            )
        )
    incomplete = v("leadership_with_rule") - v("leadership_complete")
    if incomplete > 0:
        theme.findings.append(
            Finding(
                f"按“会改联”班子配备要求，尚有{incomplete}个妇女组织班子配备不齐",
                f"对照“会改联”要求，为{incomplete}个班子配备不齐的妇女组织补齐配强副主席和执委",
            )
        )
    return theme


def _cadres(table: FigureTable, data: dict, area: str, county: bool, this_year: str) -> Theme:
    v = table.value
    theme = Theme("基层妇女干部队伍仍需进一步强化。", "强化素质培训，建强干部队伍。")
    with_duties = v("township_chairs_with_duties")
    if with_duties:
        duties = "、".join(data["chair_duties"][:3])
        work = f"从事{duties}等工作" if duties else "其他工作"
        if v("township_chairs") > 1:
            problem = f"乡镇妇联主席兼职过多，{area}{v('township_chairs')}名乡镇妇联主席中有{with_duties}名兼职{work}"
            who = f"{with_duties}名兼职的乡镇妇联主席"
        else:
            problem = f"{area}妇联主席兼职{work}，任务繁重，难以集中精力抓妇女工作"
            who = f"{area}妇联主席"
        theme.findings.append(
            Finding(
                problem,
                f"积极争取党委支持，明确乡镇妇联主席主责主业，逐步减轻{who}承担的{duties or '其他'}等事务性工作",
            )
        )
    shortages = reserve_shortages(table)
    share = RESERVE_SHARE_WORDS.get(RESERVE_PER_GRASSROOTS_ORGANISATION, percent(RESERVE_PER_GRASSROOTS_ORGANISATION))
    if shortages and county:
        names = "、".join(s["name"] for s in shortages)
        counts = "、".join(str(s["reserves"]) for s in shortages)
        theme.findings.append(
            Finding(
                f"妇女后备干部队伍薄弱，{area}共有后备干部{v('reserves')}人，其中{names}"
                f"{'分别仅有' if len(shortages) > 1 else '仅有'}{counts}人，不足村（社区）妇女组织数的{share}",
                f"建立完善女干部人才库，督促{names}按不少于村（社区）妇女组织数{share}的要求充实后备干部",
            )
        )
    elif shortages:
        theme.findings.append(
            Finding(
                f"妇女后备干部队伍薄弱，{area}仅有后备干部{v('reserves')}人，不足村（社区）妇女组织数的{share}",
                f"建立完善女干部人才库，按不少于村（社区）妇女组织数{share}的要求充实后备干部",
            )
        )
    untrained = v("chairs") - v("chairs_trained")
    if untrained > 0:
        theme.findings.append(
            Finding(
                f"{this_year}尚有{untrained}名主席（主任）未参加培训，参训率为{percent(v('chairs_trained_rate'))}",
                f"把未参训的{untrained}名主席（主任）列为下年度培训重点，通过集中培训、以会代训等形式实现全员轮训",
            )
        )
    return theme


def _elections(table: FigureTable, area: str, county: bool, this_year: str) -> Theme:
    v = table.value
    theme = Theme("换届工作仍需进一步抓紧。", "规范换届程序，按期完成换届。")
    overdue = v("elections_overdue")
    if overdue:
        townships = sum(1 for row in table.township_rows if table.value("elections_overdue", row))
        spread = f"，涉及{townships}个乡镇" if county and townships > 1 else ""
        theme.findings.append(
            Finding(
                f"{area}有{overdue}个基层妇女组织逾期未换届{spread}",
                f"督促{overdue}个逾期未换届的基层妇女组织尽快依法依章完成换届",
            )
        )
    unfiled = v("elections_held") - v("elections_filed")
    if unfiled > 0:
        theme.findings.append(
            Finding(
                f"{this_year}已换届的{v('elections_held')}个组织中，尚有{unfiled}个未向组织部门备案",
                f"及时将{unfiled}个组织的换届人选报组织部门备案",
            )
        )
    return theme


def _demo_sites(v, data: dict, area: str) -> Theme:
    theme = Theme("示范创建工作仍需进一步推进。", "加快验收进度，发挥示范作用。")
    awaiting, rectifying = v("awaiting"), v("rectifying")
    if awaiting:
        theme.findings.append(
            Finding(
                f"{area}尚有{awaiting}个示范点申报待验收",
                f"抓紧对{awaiting}个申报单位组织实地查看和查阅资料，按期完成验收",
            )
        )
    if rectifying:
        theme.findings.append(
            Finding(
                f"{rectifying}个申报单位验收后退回整改，尚未重新提交",
                f"督促{rectifying}个整改单位对照验收意见逐项落实整改，整改到位后及时申请复验",
            )
        )
    return theme
