from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appraisal"
    verbose_name = "年度考核"
