"""The rules an automatically scored task item may use: each names an indicator of
``reports/indicators/catalogue.py`` (or, for 按时确认, the year's 填报确认) and how its figure meets a target.

A rule is all or nothing: a township that reaches the target gets the item's points, otherwise none. Rates
are compared exactly from their two counts (numerator × 100 ≥ target × denominator), so 19 of 20 reaches
a target of 95% however the rate would round. A township with nothing to count (no community for a
community rate) has nothing left undone and gets the points. ``evaluate`` is pure: the figures come in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

RATE, COUNT, CONFIRMED_ON_TIME = "rate", "count", "confirmed_on_time"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    indicator: str = ""  # the catalogue's code
    unit: str = ""

    @property
    def needs_target(self) -> bool:
        return self.kind != CONFIRMED_ON_TIME

    def describe_target(self, target: Decimal | None) -> str:
        if not self.needs_target:
            return "完成时限内确认"
        if target is None:
            return ""
        unit = "%" if self.kind == RATE else self.unit
        return f"≥ {target.normalize():f}{unit}"


@dataclass(frozen=True)
class Outcome:
    reached: bool
    score: Decimal
    explanation: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("villages_rate", "村级妇女组织组建率", RATE, "villages_rate"),
        Rule("communities_rate", "社区妇联组建率", RATE, "communities_rate"),
        Rule("new_orgs_rate", "两新组织妇女组织组建率", RATE, "new_orgs_rate"),
        Rule("womens_homes_villages_rate", "村“妇女之家”覆盖率", RATE, "womens_homes_villages_rate"),
        Rule("elections_rate", "换届完成率", RATE, "elections_rate"),
        Rule("chairs_trained_rate", "主席（主任）参训率", RATE, "chairs_trained_rate"),
        Rule("accepted", "示范点验收通过数", COUNT, "accepted", unit="个"),
        Rule("figures_confirmed", "年度数据按时确认", CONFIRMED_ON_TIME),
    )
}


def rule_choices() -> list[tuple[str, str]]:
    return [(rule.code, rule.name) for rule in RULES.values()]


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _percent(numerator: int, denominator: int) -> str:
    """One decimal, cut rather than rounded: 94.96% shows as 94.9%, never as a 95% it did not reach."""
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return f"{value}%"


def evaluate_rate(rule: Rule, *, numerator: int, denominator: int, target: Decimal, points: Decimal) -> Outcome:
    if not denominator:
        return Outcome(True, points, f"{rule.name}：本单位无应统计对象，视同完成，得 {_points(points)} 分")
    reached = Decimal(numerator) * 100 >= target * Decimal(denominator)
    score = points if reached else Decimal(0)
    return Outcome(
        reached,
        score,
        f"{rule.name} {_percent(numerator, denominator)}（{numerator}/{denominator}），"
        f"目标 {rule.describe_target(target)}，得 {_points(score)} 分",
    )


def evaluate_count(rule: Rule, *, value: int, target: Decimal, points: Decimal) -> Outcome:
    reached = Decimal(value) >= target
    score = points if reached else Decimal(0)
    return Outcome(
        reached, score, f"{rule.name} {value}{rule.unit}，目标 {rule.describe_target(target)}，得 {_points(score)} 分"
    )


def evaluate_confirmation(
    rule: Rule, *, confirmed_on: datetime.date | None, deadline: datetime.date, points: Decimal
) -> Outcome:
    if confirmed_on is None:
        return Outcome(False, Decimal(0), f"{rule.name}：尚未确认填报完成，得 0 分")
    reached = confirmed_on <= deadline
    score = points if reached else Decimal(0)
    when = f"{confirmed_on.year}年{confirmed_on.month}月{confirmed_on.day}日"
    limit = f"{deadline.year}年{deadline.month}月{deadline.day}日"
    return Outcome(reached, score, f"{rule.name}：{when}确认，时限 {limit}，得 {_points(score)} 分")
