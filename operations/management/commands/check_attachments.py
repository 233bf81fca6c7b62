"""manage.py check_attachments: rows whose file is missing, and files no row names (files.storage)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from files.storage import ATTACHMENTS_ROOT, check_stored_files


class Command(BaseCommand):
    help = (
        "核对附件：列出文件已丢失的附件记录，以及没有任何记录引用的文件（上传中断留下的孤立文件）。"
        "发现问题时以非零状态退出，可用于定时巡检。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-orphan-files",
            action="store_true",
            help="删除孤立文件（只删除早于 --min-age 分钟的文件；附件记录从不删除）",
        )
        parser.add_argument(
            "--min-age",
            type=float,
            default=60,
            help="孤立文件至少存在多少分钟才算孤立（默认 60：更新的文件可能正在上传、记录尚未保存）",
        )

    def handle(self, *args, delete_orphan_files: bool, min_age: float, **options):
        report = check_stored_files(min_orphan_age=min_age * 60)
        for model, pk, name in report.rows_without_file:
            self.stdout.write(f"记录缺少文件：{model._meta.verbose_name}（{model._meta.label} #{pk}）{name}")
        for name in report.orphan_files:
            if delete_orphan_files:
                default_storage.delete(name)
                self.stdout.write(f"已删除孤立文件：{name}")
            else:
                self.stdout.write(f"孤立文件：{name}")
        for name in report.young_orphans:
            self.stdout.write(f"暂未引用的新文件（不足 {min_age:g} 分钟，可能正在上传，未处理）：{name}")
        summary = (
            f"附件核对（{ATTACHMENTS_ROOT}/）：记录缺少文件 {len(report.rows_without_file)} 条，"
            f"孤立文件 {len(report.orphan_files)} 个"
            + ("（已删除）" if delete_orphan_files and report.orphan_files else "")
            + f"，暂未引用的新文件 {len(report.young_orphans)} 个。"
        )
        if report.rows_without_file or (report.orphan_files and not delete_orphan_files):
            advice = (
                "缺少的文件可从备份的 media.tar.gz 中取回（其中路径相对于 MEDIA_ROOT）。"
                if report.rows_without_file
                else ("可加 --delete-orphan-files 删除孤立文件。")
            )
            raise CommandError(f"{summary}{advice}")
        self.stdout.write(self.style.SUCCESS(summary))
