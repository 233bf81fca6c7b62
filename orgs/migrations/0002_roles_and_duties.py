"""The portal's roles as groups, and the usual concurrent duties of a township chair.

Permissions are attached after every migrate by orgs.roles.sync_role_permissions, since the models of
later apps do not exist yet when this migration runs.
"""

from django.db import migrations

ROLES = ("系统管理员", "县妇联工作人员", "领导", "乡镇妇联填报员")
DUTIES = ("出纳", "文化", "组织", "宣传", "统计", "计生", "民政", "党建", "综治", "其他")


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Duty = apps.get_model("orgs", "Duty")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for name in DUTIES:
        Duty.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("orgs", "Duty").objects.filter(name__in=DUTIES).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create, remove)]
