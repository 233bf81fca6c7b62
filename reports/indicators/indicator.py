"""What an indicator is: its code, name, unit, 口径 and family (``Indicator``), and its kind: a count or sum
(stored per township), or a rate or average derived from two counts (``numerator`` ÷ ``denominator``),
never stored or summed."""

from __future__ import annotations

from dataclasses import dataclass

COUNT, RATE, MONEY, MEAN, HOURS = "count", "rate", "money", "mean", "hours"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str  # 个 / 人 / 人次 / 场 / % / 元 / 岁 / 学时
    definition: str  # 口径
    group: str
    kind: str = COUNT
    numerator: str | None = None  # RATE and MEAN: the count codes they are derived from
    denominator: str | None = None
    dimension: str | None = None  # name of the breakdown ("category", "month" …), None for a plain figure
    additive: bool = True  # False: the breakdown's values overlap and must not be added up
    county_only: bool = False  # only meaningful for the whole county (县直机关, 团体会员)

    @property
    def is_derived(self) -> bool:
        return self.kind in (RATE, MEAN)


def rate(code, name, numerator, denominator, definition, group, **kw) -> Indicator:
    """An indicator that is the rate (a share, in %) of the counts ``numerator`` and ``denominator``."""
    return Indicator(code, name, "%", definition, group, kind=RATE, numerator=numerator, denominator=denominator, **kw)
