from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        # The login, failed-login and logout receivers are connected by importing the module.
        from audit import log

        log.connect_lockouts()
