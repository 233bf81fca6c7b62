"""python manage.py load_demo: build the demo county (see orgs.demo) and its demo accounts."""

from __future__ import annotations

import os
import random
import secrets
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from orgs.demo import DemoContext
from orgs.models import Unit


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
                return
            if not reset:
                raise CommandError("数据库中已有数据。如需清空后重建，请加 --reset。")
            call_command("flush", interactive=False, verbosity=0)
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
            for path in settings.DEMO_LOADERS:
                import_string(path)(ctx)
        self.stdout.write(self.style.SUCCESS(f"演示数据加载完成，用时 {time.monotonic() - started:.1f} 秒。"))
        self.stdout.write("演示账号：admin（系统管理员）、county（县妇联工作人员）、leader（领导）、"
                          "town01…town11（各乡镇填报员，town01 为萧江镇）")
        if os.environ.get("DEMO_PASSWORD"):
            self.stdout.write("密码：环境变量 DEMO_PASSWORD 的值")
        else:
            self.stdout.write(f"密码：{password}")
