"""Reading a sign-in list (签到表) and matching its rows to cadres in the user's scope.

The sheet has the columns 姓名, 身份证号 and/or 手机号, and optionally 单位. A row is matched by its
身份证号 through the lookup hash, else by 手机号 together with 姓名; rows that match nobody become
external participants. The whole sheet is matched with a fixed number of queries, whatever its length.
``match_people`` is the one matcher: the QR code's sign-ins (``training.scan_signin``) go through it too.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from entry.phones import normalise_phone
from files.spreadsheets import SpreadsheetError, read_sheet
from orgs import idnumbers
from orgs.models import Cadre
from training.models import Attendance, Event

MAX_SIGN_IN_ROWS = 2000
HEADER_ALIASES = {
    "姓名": "name",
    "名字": "name",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "身份证": "id_number",
    "手机号": "phone",
    "手机号码": "phone",
    "手机": "phone",
    "联系电话": "phone",
    "电话": "phone",
    "单位": "unit",
    "工作单位": "unit",
    "所在单位": "unit",
}


@dataclass
class SignInRow:
    line: int  # the row number as Excel shows it
    name: str
    id_number: str
    phone: str
    unit: str
    id_last4: str = ""  # a QR sign-in's last four characters of the 身份证号 (the sheet has the whole number)
    cadre: Cadre | None = None
    error: str = ""
    note: str = ""
    duplicate_of: int | None = None
    already_recorded: bool = False

    @property
    def will_import(self) -> bool:
        return not self.error and self.duplicate_of is None and not self.already_recorded

    @property
    def masked_id_number(self) -> str:
        return idnumbers.mask(self.id_number) if self.id_number else ""


@dataclass
class SignInPreview:
    rows: list[SignInRow] = field(default_factory=list)

    @property
    def matched(self) -> list[SignInRow]:
        return [r for r in self.rows if r.will_import and r.cadre is not None]

    @property
    def external(self) -> list[SignInRow]:
        return [r for r in self.rows if r.will_import and r.cadre is None]

    @property
    def duplicates(self) -> list[SignInRow]:
        return [r for r in self.rows if not r.error and r.duplicate_of is not None]

    @property
    def already_recorded(self) -> list[SignInRow]:
        return [r for r in self.rows if not r.error and r.duplicate_of is None and r.already_recorded]

    @property
    def errors(self) -> list[SignInRow]:
        return [r for r in self.rows if r.error]

    @property
    def importable(self) -> list[SignInRow]:
        return [r for r in self.rows if r.will_import]

    @property
    def can_import(self) -> bool:
        return not self.errors and bool(self.importable)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return ""
    return str(value).strip()


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        plain = re.sub(r"\s", "", title or "").strip("*＊")
        key = HEADER_ALIASES.get(re.split(r"[（(:：]", plain)[0])
        if key and key not in columns:
            columns[key] = index
    if "name" not in columns or ("id_number" not in columns and "phone" not in columns):
        raise SpreadsheetError("签到表第一行应为表头，且包含“姓名”列，以及“身份证号”或“手机号”列。")
    return columns


def parse_sign_in(data: bytes) -> list[SignInRow]:
    """The rows of a sign-in sheet, checked one by one; raises SpreadsheetError for an unreadable file."""
    sheet = read_sheet(data, max_rows=MAX_SIGN_IN_ROWS)
    columns = _columns(sheet.header)

    def cell(row: tuple, key: str) -> str:
        index = columns.get(key)
        return _text(row[index]) if index is not None and index < len(row) else ""

    rows: list[SignInRow] = []
    for line, raw in zip(sheet.row_numbers, sheet.rows, strict=True):
        row = SignInRow(
            line=line,
            name=cell(raw, "name").replace(" ", "")[:30],
            id_number=idnumbers.normalise(cell(raw, "id_number")),
            phone=cell(raw, "phone"),
            unit=cell(raw, "unit")[:100],
        )
        if not row.name:
            row.error = "姓名为空"
        elif row.id_number:
            try:
                idnumbers.validate_id_number(row.id_number)
            except ValidationError as exc:
                row.error = exc.messages[0]
        if not row.error:
            # The cadre form's rule and stored form (entry.phones), so the number typed here finds her.
            try:
                row.phone = normalise_phone(row.phone)
            except ValueError as exc:
                row.error = str(exc)
        rows.append(row)
    if not rows:
        raise SpreadsheetError("签到表中没有数据行。")
    return rows


def match_sign_in(rows: list[SignInRow], *, event: Event, user) -> SignInPreview:
    """Match a sheet's rows to the cadres ``user`` may see (``match_people``)."""
    return match_people(rows, cadres=Cadre.objects.for_user(user), event=event)


def event_cadres(event: Event) -> QuerySet[Cadre]:
    """The cadres a sign-in at ``event`` may be matched to without anybody signed in: those of the event's
    township, or of the whole county for the county's own events (what its organiser sees)."""
    cadres = Cadre.objects.all()
    return cadres if event.township_id is None else cadres.filter(township_id=event.township_id)


def match_people(rows: list[SignInRow], *, cadres: QuerySet[Cadre], event: Event) -> SignInPreview:
    """The one matcher of sign-ins to the roster, for the sheet and the QR code alike.

    A row is matched among ``cadres`` by its 身份证号 (the lookup hash), else by 手机号 together with 姓名;
    when that names several cadres, or none, the last four characters of the 身份证号 (all a QR sign-in
    asks for) pick the one cadre of that name who has them. Rows that match nobody stay external
    participants. Repeated people and people already recorded at the event are flagged. Four queries at
    most, whatever the number of rows."""
    valid = [r for r in rows if not r.error]
    roster = _Roster(valid, cadres.select_related("unit"))
    for row in valid:
        roster.match(row)
    _flag_repeats(valid, event=event)
    return SignInPreview(rows=rows)


