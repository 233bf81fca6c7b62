"""Scrubbing of log lines: no 身份证号, password or session key may reach a log file.

Kept apart from ``audit.log`` because ``LOGGING`` loads the filter before the app registry is ready.
"""

from __future__ import annotations

import logging
import re

# 18-character resident identity numbers (and 15-digit first-generation ones), not inside longer runs.
_ID_NUMBER_18 = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_ID_NUMBER_15 = re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_SECRET_PAIR = re.compile(
    r"(?i)((?:password|passwd|pwd|secret|token|sessionid|session_key|csrfmiddlewaretoken|csrftoken)"
    r"[\"']?\s*[:=]\s*[\"']?)([^\s&;,\"']+)"
)


def redact(text: str) -> str:
    """Mask what must never reach a log: 身份证号 (keeping region and last four) and secret key=value pairs."""
    if not text:
        return text
    text = _ID_NUMBER_18.sub(r"\1********\2", text)
    text = _ID_NUMBER_15.sub("*" * 15, text)
    return _SECRET_PAIR.sub(lambda m: m.group(1) + "********", text)


class RedactingFilter(logging.Filter):
    """A logging filter for every handler: formats the record once and scrubs the result."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logged as it is, never dropped
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Exception messages can quote values (a database error showing a row): scrub the traceback too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
