from django.apps import AppConfig


class DutiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "duties"
    verbose_name = "执委履职"
