from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class WorkbenchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workbench"
    verbose_name = "工作台"

    def ready(self) -> None:
        from workbench import badge

        user_logged_in.connect(badge.on_login, dispatch_uid="workbench.badge.on_login")
