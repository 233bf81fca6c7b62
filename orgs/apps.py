from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


class OrgsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orgs"
    verbose_name = "组织与干部"

    def ready(self) -> None:
        # After every migrate, so that permissions of all apps exist before groups get them.
        post_migrate.connect(_sync_roles, dispatch_uid="orgs.sync_role_permissions")
        _name_third_party_apps()
        # The session login stamp, and the audit of every deletion of the federation's data.
        from accounts import sessions  # noqa: F401
        from audit.log import record_deletions_of
        from orgs.federation import federation_models

        record_deletions_of(federation_models())


# Third-party apps whose admin section has no Chinese name of its own (their model names are
# translated in locale/zh_Hans); the admin index must be Chinese throughout.
THIRD_PARTY_APP_NAMES = {"axes": "登录保护"}


def _name_third_party_apps() -> None:
    from django.apps import apps

    for label, name in THIRD_PARTY_APP_NAMES.items():
        if apps.is_installed(label):
            apps.get_app_config(label).verbose_name = name


def _sync_roles(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    from orgs import roles

    # Each federation app's permissions are created by auth's post_migrate for that app, after the
    # previous app's; synchronising after each of them leaves the groups complete (it is idempotent).
    if app_config is not None and app_config.label not in settings.FEDERATION_APPS:
        return
    roles.sync_role_permissions(apps=global_apps)
