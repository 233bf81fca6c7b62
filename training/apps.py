from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "培训与活动"

    def ready(self) -> None:
        # orgs synchronises the roles after its own post_migrate, before this app's permissions exist
        # on a fresh database; synchronise again once they do.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="training.sync_role_permissions")


def _sync_roles(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from orgs import roles

    roles.sync_role_permissions(apps=global_apps)
