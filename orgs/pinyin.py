"""Pinyin initials of Chinese names, computed on save into an indexed column (pypinyin is slow to import)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _lazy_pinyin():
    from pypinyin import Style, lazy_pinyin

    return lambda text: lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")


@lru_cache(maxsize=65536)
def initials_of(text: str) -> str:
    """Initials of a place or organisation name, read as phrases: '桃源社区' -> 'tysq', '长安村' -> 'cac'
    (character by character 长 would read zhǎng). Characters without pinyin are dropped."""
    return "".join(_lazy_pinyin()(text or "")).lower()


@lru_cache(maxsize=65536)
def _initial_of(character: str) -> str:
    return "".join(_lazy_pinyin()(character)).lower()


@lru_cache(maxsize=65536)
def person_initials_of(name: str) -> str:
    """Initials of a person's name, character by character (each character's common reading): a name is
    not a phrase, and the phrase lookup costs fifty times as much, which an import of thousands feels."""
    return "".join(map(_initial_of, name or ""))
