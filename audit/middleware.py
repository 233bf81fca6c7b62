"""``AuditDeniedMiddleware``: every 403 answer, and every 404 raised by an exception that says it hides a row
the user may not see (``audit_as_denied = True``, e.g. ``orgs.scoping.OutOfScope``), becomes a ``denied``
audit event."""

from __future__ import annotations

from audit.log import Kind, Result, audit_log


class AuditDeniedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            audit_log(
                request=request,
                kind=Kind.PERMISSION_DENIED,
                object_repr=request.path,
                result=Result.FAILURE,
                detail=f"{request.method} 请求被拒绝（403）",
            )
        return response

    def process_exception(self, request, exception):
        # Runs after ATOMIC_REQUESTS has rolled the view back, so the event itself is kept.
        user = getattr(request, "user", None)
        if getattr(exception, "audit_as_denied", False) and user and user.is_authenticated:
            audit_log(
                request=request,
                kind=Kind.PERMISSION_DENIED,
                object_repr=request.path,
                result=Result.FAILURE,
                detail=f"{request.method} 请求的记录不在本人可见范围内或不存在（404）",
            )
        return None
