from django.apps import AppConfig


class DemoSitesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "demo_sites"
    verbose_name = "示范点创建"
