"""Pinyin initials of Chinese names, computed on save into an indexed column (pypinyin is slow to import)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _lazy_pinyin():
    from pypinyin import Style, lazy_pinyin

    return lambda text: lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")


@lru_cache(maxsize=65536)
def initials_of(text: str) -> str:
    """'桃源社区' -> 'tysq'; letters and digits pass through, other characters are dropped."""
    return "".join(_lazy_pinyin()(text or "")).lower()
