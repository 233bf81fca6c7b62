"""扫码签到: the signed link behind an event's QR code, its picture, and the limit per address.

The link carries the event and the window the organiser chose (opens, closes), signed with the project's
secret (``django.core.signing``), so nothing is stored to issue one and a forged or altered link is
refused; the window is checked on every use. Participants are anonymous, so what protects the event is
the signature, the window, one sign-in per mobile number (a unique constraint), the organiser's
confirmation, and a limit on how many sign-ins one address may post (``over_limit``, in the shared cache,
generous enough for a meeting hall on one Wi-Fi).
"""

from __future__ import annotations

import datetime
import enum
import time
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from audit.log import client_ip

SALT = "training.scan_sign_in"
# The longest window a link may have: a poster printed for a week-long course, not a link for ever.
MAX_WINDOW = datetime.timedelta(days=31)


class LinkState(enum.Enum):
    OPEN = "open"
    NOT_YET = "not_yet"
    CLOSED = "closed"
    INVALID = "invalid"


REFUSALS = {
    LinkState.NOT_YET: "签到尚未开始，请在签到时间内扫码。",
    LinkState.CLOSED: "签到已结束，二维码已过期。",
    LinkState.INVALID: "二维码无效，请向会务人员核对。",
}


@dataclass(frozen=True)
class SignInLink:
    event_id: int | None
    opens: datetime.datetime | None
    closes: datetime.datetime | None
    state: LinkState

    @property
    def refusal(self) -> str:
        return REFUSALS.get(self.state, "")


def make_token(*, event_id: int, opens: datetime.datetime, closes: datetime.datetime) -> str:
    """The signed token of a link: [event, opens, closes] in Unix seconds (short, so the QR code stays coarse
    enough for a phone across a room)."""
    return signing.dumps([event_id, int(opens.timestamp()), int(closes.timestamp())], salt=SALT)


def read_token(token: str, *, now: datetime.datetime | None = None) -> SignInLink:
    """What a token says and whether it is usable now; INVALID for anything not signed by us."""
    try:
        event_id, opens, closes = signing.loads(token, salt=SALT)
        event_id, opens, closes = int(event_id), int(opens), int(closes)
    except (signing.BadSignature, TypeError, ValueError):
        return SignInLink(None, None, None, LinkState.INVALID)
    at = (now or timezone.now()).timestamp()
    state = LinkState.NOT_YET if at < opens else LinkState.CLOSED if at > closes else LinkState.OPEN
    return SignInLink(
        event_id,
        datetime.datetime.fromtimestamp(opens, tz=datetime.UTC),
        datetime.datetime.fromtimestamp(closes, tz=datetime.UTC),
        state,
    )


def qr_svg(url: str, *, scale: int = 8) -> SafeString:
    """The QR code of ``url`` as inline SVG (segno; no image file, nothing fetched). Error correction M
    survives a creased poster; the SVG scales to whatever box the page gives it."""
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=scale, border=2, omitsize=True)
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="签到二维码" ', 1))  # noqa: S308 - segno's own markup


def _window_seconds() -> int:
    return int(getattr(settings, "SCAN_SIGN_IN_WINDOW_SECONDS", 600))


def address_buckets(address: str, *, now: float) -> list[str]:
    """The counter keys of ``address`` for the window holding ``now`` and the next one (for a reset)."""
    window = _window_seconds()
    return [f"training:scan-sign-in:{address}:{int(now // window) + step}" for step in (0, 1)]


def over_limit(request) -> tuple[bool, int]:
    """Count one sign-in posted from the request's address in the current window; (refused, count).
    A cache that lost the counter (expired between add and incr, or Redis down) lets the post through:
    the other defences still hold."""
    limit = int(getattr(settings, "SCAN_SIGN_IN_LIMIT", 300))
    key = address_buckets(client_ip(request) or "unknown", now=time.time())[0]
    cache.add(key, 0, _window_seconds())
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > limit, count