class _Roster:
    """The cadres the rows may be, looked up once: by hash, by (phone, name), by (name, last four)."""

    def __init__(self, rows: list[SignInRow], cadres: QuerySet[Cadre]) -> None:
        hashes = [idnumbers.lookup_hash(r.id_number) for r in rows if r.id_number]
        self.by_hash = {c.id_number_hash: c for c in cadres.filter(id_number_hash__in=hashes)} if hashes else {}
        self.by_phone_and_name: dict[tuple[str, str], list[Cadre]] = {}
        phones = {r.phone for r in rows if r.phone}
        for cadre in cadres.filter(phone__in=phones) if phones else ():
            self.by_phone_and_name.setdefault((cadre.phone, cadre.name), []).append(cadre)
        self.by_name_and_last4: dict[tuple[str, str], list[Cadre]] = {}
        names = {r.name for r in rows if r.id_last4 and not r.id_number}
        for cadre in cadres.filter(name__in=names).exclude(id_number_masked="") if names else ():
            self.by_name_and_last4.setdefault((cadre.name, cadre.id_number_masked[-4:]), []).append(cadre)

    def match(self, row: SignInRow) -> None:
        if row.id_number:
            row.cadre = self.by_hash.get(idnumbers.lookup_hash(row.id_number))
            if row.cadre is not None and row.cadre.name != row.name:
                row.note = f"身份证号与干部“{row.cadre.name}”一致，但姓名不同，请核对"
        if row.cadre is None and row.phone:
            candidates = self.by_phone_and_name.get((row.phone, row.name), [])
            if len(candidates) > 1 and row.id_last4:
                candidates = [c for c in candidates if c.id_number_masked[-4:] == row.id_last4] or candidates
            if len(candidates) == 1:
                row.cadre = candidates[0]
            elif len(candidates) > 1:
                row.note = "手机号和姓名对应多名干部，按名册外人员登记"
        if row.cadre is None and row.id_last4 and not row.note:
            candidates = self.by_name_and_last4.get((row.name, row.id_last4), [])
            if len(candidates) == 1:
                row.cadre = candidates[0]
                row.note = "按姓名和身份证号后四位匹配（手机号与名册不同），请核对"
            elif len(candidates) > 1:
                row.note = "姓名和身份证号后四位对应多名干部，按名册外人员登记"


def _flag_repeats(rows: list[SignInRow], *, event: Event) -> None:
    """Mark people already recorded at the event, and later rows of a person met earlier in the list."""
    recorded = set(
        Attendance.objects.filter(event=event, cadre_id__in=[r.cadre.pk for r in rows if r.cadre]).values_list(
            "cadre_id", flat=True
        )
    )
    seen: dict[tuple, int] = {}
    for row in rows:
        if row.cadre is not None:
            keys = [("cadre", row.cadre.pk)]
            row.already_recorded = row.cadre.pk in recorded
        else:
            keys = [("name", row.name, row.id_number or row.phone or row.unit)]
            if row.id_number:
                keys.append(("id", row.id_number))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            row.duplicate_of = first
        for key in keys:
            seen.setdefault(key, row.line)


# ---------------------------------------------------------------------------------------------------
# Keeping the uploaded file between the preview and the confirmation
# ---------------------------------------------------------------------------------------------------
# The bytes go to a file with a random name under MEDIA_ROOT/tmp/sign_in (never served); the session of
# the user who uploaded it holds the name, the event and a digest, so nobody else can confirm it and a
# changed file is not imported.

_SESSION_KEY = "training_sign_in"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
STASH_MAX_AGE_SECONDS = 24 * 60 * 60


def _stash_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "tmp" / "sign_in"


def _purge_stale(directory: Path) -> None:
    cutoff = time.time() - STASH_MAX_AGE_SECONDS
    for path in directory.glob("*.xlsx"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def stash_upload(request, *, event: Event, data: bytes, filename: str) -> None:
    drop_stash(request)
    directory = _stash_dir()
    directory.mkdir(parents=True, exist_ok=True)
    _purge_stale(directory)
    token = uuid.uuid4().hex
    (directory / f"{token}.xlsx").write_bytes(data)
    request.session[_SESSION_KEY] = {
        "token": token,
        "event": event.pk,
        "user": request.user.pk,
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": filename[:100],
    }


def load_stash(request, *, event: Event) -> tuple[bytes, str] | None:
    """The stashed bytes and file name for this event and user, or None."""
    stash = request.session.get(_SESSION_KEY)
    if not stash or stash.get("event") != event.pk or stash.get("user") != request.user.pk:
        return None
    token = stash.get("token", "")
    if not _TOKEN.match(token):
        return None
    try:
        data = (_stash_dir() / f"{token}.xlsx").read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != stash.get("sha256"):
        return None
    return data, stash.get("filename", "")


def drop_stash(request) -> None:
    stash = request.session.pop(_SESSION_KEY, None)
    token = (stash or {}).get("token", "")
    if _TOKEN.match(token):
        with contextlib.suppress(OSError):
            (_stash_dir() / f"{token}.xlsx").unlink()
