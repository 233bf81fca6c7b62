"""The security audit log (安全审计日志): the ``AuditEvent`` rows, the one function that writes them
(``audit.log.audit_log``), the receivers for logins, lockouts and deletions, the middleware that records
denied requests, the read-only admin and ``manage.py purge_audit``.

A platform package: it knows nothing of the federation's domain. The domain tells it which models'
deletions to record (``record_deletions_of``) and which 404s hide a forbidden row (``audit_as_denied``).
"""
