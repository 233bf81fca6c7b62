"""Pinyin initials of Chinese names, computed on save into an indexed column (pypinyin is slow to import)."""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _lazy_pinyin():
    from pypinyin import Style, lazy_pinyin

    return lambda text: lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")


@lru_cache(maxsize=65536)
def initials_of(text: str) -> str:
    """Initials of a place or organisation name, read as phrases: '桃源社区' -> 'tysq', '长安村' -> 'cac'
    (character by character 长 would read zhǎng). Characters without pinyin are dropped."""
    return "".join(_lazy_pinyin()(text or "")).lower()


@lru_cache(maxsize=1)
def _single_readings() -> dict[str, str]:
    """pypinyin's table of single characters (code point -> readings, the common one first), read without
    importing pypinyin: the import also loads its phrase dictionary (~0.2 s), which a person's name never
    needs. tests/importexport checks that every character gets pypinyin's own initial."""
    package = importlib.util.find_spec("pypinyin").submodule_search_locations[0]
    return json.loads((Path(package) / "pinyin_dict.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=65536)
def _initial_of(character: str) -> str:
    """What ``lazy_pinyin(character, style=FIRST_LETTER, errors="ignore")`` gives, lower-cased: the first
    letter of the first reading without its tone mark, "" for a character without pinyin."""
    readings = _single_readings().get(str(ord(character)))
    if not readings:
        return ""
    return unicodedata.normalize("NFKD", readings[0])[0].lower()


@lru_cache(maxsize=65536)
def person_initials_of(name: str) -> str:
    """Initials of a person's name, character by character (each character's common reading): a name is
    not a phrase, and the phrase lookup costs fifty times as much, which an import of thousands feels."""
    return "".join(map(_initial_of, name or ""))
