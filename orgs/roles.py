"""The four roles of the portal, as Django groups, and the permissions each one holds.

Groups are created by a data migration; their permissions are (re)synchronised after every migrate,
because models of later apps bring permissions that do not exist when the migration runs.
"""

from __future__ import annotations

from django.apps import apps as global_apps

from orgs.federation import federation_models

ADMIN = "系统管理员"
COUNTY_STAFF = "县妇联工作人员"
LEADER = "领导"
TOWNSHIP_STAFF = "乡镇妇联填报员"
ALL_ROLES = (ADMIN, COUNTY_STAFF, LEADER, TOWNSHIP_STAFF)
COUNTY_WIDE_ROLES = (ADMIN, COUNTY_STAFF, LEADER)

# Default actions township staff may take on a model that carries a township key; a model narrows them
# with a ``TOWNSHIP_STAFF_ACTIONS`` attribute (e.g. view only for records the county decides).
DEFAULT_TOWNSHIP_ACTIONS = ("view", "add", "change", "delete", "import", "export")
# Permissions that stay with the system administrator unless a model grants them to other roles.
ADMIN_ONLY_CODENAMES = {"reveal_id_number"}


def permissions_by_role(apps=global_apps) -> dict[str, set[tuple[str, str]]]:
    """(app_label, codename) pairs for each role, derived from the models themselves."""
    from orgs.scoping import is_township_owned  # scoping reads the role names from here

    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    result: dict[str, set[tuple[str, str]]] = {role: set() for role in ALL_ROLES}
    for model in federation_models(apps):
        opts = model._meta
        try:
            content_type = ContentType.objects.get(app_label=opts.app_label, model=opts.model_name)
        except ContentType.DoesNotExist:
            continue
        codenames = set(Permission.objects.filter(content_type=content_type).values_list("codename", flat=True))
        township_actions = getattr(model, "TOWNSHIP_STAFF_ACTIONS", None)
        if township_actions is None:
            township_actions = DEFAULT_TOWNSHIP_ACTIONS if is_township_owned(model) else ("view",)
        county_actions = getattr(model, "COUNTY_STAFF_ACTIONS", None)
        for codename in codenames:
            action = codename.rsplit(f"_{opts.model_name}", 1)[0]
            pair = (opts.app_label, codename)
            result[ADMIN].add(pair)
            if codename in ADMIN_ONLY_CODENAMES:
                continue
            if county_actions is None or action in county_actions:
                result[COUNTY_STAFF].add(pair)
            if action in ("view", "export"):
                result[LEADER].add(pair)
            if action in township_actions:
                result[TOWNSHIP_STAFF].add(pair)
    # Accounts and roles are the system administrator's, also for an administrator who is not a superuser.
    result[ADMIN].update(
        ("auth", codename)
        for codename in Permission.objects.filter(
            content_type__app_label="auth", content_type__model__in=["user", "group"]
        ).values_list("codename", flat=True)
    )
    return result


def sync_role_permissions(apps=global_apps, **kwargs) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, pairs in permissions_by_role(apps).items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in sorted(pairs)
        ]
        group.permissions.set(wanted)
