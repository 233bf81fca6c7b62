from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrgsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orgs"
    verbose_name = "组织与干部"

    def ready(self) -> None:
        # After every migrate, so that permissions of all apps exist before groups get them.
        post_migrate.connect(_sync_roles, dispatch_uid="orgs.sync_role_permissions")


def _sync_roles(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    from orgs import roles

    if app_config is not None and app_config.label != "orgs":
        return
    roles.sync_role_permissions(apps=global_apps)
