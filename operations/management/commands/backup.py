"""manage.py backup: the database and the uploaded files, with a manifest for verifying a restore."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 用 pg_dump 自定义格式，SQLite 用在线备份）和全部附件，并写出校验清单。"

    def add_arguments(self, parser):
        default = os.environ.get("BACKUP_DIR") or str(Path(settings.VAR_DIR) / "backups")
        parser.add_argument("--output-dir", default=default, help=f"备份存放目录（默认 {default}）")

    def handle(self, *args, output_dir, **options):
        try:
            folder = create_backup(Path(output_dir))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"备份完成：{folder}"))
        return None
