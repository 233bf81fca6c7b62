from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def prepare_cache(sender, using: str = "default", **kwargs) -> None:
    """After every `migrate`: the database cache's table exists (a no-op on Redis), and figures computed
    by the code of a previous release are dropped."""
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
    cache.clear()


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "统计报表"

    def ready(self) -> None:
        # post_migrate is sent once per app with models on every `migrate`, whichever apps it migrated; this
        # app has no models, so it listens for the foundation app's.
        post_migrate.connect(prepare_cache, sender=apps.get_app_config("orgs"), dispatch_uid="reports.prepare_cache")
