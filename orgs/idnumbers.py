"""身份证号 (resident identity number): validation, encryption at rest, keyed lookup hash and masking.

The number is personal data under PIPL. It is stored encrypted with Fernet (keys from the environment,
newest first so that old rows stay readable during a key rotation), and beside it an HMAC of the
normalised number so that uniqueness and imports can match people without decrypting anything.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum import numdb
from stdnum.cn import ric


def normalise(value: str) -> str:
    """Full-width digits and Ｘ become ASCII, spaces go, x becomes X."""
    if value and value.isascii():  # NFKC leaves ASCII as it is; an import normalises each number several times
        return value.replace(" ", "").strip().upper()
    return unicodedata.normalize("NFKC", value or "").replace(" ", "").strip().upper()


# A run of 15 to 18 digits (the last may be X): a full number, an old 15-digit one, or one mistyped.
_NUMBER_LIKE = re.compile(r"\d{14,17}[\dX]")


def number_in(text: str) -> str | None:
    """The 身份证号-like run in a search text (normalised), or None. Such a text must not end up in a URL:
    access logs keep every query string."""
    match = _NUMBER_LIKE.search(normalise(text or ""))
    return match.group(0) if match else None


def _earliest_possible_today() -> datetime.date:
    """The day before today in UTC: no time zone (UTC-12 at the earliest) is further behind. Only a birth date
    past it needs ``timezone.localdate()``, which costs more than the rest of the validation (an import
    checks thousands of numbers)."""
    return datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=1)


def validate_id_number(value: str) -> None:
    """GB 11643: 18 characters, a real birth date, a known region code and a correct check digit."""
    number = normalise(value)
    if len(number) != 18:
        raise ValidationError("身份证号应为18位。", code="length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("身份证号只能由数字和末位的X组成。", code="characters")
    try:
        # Digits 7-14, as stdnum's get_birth_date reads them, without its per-character clean-up (imports
        # validate thousands of numbers; the characters were checked just above).
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError("身份证号中的出生日期不存在。", code="birth_date") from exc
    if born.year < 1900 or (born >= _earliest_possible_today() and born > timezone.localdate()):
        raise ValidationError("身份证号中的出生日期不合理。", code="birth_date")
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError("身份证号校验位不正确，请核对。", code="checksum")
    if not _region_known(number[:6], born.year):
        raise ValidationError("身份证号前6位不是有效的行政区划代码。", code="region")


@lru_cache(maxsize=4096)
def _region_known(region: str, birth_year: int) -> bool:
    """Whether the region code was in use at some time from the birth year on.

    A number is issued where the person is registered when it is issued, not where she was born: a woman
    born in 1962 in 平阳 carries 330326, a code in use only since 1981 (stdnum's own check, which asks for
    the code in the birth year, would refuse her). Cached: the lookup costs more than the rest of the
    validation, and an import repeats a few regions.
    """
    info = {key: value for _part, props in numdb.get("cn/loc").info(region) for key, value in props.items()}
    if not info:
        return False
    for county in info.get("county", "").split(","):
        if not county.startswith("["):
            return True  # no dates: in use throughout
        end = county[1:].split("]", 1)[0].split("-")[1]
        if not end or int(end) >= birth_year:
            return True
    return False


def birth_date_of(number: str) -> datetime.date:
    return ric.get_birth_date(normalise(number))


def is_female(number: str) -> bool:
    """The 17th digit is odd for men and even for women (GB 11643)."""
    return int(normalise(number)[16]) % 2 == 0


def mask(number: str) -> str:
    """330326********123X: region and the last four characters stay visible."""
    number = normalise(number)
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise RuntimeError("FIELD_ENCRYPTION_KEYS is not configured")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(number: str) -> str:
    return fernet().encrypt(normalise(number).encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise RuntimeError("身份证号无法解密：加密密钥不匹配") from exc


def rotate(token: str) -> str:
    """Re-encrypt with the newest key (MultiFernet.rotate keeps the plaintext)."""
    return fernet().rotate(token.encode()).decode()


def lookup_hash(number: str) -> str:
    key = settings.ID_NUMBER_HASH_KEY.encode()
    return hmac.new(key, normalise(number).encode(), hashlib.sha256).hexdigest()
