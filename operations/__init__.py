"""Running the portal: backups and their restore (``backups``, ``manage.py backup``/``restore``), what the
portal does when the database or Redis is lost (``outages``), log lines scrubbed of personal data
(``redaction``), and ``manage.py check_attachments``. A Django app only to hold its commands (no models)."""
