"""Password rules a 等保 assessor expects beyond Django's: three character classes, no user name, and nothing
made mostly of keyboard walks, runs, dates or the common Chinese passwords."""

from __future__ import annotations

import re
import string

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                "密码须至少包含小写字母、大写字母、数字、特殊符号中的三类。", code="password_character_classes"
            )

    def get_help_text(self) -> str:
        return "密码须至少包含小写字母、大写字母、数字、特殊符号中的三类。"


class UsernameNotContainedValidator:
    """Django's similarity check lets ``town01town01A1`` pass; an assessor expects any password that
    contains the user name (either way round, in any case) to be refused."""

    def validate(self, password: str, user=None) -> None:
        username = (user.get_username() if user is not None else "").lower()
        lowered = password.lower()
        if len(username) >= 3 and (username in lowered or username[::-1] in lowered):
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不能包含用户名。"


# --- guessable patterns ----------------------------------------------------------------------------------

# Keyboard walks and runs, each as one reference string: any three or more adjacent characters of one of
# these (forwards or backwards) are a walk. Rows, the 1qaz-style columns, the qazwsx-style zigzag, the
# 1q2w3e-style diagonal, the alphabet and the digits.
_WALKS = (
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
    "qazwsxedcrfvtgbyhnujmik,ol.p;/",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
)
_WALK_MIN = 3

# Passwords and pieces that lead the lists leaked from Chinese sites (CSDN, 天涯, 12306 and others), the
# pinyin words they are built from, and words of this portal. Matched anywhere in the password.
COMMON_CHINESE_PASSWORDS = (
    "5201314",
    "1314520",
    "7758521",
    "7758258",
    "5211314",
    "584520",
    "520520",
    "1314",
    "520",
    "521",
    "147258369",
    "147258",
    "258369",
    "159357",
    "159753",
    "147369",
    "112233",
    "110110",
    "123123",
    "123321",
    "666666",
    "888888",
    "168168",
    "518518",
    "woaini",
    "woaiwojia",
    "aini",
    "iloveyou",
    "ilove",
    "love",
    "wohenni",
    "woshishui",
    "laopo",
    "laogong",
    "baobei",
    "qinai",
    "xiaobao",
    "xiaoming",
    "zhongguo",
    "china",
    "beijing",
    "shanghai",
    "tianya",
    "taobao",
    "qq",
    "abc",
    "password",
    "passwd",
    "pass",
    "admin",
    "root",
    "user",
    "test",
    "welcome",
    "hello",
    "super",
    "zhangwei",
    "wangwei",
    "wangfang",
    "liwei",
    "lina",
    "zhangli",
    "wangjing",
    "liuyang",
    "fulian",
    "funv",
    "fulianhui",
    "xianfulian",
    "zhengfu",
    "gov",
)

# Years and dates of birth: 1950-2039, and yyyymmdd / mmdd built on them.
_DATE = re.compile(r"(?:19[5-9]\d|20[0-3]\d)(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))?")
_REPEAT = re.compile(r"(.)\1{2,}")
_LEET = str.maketrans({"@": "a", "4": "a", "$": "s", "5": "s", "0": "o", "3": "e", "1": "i", "!": "i", "7": "t"})


def _mark_walks(text: str, marked: list[bool]) -> None:
    for reference in _WALKS:
        for walk in (reference, reference[::-1]):
            start = 0
            while start <= len(text) - _WALK_MIN:
                # The longest run starting here that is a piece of this walk.
                length = 0
                while start + length < len(text) and text[start : start + length + 1] in walk:
                    length += 1
                if length >= _WALK_MIN:
                    marked[start : start + length] = [True] * length
                    start += length
                else:
                    start += 1


def _mark_words(text: str, marked: list[bool]) -> None:
    for word in COMMON_CHINESE_PASSWORDS:
        start = text.find(word)
        while start >= 0:
            marked[start : start + len(word)] = [True] * len(word)
            start = text.find(word, start + 1)


def guessable_parts(password: str) -> list[bool]:
    """For each character of ``password``: whether it belongs to a keyboard walk, a run, a repeat, a year or
    date, or a common password or word (also in leetspeak: ``p@ssw0rd``)."""
    text = password.lower()
    marked = [False] * len(text)
    _mark_walks(text, marked)
    _mark_words(text, marked)
    _mark_words(text.translate(_LEET), marked)
    for pattern in (_DATE, _REPEAT):
        for match in pattern.finditer(text):
            marked[match.start() : match.end()] = [True] * (match.end() - match.start())
    return marked


class GuessablePatternValidator:
    """``Qwerty123!``, ``1qaz2wsx!QAZ`` and ``Woaini1314!`` pass the length and character-class rules but are
    among the first guesses of any cracking list. Refused when, without its keyboard walks, runs, repeats,
    dates and common Chinese passwords, fewer than ``min_remaining`` characters are left."""

    MESSAGE = (
        "密码主要由键盘连续按键（如 qwerty、1qaz2wsx）、连续或重复的字符（如 abc、123、888）、年份日期"
        "或常见密码（如 woaini、5201314）组成，很容易被猜中。请换一个密码，例如用几个不相关的词加上数字和符号。"
    )

    def __init__(self, min_remaining: int = 5) -> None:
        self.min_remaining = min_remaining

    def validate(self, password: str, user=None) -> None:
        remaining = sum(1 for guessable in guessable_parts(password) if not guessable)
        if remaining < self.min_remaining:
            raise ValidationError(self.MESSAGE, code="password_guessable")

    def get_help_text(self) -> str:
        return "密码不能主要由键盘连续按键、连续或重复的字符、年份日期或常见密码（如 woaini1314）组成。"
