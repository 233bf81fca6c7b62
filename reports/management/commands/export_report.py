"""python manage.py export_report NAME --year YYYY [--township ID] -o FILE.xlsx"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone

from reports import workbooks
from reports.selectors import make_scope


def _whole_county_reader():
    """An unsaved superuser: the command is run by an operator on the server and reads the whole
    county through the same scoping as every page (orgs.scoping treats a superuser as county-wide)."""
    return get_user_model()(username="export_report", is_superuser=True, is_active=True)


class Command(BaseCommand):
    help = "导出统计报表（Excel）。NAME 为 " + "、".join(workbooks.NAMES) + " 之一。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", choices=workbooks.NAMES, help="报表名称")
        parser.add_argument("--year", type=int, default=None, help="年度，默认为今年")
        parser.add_argument("--township", type=int, default=None, help="只导出该乡镇（填乡镇的 ID）")
        parser.add_argument("-o", "--output", required=True, help="输出文件路径（.xlsx）")

    def handle(self, *args, name, year, township, output, **options) -> None:
        this_year = timezone.localdate().year
        year = year or this_year
        if not 2000 <= year <= this_year:
            raise CommandError(f"--year 应在 2000 至 {this_year} 之间。")
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("输出文件应以 .xlsx 结尾。")
        if not path.parent.exists():
            raise CommandError(f"目录不存在：{path.parent}")
        try:
            scope = make_scope(user=_whole_county_reader(), year=year, township_id=township)
        except Http404 as exc:
            raise CommandError(f"找不到 ID 为 {township} 的乡镇。") from exc
        workbook, title = workbooks.export(name, scope)
        workbook.save(path)
        self.stdout.write(self.style.SUCCESS(f"已导出《{title.removesuffix('.xlsx')}》到 {path}"))
