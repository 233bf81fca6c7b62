"""The federation's models: every model of the apps listed in ``settings.FEDERATION_APPS``, in one place for
the code that must treat them all alike (roles' permissions, the audit of changes, the demo loader's reset)."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps as global_apps
from django.conf import settings
from django.db.models import Model


def federation_models(apps=global_apps, *, history: bool = False, auto_created: bool = False) -> Iterator[type[Model]]:
    """The models of the federation's apps; ``apps`` may be a migration's historical registry. With
    ``history`` also django-simple-history's tables (read through their parent's admin, never directly),
    with ``auto_created`` also the many-to-many tables."""
    for label in settings.FEDERATION_APPS:
        try:
            models = apps.get_app_config(label).get_models(include_auto_created=auto_created)
        except LookupError:  # an app not installed (or not yet migrated in ``apps``)
            continue
        yield from (model for model in models if history or not model.__name__.startswith("Historical"))
