"""Session lifetime: ``SessionTimeoutMiddleware`` ends a signed-in session after ``SESSION_IDLE_TIMEOUT``
seconds without a request (30 minutes by default) and, however active, ``SESSION_ABSOLUTE_MAX_AGE`` seconds
after login (12 hours by default). Django's own expiry cannot do both: it is refreshed whenever the session
is saved. The login time is stamped by a ``user_logged_in`` receiver (connected when this module is imported).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver

LOGIN_AT = "_fulian_login_at"
LAST_SEEN = "_fulian_last_seen"
# Seconds between two writes of LAST_SEEN, so that an active user does not write her session on every click.
LAST_SEEN_RESOLUTION = 60


def idle_timeout() -> int:
    return int(settings.SESSION_IDLE_TIMEOUT)


def absolute_max_age() -> int:
    return int(getattr(settings, "SESSION_ABSOLUTE_MAX_AGE", settings.SESSION_COOKIE_AGE))


@receiver(user_logged_in, dispatch_uid="accounts.sessions.stamp_login")
def _stamp_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[LAST_SEEN] = now


def _minutes(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} 小时"
    return f"{max(1, seconds // 60)} 分钟"


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expiry_reason(request)
            if expired:
                request._fulian_logout_reason = expired
                logout(request)
                messages.warning(request, expired)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expiry_reason(request) -> str | None:
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        last_seen = session.get(LAST_SEEN)
        if login_at is None:  # a session from before this rule (or force_login in tests) starts now
            session[LOGIN_AT] = login_at = now
        if last_seen is not None and now - last_seen > idle_timeout():
            return f"您已超过 {_minutes(idle_timeout())}未操作，为保护数据安全已自动退出，请重新登录。"
        if now - login_at > absolute_max_age():
            return f"本次登录已超过 {_minutes(absolute_max_age())}，为保护数据安全请重新登录。"
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now
        return None
