"""python manage.py refresh_figures — compute this year's and last year's figures ahead of the readers.

The figures are kept per reference day (an organisation falls overdue, a post ends, a designation lapses as
days pass), so the first reader of a new day would wait for the whole county to be aggregated. Run this
just after midnight (cron, a systemd timer) and nobody waits; it is harmless at any other time.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.indicators.ledger import county_ledger, today_period


class Command(BaseCommand):
    help = "预先计算今年和上年的统计数据（建议每天零点后运行一次），使当天第一位查看报表的用户无需等待。"

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        for year in (today.year, today.year - 1):
            started = time.perf_counter()
            ledger = county_ledger(today_period(year, today))
            self.stdout.write(
                f"{year}年：{len(ledger.figures)} 个乡镇（含县直）的统计数据已就绪，"
                f"用时 {time.perf_counter() - started:.1f} 秒。"
            )
