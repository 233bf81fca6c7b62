"""How the 情况汇报 words its figures: rates, 同比, amounts, enumerations and small numbers, written the way
the county's own reports write them (52.3%, 比上年提高2.1个百分点, 8.26万元, 一是……；二是……, 三个实例).
Pure functions of their arguments, shared by the paragraphs of ``reports.status_report`` and its findings."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

CHINESE_DIGITS = "零一二三四五六七八九十"
CHINESE_MONTHS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
ORDINALS = ("一是", "二是", "三是", "四是", "五是", "六是")
POINT_NUMBERS = ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）")


def percent(numerator, denominator=None) -> str:
    """52.3% — one decimal, as the workbooks show it. One argument: a fraction."""
    if denominator is None:
        return "—" if numerator is None else f"{numerator * 100:.1f}%"
    if not denominator:
        return "—"
    return f"{numerator * 100 / denominator:.1f}%"


def about(n: int) -> str:
    """How the report states a count of activities: 50多 for 53, exact below ten or on a round ten."""
    if n < 10 or n % 10 == 0:
        return str(n)
    return f"{n // 10 * 10}多"


def change(now, before) -> str:
    """同比 of a rate in words: 比上年提高2.1个百分点 / 下降 / 与上年持平; empty without last year's figure."""
    if now is None or before is None:
        return ""
    points = round((now - before) * 100, 1)
    if points > 0:
        return f"，比上年提高{points}个百分点"
    if points < 0:
        return f"，比上年下降{-points}个百分点"
    return "，与上年持平"


def change_count(now, before, unit: str) -> str:
    """同比 of a count: 比上年增加12场 / 减少 / 与上年持平. Empty when last year recorded none (a first
    year of records is no increase)."""
    if now is None or not before:
        return ""
    if now > before:
        return f"，比上年增加{now - before}{unit}"
    if now < before:
        return f"，比上年减少{before - now}{unit}"
    return "，与上年持平"


def chinese_number(n: int) -> str:
    """Numbers up to ten in Chinese characters (三个实例, 五分之一), larger ones in digits."""
    return CHINESE_DIGITS[n] if 0 <= n <= 10 else str(n)


def money(amount) -> str:
    """An amount in yuan as reports state it: 8.26万元 from ten thousand up, else 4800元."""
    amount = Decimal(amount)
    if amount >= 10000:
        wan = f"{amount / 10000:.2f}".rstrip("0").rstrip(".")
        return f"{wan}万元"
    return f"{amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount}元"


def join_and(items: Sequence[str]) -> str:
    """甲、乙和丙."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


def points(clauses: Sequence[str]) -> str:
    """One clause as a sentence; several as 一是……；二是……。 (never an 一是 without an 二是)."""
    clauses = [c for c in clauses if c]
    if not clauses:
        return ""
    if len(clauses) == 1:
        return clauses[0] + "。"
    return "；".join(f"{ORDINALS[i]}{c}" for i, c in enumerate(clauses)) + "。"
