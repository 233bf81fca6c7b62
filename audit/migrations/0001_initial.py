"""The audit log moves from ``orgs`` to its own app: the model's state is created here over the existing
table ``orgs_auditevent`` (nothing is copied), its content type follows (so the county roles' view
permission stays attached), and the table takes this app's name."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model="auditevent").update(app_label=new)


def move_content_type(apps, schema_editor) -> None:
    _relabel(apps, "orgs", "audit")


def move_content_type_back(apps, schema_editor) -> None:
    _relabel(apps, "audit", "orgs")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgs", "0011_unit_name_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='用户名')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP 地址')),
                ('kind', models.CharField(choices=[('login', '登录成功'), ('login_failed', '登录失败'), ('lockout', '账号锁定'), ('logout', '退出登录'), ('denied', '越权访问'), ('export', '导出'), ('import', '导入'), ('reveal', '查看完整身份证号'), ('transition', '流程操作'), ('delete', '删除'), ('download', '下载附件'), ('id_lookup', '身份证号查询')], db_index=True, max_length=20, verbose_name='事件')),
                ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='对象')),
                ('result', models.CharField(choices=[('success', '成功'), ('failure', '失败')], default='success', max_length=10, verbose_name='结果')),
                ('detail', models.TextField(blank=True, verbose_name='说明')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
            ],
            options={
                'verbose_name': '安全审计日志',
                'verbose_name_plural': '安全审计日志',
                'ordering': ['-occurred_at'],
                'default_permissions': ('view',),
                'db_table': 'orgs_auditevent',
            },
        ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.AlterModelTable(name="auditevent", table=None),
    ]
