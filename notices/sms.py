"""Where an SMS gateway plugs in. No provider is bundled.

``settings.SMS_GATEWAY`` names a class (dotted path) derived from ``SmsGateway``; ``notify`` hands it each
recipient's phone number (``orgs.StaffProfile.phone``) and a short text once the step has committed. The
default, ``LoggingGateway``, sends nothing and only logs that a text would have gone (the number masked).

A provider's gateway is a few lines in the deployment's own module, e.g.::

    class AliyunGateway(SmsGateway):
        def send(self, phone: str, text: str) -> None:
            client.send_sms(phone_numbers=phone, template_param={"text": text}, ...)

and ``SMS_GATEWAY=mycounty.sms.AliyunGateway`` in the environment. ``send`` may raise: ``notify`` logs the
failure and carries on, the message stays in the inbox.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_GATEWAY = "notices.sms.LoggingGateway"


class SmsGateway:
    """Sends one text to one mobile number; raise on failure."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingGateway(SmsGateway):
    """The default: no text is sent, a log line says one would have been."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS not sent (no gateway configured) to %s: %s", mask(phone), text)


def mask(phone: str) -> str:
    """138****5678: enough to tell numbers apart in a log, not to call anybody."""
    digits = phone.strip()
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def gateway() -> SmsGateway:
    """The gateway ``settings.SMS_GATEWAY`` names (read on every call, so a test can override it)."""
    return import_string(getattr(settings, "SMS_GATEWAY", DEFAULT_GATEWAY) or DEFAULT_GATEWAY)()
