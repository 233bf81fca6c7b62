"""The portal's admin site (数据管理): the stock site, except that township staff find their models grouped
by the task they do, not by app.

A township clerk keeps units, organisations, cadres and their posts, 换届, trainings and funds; the
records the county's workflow writes (流程记录, 复核记录, 验收记录 …) and the county's lists (评价标准, 兼职岗位,
班子配备要求) are read-only for her and do not belong on her index. County roles keep the full list by app.
Every page stays where it was: only the index and the navigation sidebar change.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# (group, its models as (app label, model name)) in the order a clerk meets them.
TOWNSHIP_TASKS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("单位与组织", (("orgs", "unit"), ("orgs", "womenorganisation"))),
    ("干部与任职", (("orgs", "cadre"), ("orgs", "post"))),
    ("换届", (("orgs", "termelection"),)),
    ("培训", (("training", "event"), ("training", "attendance"))),
    ("经费", (("orgs", "budget"), ("orgs", "expenditure"))),
)


def group_by_task(app_list: list[dict]) -> list[dict]:
    """The stock app list regrouped into ``TOWNSHIP_TASKS``; models outside them are left out."""
    models = {(app["app_label"], model["object_name"].lower()): model for app in app_list for model in app["models"]}
    groups = []
    for number, (name, keys) in enumerate(TOWNSHIP_TASKS, start=1):
        found = [models[key] for key in keys if key in models]
        if found:
            groups.append(
                {"name": name, "app_label": f"task{number}", "app_url": "", "has_module_perms": True, "models": found}
            )
    return groups


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        from orgs import scoping  # not at import: this module is loaded while the app registry fills

        app_list = super().get_app_list(request, app_label)
        if app_label is None and scoping.township_id_of(request.user) is not None:
            return group_by_task(app_list)
        return app_list


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``PortalAdminSite`` as ``admin.site`` (INSTALLED_APPS names this)."""

    default_site = "fulian.admin_site.PortalAdminSite"
