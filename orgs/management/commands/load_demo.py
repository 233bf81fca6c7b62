"""python manage.py load_demo: build the demo county (see orgs.sample_county) and its demo accounts."""

from __future__ import annotations

import os
import random
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from orgs import sample_county_bulk
from orgs.federation import federation_models
from orgs.models import Unit
from orgs.reference_data import replay_data_migrations
from orgs.sample_county import DemoContext


def _federation_models() -> list:
    """The federation's tables (with their history and many-to-many tables), the accounts and sessions."""
    models = list(federation_models(history=True, auto_created=True))
    return models + [User.groups.through, User.user_permissions.through, LogEntry, Session, User]


def _clear_federation_data() -> None:
    """Empty every table of the federation apps, the accounts and their sessions and admin log, then
    replay the apps' data migrations (duties, rubrics, audiences) so the database is as freshly migrated.

    Unlike ``flush`` this keeps content types, permissions and groups, and works inside the caller's
    transaction. On PostgreSQL one TRUNCATE (which also restarts the ids, so a rebuilt county has the
    ids of a fresh one) replaces row-by-row deletes whose foreign-key checks took most of a minute at
    scale 50; elsewhere foreign keys are checked at commit, when every referencing row is gone too."""
    models = _federation_models()
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")
    else:
        for model in models:
            model._base_manager.all()._raw_delete(model._base_manager.db)
    replay_data_migrations()


def _generated_password() -> str:
    # Meets the password rules: length, and upper, lower, digit and symbol classes.
    return f"Fl-{secrets.token_hex(3)}-{secrets.token_hex(2).upper()}"


class Command(BaseCommand):
    help = "创建演示县数据（乡镇、村社区、两新组织、妇女干部、示范点、培训）及演示账号。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--year", type=int, default=None, help="“今年”的年份，默认为当前年份")
        parser.add_argument("--scale", type=int, default=1, help="规模倍数，默认 1（与汇报材料一致）")
        parser.add_argument("--reset", action="store_true", help="清空数据库后重建")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有数据时不做任何事")
        parser.add_argument("--force", action="store_true", help="允许在 DJANGO_DEBUG=0 时运行")

    def handle(self, *args, seed, year, scale, reset, if_empty, force, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("生产环境（DJANGO_DEBUG=0）下不能加载演示数据；确需加载请加 --force。")
        if scale < 1:
            raise CommandError("--scale 必须为正整数。")
        if Unit.objects.exists():
            if if_empty:
                self.stdout.write("数据库已有数据，跳过演示数据加载。")
                self._print_accounts(os.environ.get("DEMO_PASSWORD") or self._saved_password())
                return
            if not reset:
                raise CommandError("数据库中已有数据。如需清空后重建，请加 --reset。")
        today = timezone.localdate()
        year = year or today.year
        reference = today if year == today.year else min(today, timezone.datetime(year, 12, 31).date())
        if year > today.year:
            raise CommandError("--year 不能晚于当前年份。")
        password = os.environ.get("DEMO_PASSWORD") or _generated_password()
        ctx = DemoContext(
            year=year, today=reference, scale=scale, rng=random.Random(seed), stdout=self.stdout, password=password
        )
        started = time.monotonic()
        with transaction.atomic():
            if reset:
                _clear_federation_data()
            tables = [model._meta.db_table for model in _federation_models()]
            with sample_county_bulk.checks_and_indexes_at_end(tables):
                for path in settings.DEMO_LOADERS:
                    import_string(path)(ctx)
                for finish in ctx.finishers:
                    finish()
        self.stdout.write(self.style.SUCCESS(f"演示数据加载完成，用时 {time.monotonic() - started:.1f} 秒。"))
        if not os.environ.get("DEMO_PASSWORD") and settings.DEBUG:
            self._save_password(password)
        self._print_accounts(password)

    def _print_accounts(self, password: str | None) -> None:
        self.stdout.write(
            "演示账号：admin（系统管理员）、county（县妇联工作人员）、leader（领导）、"
            "town01…town11（各乡镇填报员，town01 为萧江镇）"
        )
        if os.environ.get("DEMO_PASSWORD"):
            self.stdout.write("密码：环境变量 DEMO_PASSWORD 的值")
        elif password:
            self.stdout.write(f"密码：{password}")
        else:
            self.stdout.write("密码：首次加载演示数据时已打印；可设置 DEMO_PASSWORD 后执行 load_demo --reset 重建。")

    # A generated password is kept beside the development database (var/, git-ignored) so that the
    # next `make run` can print it again; production (DEBUG off) never writes it down.
    def _password_file(self) -> Path:
        return Path(settings.VAR_DIR) / "demo-password.txt"

    def _save_password(self, password: str) -> None:
        path = self._password_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password)
        path.chmod(0o600)

    def _saved_password(self) -> str | None:
        if not settings.DEBUG:
            return None
        path = self._password_file()
        return path.read_text().strip() if path.exists() else None
