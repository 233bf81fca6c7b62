"""manage.py restore <folder>: load a backup, then check every row count and file checksum against it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, Target, read_manifest, restore_backup


class Command(BaseCommand):
    help = "从备份恢复数据库和附件（会覆盖目标数据库的现有数据），并逐表核对行数、逐个核对附件校验值。"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="备份目录（manage.py backup 生成的 fulian-日期-时间 目录）")
        parser.add_argument("--database-url", help="恢复到此数据库（默认：当前配置的数据库）")
        parser.add_argument("--media-root", help="附件恢复到此目录（默认：MEDIA_ROOT）")
        parser.add_argument("--no-input", action="store_true", help="不询问确认")

    def handle(self, *args, folder, database_url=None, media_root=None, no_input=False, **options):
        try:
            manifest = read_manifest(Path(folder))
            target = Target.from_url(database_url) if database_url else Target.default()
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not no_input:
            answer = input(f"将用 {manifest['created_at']} 的备份覆盖目标数据库和附件，确定吗？输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消恢复。")
        try:
            summary = restore_backup(Path(folder), target=target, media_root=Path(media_root) if media_root else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成并已核对：{summary['tables']} 张表共 {summary['rows']} 行，{summary['files']} 个附件。"
            )
        )
