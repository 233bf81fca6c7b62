"""The security audit log (安全审计日志): who did what, when, from where, to which object, and the result.

``audit_log`` is the one way to write an ``AuditEvent``. The receivers below record what happens without
any app having to remember it: logins, failed logins, lockouts (django-axes), logouts and deletions of
federation data. Workflow moves are recorded by the services that make them (``audit_transition``). Denied
requests are recorded by ``audit.middleware.AuditDeniedMiddleware``; exports,
imports, downloads and reveals call ``audit_log`` from the code that performs them.

Nothing personal goes into the text of an event: objects are named by ``str(obj)`` (never a 身份证号),
and passwords or session keys are never passed in. ``redact`` scrubs log lines as a second line of defence.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete
from django.dispatch import receiver

from audit.models import AuditEvent
from operations.redaction import redact

Kind = AuditEvent.Kind
Result = AuditEvent.Result

_OBJECT_REPR_MAX = AuditEvent._meta.get_field("object_repr").max_length


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` reverse proxies the address the
    outermost trusted proxy appended to X-Forwarded-For (entries further left are the client's to forge).
    django-axes uses the same function (AXES_CLIENT_IP_CALLABLE), so lockouts and the audit log agree."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote


def audit_log(
    *,
    request=None,
    user=None,
    kind: str,
    object_repr: str = "",
    result: str = Result.SUCCESS,
    detail: str = "",
    username: str = "",
) -> AuditEvent:
    """Record one security event. ``user`` defaults to the request's signed-in user."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not getattr(user, "pk", None):
        user = None
    if user is not None and not username:
        username = user.get_username()
    return AuditEvent.objects.create(
        user=user,
        username=(username or "")[:150],
        ip_address=client_ip(request),
        kind=kind,
        object_repr=redact(str(object_repr or ""))[:_OBJECT_REPR_MAX],
        result=result,
        detail=redact(detail or ""),
    )


# --- receivers ---------------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="audit.log.logged_in")
def _on_logged_in(sender, request, user, **kwargs) -> None:
    audit_log(request=request, user=user, kind=Kind.LOGIN)


@receiver(user_login_failed, dispatch_uid="audit.log.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django cleanses the credentials (the password becomes asterisks); only the username is kept.
    username = str((credentials or {}).get("username", ""))[:150]
    audit_log(request=request, user=None, username=username, kind=Kind.LOGIN_FAILED, result=Result.FAILURE)


@receiver(user_logged_out, dispatch_uid="audit.log.logged_out")
def _on_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        reason = getattr(request, "_fulian_logout_reason", "") if request is not None else ""
        audit_log(request=request, user=user, kind=Kind.LOGOUT, detail=reason)


def _on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit_log(
        request=request,
        user=None,
        username=username or "",
        kind=Kind.LOCKOUT,
        result=Result.FAILURE,
        detail=(
            f"登录失败次数过多（同一地址 {settings.AXES_FAILURE_LIMIT} 次，或各地址合计 "
            f"{settings.AXES_USERNAME_FAILURE_LIMIT} 次），账号被临时锁定。"
        ),
    )


def _on_deleted(sender, instance, **kwargs) -> None:
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    audit_log(
        request=request,
        kind=Kind.DELETE,
        object_repr=f"{sender._meta.verbose_name}：{instance}（编号 {instance.pk}）",
    )


def audit_transition(*, by, subject, change) -> AuditEvent:
    """A workflow move (a 申报's status, a 示范点's state) as a security event: who (``by``), from where (the
    request being served, if any), on which ``subject``, and the recorded ``change``."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    return audit_log(request=request, user=by, kind=Kind.TRANSITION, object_repr=f"{subject}：{change}")


def connect_lockouts() -> None:
    """Called from ``AuditConfig.ready``: django-axes' lockout signal becomes a ``lockout`` event."""
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_locked_out, dispatch_uid="audit.log.locked_out")


def record_deletions_of(models) -> None:
    """Record every deletion of a row of ``models`` as a ``delete`` event. The domain says which models are
    its data (``OrgsConfig.ready`` passes the federation's models); the audit log does not know them."""
    for model in models:
        if model is AuditEvent:
            continue
        post_delete.connect(_on_deleted, sender=model, dispatch_uid=f"audit.log.deleted.{model._meta.label}")
