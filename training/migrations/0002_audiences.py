from django.db import migrations

# 培训对象 the county's reports name; county staff may add more in the admin.
AUDIENCES = [
    "科局级妇女干部",
    "“两代表一委员”",
    "新任村级妇女干部",
    "城乡社区妇联主席",
    "乡镇(街道)妇联主席",
    "村（社区）妇联主席",
    "执委",
    "两新组织妇女干部",
    "巾帼志愿者",
    "妇女群众",
]


def seed(apps, schema_editor):
    Audience = apps.get_model("training", "Audience")
    for order, name in enumerate(AUDIENCES, start=1):
        Audience.objects.get_or_create(name=name, defaults={"sort_order": order})


def unseed(apps, schema_editor):
    apps.get_model("training", "Audience").objects.filter(name__in=AUDIENCES).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
