"""python manage.py send_reminders — remind the townships of due 换届, a near 验收截止日期 and unconfirmed
figures, in their 消息 (with email and SMS where configured). For cron, once a day (e.g. at 08:00): running it
again the same day sends nothing new (``workbench.reminders``)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workbench.reminders import send_reminders


class Command(BaseCommand):
    help = "向各乡镇（及县妇联）发送换届到期、验收截止、年度数据待确认的提醒消息；同一天重复运行不会重复发送。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="按哪一天发送（YYYY-MM-DD，默认今天；用于补发或测试）")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['date']}") from exc
        created, repeated = send_reminders(today=today)
        self.stdout.write(f"{today:%Y-%m-%d}：新发提醒 {created} 条，今天已发过的 {repeated} 条未重复发送。")
