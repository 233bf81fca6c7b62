"""The catalogue's indicators of 培训与活动: trainings and activities by organising township, attendance by
the attendee's township."""

from __future__ import annotations

from reports.indicators.indicator import HOURS, Indicator, rate

GROUP = "培训与活动"

TRAINING_YEAR = "当年举办的培训（类别为培训，不含活动），出勤为已参加的记录"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "trainings",
        "培训场次",
        "场",
        "当年举办的培训（不含活动），按主办单位统计（县妇联主办的计入“县妇联”行）。",
        GROUP,
    ),
    Indicator(
        "trainings_by_kind", "培训场次（按形式）", "场", "培训场次按培训形式分列。", GROUP, dimension="training_kind"
    ),
    Indicator("trainings_by_month", "培训场次（按月）", "场", "培训场次按举办月份分列。", GROUP, dimension="month"),
    Indicator(
        "participants", "参训人次", "人次", f"{TRAINING_YEAR}，按参训人所属乡镇统计，一人参加两场计两次。", GROUP
    ),
    Indicator(
        "participants_by_month", "参训人次（按月）", "人次", "参训人次按培训举办月份分列。", GROUP, dimension="month"
    ),
    Indicator("cadres_trained", "参训干部人数", "人", f"{TRAINING_YEAR}的干部名册内人员，一人只计一次。", GROUP),
    Indicator("hours", "认定学时", "学时", "参训记录的认定学时之和（未单独认定的按该培训的学时）。", GROUP, kind=HOURS),
    Indicator(
        "chairs_trained",
        "当年已参训的主席（主任）",
        "人",
        "现任主席（主任）中当年参加过培训的（口径同“现任主席（主任）”）。",
        GROUP,
    ),
    rate(
        "chairs_trained_rate",
        "主席（主任）参训率",
        "chairs_trained",
        "chairs",
        "当年已参训的主席（主任） ÷ 现任主席（主任）。",
        GROUP,
    ),
    Indicator(
        "trainings_by_audience",
        "培训场次（按培训对象）",
        "场",
        "面向该类对象的培训场次。一场培训可面向多类对象（多选），各类对象的场次不能相加。",
        GROUP,
        dimension="audience",
        additive=False,
    ),
    Indicator(
        "participants_by_audience",
        "参训人次（按培训对象）",
        "人次",
        "面向该类对象的培训的参训人次。一场培训可面向多类对象（多选），各类对象的人次不能相加。",
        GROUP,
        dimension="audience",
        additive=False,
    ),
    Indicator(
        "activities", "活动场次", "场", "当年开展的服务活动（巾帼文化大舞台、慰问、维权等），按主办单位统计。", GROUP
    ),
    Indicator(
        "activities_by_kind",
        "活动场次（按类别）",
        "场",
        "活动场次按活动类别分列。",
        GROUP,
        dimension="activity_kind",
    ),
    Indicator("activities_by_month", "活动场次（按月）", "场", "活动场次按举办月份分列。", GROUP, dimension="month"),
    Indicator("activity_participants", "活动参与人数", "人次", "活动登记的参与人数之和。", GROUP),
)
