"""manage.py purge_audit: remove old security audit events, never any younger than the legal minimum."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.log import Kind, audit_log
from audit.models import AuditEvent

# 网络安全法 第二十一条: network logs are kept for no less than six months.
MINIMUM_RETENTION_DAYS = 180


class Command(BaseCommand):
    help = f"删除早于指定天数的安全审计日志；保留期不能少于 {MINIMUM_RETENTION_DAYS} 天。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days", type=int, default=365, help="删除多少天以前的日志（默认 365，最少 180）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, older_than_days: int, dry_run: bool = False, **options):
        if older_than_days < MINIMUM_RETENTION_DAYS:
            raise CommandError(
                f"审计日志至少保留 {MINIMUM_RETENTION_DAYS} 天，不能删除 {older_than_days} 天以内的日志。"
            )
        cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
        old = AuditEvent.objects.filter(occurred_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"将删除 {old.count()} 条 {cutoff:%Y-%m-%d} 以前的审计日志（未执行）。")
            return
        deleted, _ = old.delete()
        audit_log(
            kind=Kind.DELETE,
            object_repr="安全审计日志",
            detail=f"清理 {deleted} 条 {cutoff:%Y-%m-%d %H:%M} 以前的审计日志（保留 {older_than_days} 天）。",
        )
        self.stdout.write(self.style.SUCCESS(f"已删除 {deleted} 条 {cutoff:%Y-%m-%d} 以前的审计日志。"))
