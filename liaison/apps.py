from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "liaison"
    verbose_name = "联系点"
