"""Export and import measurements, each in its own child process so that its peak memory (max RSS from
getrusage) is its own. ``python -m bench.data_io MODE`` prints one JSON line.

Modes (run against the scale-50 database):
  cadre-export      our export path (CadreResource.export_rows -> write_xlsx), 100,000 cadres, as county staff
  cadre-bare        a bare openpyxl write-only loop over values_list of the same 100,000 rows and the same
                    14 columns (her current post LEFT JOINed), stored values as they are
  summary-export    the 汇总表 (reports.workbooks.export("summary")) for the whole county, saved to bytes
  summary-bare      the same selectors' rows written by a bare write-only loop
  import            a 10,000-row cadre sheet for one township: read + our import (validate, scope, write,
                    history) against a plain bulk_create of the same rows; every write rolled back
"""

from __future__ import annotations

import datetime
import io
import json
import os
import resource
import sys
import tempfile
import time

from bench.cpu import CpuClock

EXPORT_ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", "100000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
# The values of our export's 14 columns as stored: codes instead of Chinese labels, the phone unmasked.
CADRE_COLUMNS = (
    "pk",
    "township__name",
    "unit__name",
    "name",
    "id_number_masked",
    "sex",
    "ethnicity",
    "political_status",
    "education",
    "phone",
    "current_post__position",
    "current_post__started_on",
    "current_post__on_committee",
    "is_reserve",
    "notes",
)


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _export_queryset():
    from orgs.models import Cadre

    last_pk = Cadre.objects.order_by("pk").values_list("pk", flat=True)[EXPORT_ROWS - 1]
    return Cadre.objects.filter(pk__lte=last_pk).order_by("pk")


def current_posts_joined(queryset):
    """The cadres with their current posts LEFT JOINed (the plain SQL way to the same values)."""
    from django.db.models import FilteredRelation, Q
    from django.utils import timezone

    today = timezone.localdate()
    current = FilteredRelation(
        "posts",
        condition=(
            (Q(posts__ended_on__isnull=True) | Q(posts__ended_on__gte=today))
            & (Q(posts__started_on__isnull=True) | Q(posts__started_on__lte=today))
        ),
    )
    return queryset.annotate(current_post=current).order_by("pk")


def cadre_export() -> dict:
    from django.contrib.auth.models import User

    from files.import_format import write_xlsx
    from orgs.resources import CadreResource

    queryset = _export_queryset()
    user = User.objects.get(username="county")
    started = time.perf_counter()
    resource_ = CadreResource(user=user)
    count = 0

    def counted(rows):
        nonlocal count
        for row in rows:
            count += 1
            yield row

    with write_xlsx(
        resource_.export_headers(), counted(resource_.export_rows(resource_.export_queryset(queryset)))
    ) as handle:
        size = handle.seek(0, 2)
    return {"seconds": time.perf_counter() - started, "rows": count, "bytes": size}


def cadre_bare() -> dict:
    from openpyxl import Workbook

    queryset = current_posts_joined(_export_queryset())
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(CADRE_COLUMNS[1:]))
    count = 0
    last = None
    for row in queryset.values_list(*CADRE_COLUMNS).iterator(chunk_size=2000):
        if row[0] == last:  # a second current post: one row per cadre, as in our export
            continue
        last = row[0]
        sheet.append(list(row[1:]))
        count += 1
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        size = handle.seek(0, 2)
    return {"seconds": time.perf_counter() - started, "rows": count, "bytes": size}


def _scope():
    from django.contrib.auth.models import User
    from django.utils import timezone

    from reports.selectors import make_scope

    return make_scope(user=User.objects.get(username="leader"), year=timezone.localdate().year)


def summary_export() -> dict:
    from reports import workbooks

    scope = _scope()
    started = time.perf_counter()
    workbook, _ = workbooks.export("summary", scope)
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = sum(ws.max_row * ws.max_column for ws in workbook.worksheets)
    return {"seconds": time.perf_counter() - started, "rows": cells, "bytes": len(buffer.getvalue())}


def summary_bare() -> dict:
    from openpyxl import Workbook

    from reports import workbooks

    scope = _scope()
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    cells = 0
    for summary in workbooks.SUMMARIES.values():
        for spec, rows in summary.sheets(summary.rows(scope)):
            sheet = workbook.create_sheet(spec.sheet_name)
            for row in rows:
                values = [v if isinstance(v, int | float | str) or v is None else str(v) for v in row.values()]
                sheet.append(values)
                cells += len(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {"seconds": time.perf_counter() - started, "rows": cells, "bytes": len(buffer.getvalue())}


def _new_id_numbers(count: int) -> list[str]:
    """Valid women's 身份证号 of the demo county's region that no registered cadre has."""
    from stdnum.cn import ric

    from orgs import idnumbers
    from orgs.models import Cadre

    numbers: list[str] = []
    sequence = 0
    while len(numbers) < count:
        batch = []
        for _ in range(2000):
            birth = datetime.date(1985, 3, 12) + datetime.timedelta(days=sequence // 500)
            body = f"330326{birth:%Y%m%d}{(sequence % 500) * 2:03d}"
            batch.append(body + ric.calc_check_digit(body + "0"))
            sequence += 1
        by_hash = {idnumbers.lookup_hash(n): n for n in batch}
        taken = set(Cadre.objects.filter(id_number_hash__in=list(by_hash)).values_list("id_number_hash", flat=True))
        numbers += [n for h, n in by_hash.items() if h not in taken]
    return numbers[:count]


def _cadre_sheet(rows: int, township, units) -> bytes:
    from openpyxl import Workbook

    from orgs.resources import CadreResource

    headers = [CadreResource().fields[name].column_name for name in CadreResource().get_import_order()]
    politics = ["中共党员", "群众", "共青团员"]
    id_numbers = _new_id_numbers(rows)
    # Normal mode, like a file saved by Excel (shared strings and a <dimension>).
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for i in range(rows):
        unit = units[i % len(units)]
        position = "执委" if i % 7 == 0 else ""
        sheet.append(
            [
                township.name,
                unit.name,
                f"导入干部{i}",
                id_numbers[i],
                "女",
                "汉族",
                politics[i % 3],
                "大专",
                f"139{i:08d}",
                position,
                "2024/3/5" if position else None,
                "否" if position else "",
                "否",
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cadre_import() -> dict:
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from files.import_format import SafeXLSX
    from orgs.models import Cadre, StaffProfile, Unit, WomenOrganisation
    from orgs.resources import CadreResource

    user = User.objects.get(username="town01")
    township = StaffProfile.objects.get(user=user).township
    units = list(
        Unit.objects.filter(
            township=township,
            kind__in=[Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY],
            pk__in=WomenOrganisation.objects.values("unit_id"),
        ).order_by("pk")
    )
    data = _cadre_sheet(IMPORT_ROWS, township, units)
    result: dict = {
        "rows": IMPORT_ROWS,
        "units": len(units),
        "township": township.name,
        "cadres_in_db": Cadre.objects.count(),
    }

    def fresh_user():
        return User.objects.get(pk=user.pk)

    with CpuClock(connection) as clock:
        started = time.perf_counter()
        dataset = SafeXLSX().create_dataset(data)
        result["read_seconds"] = time.perf_counter() - started
    result["read_cpu_seconds"] = clock.total

    started = time.perf_counter()
    preview = CadreResource(user=fresh_user()).import_data(dataset, dry_run=True)
    result["preview_seconds"] = time.perf_counter() - started
    if preview.has_errors() or preview.has_validation_errors():
        errors = [str(e.error) for e in preview.base_errors[:3]] + [
            f"{r.number}: {r.error_dict if hasattr(r, 'error_dict') else r}" for r in preview.invalid_rows[:3]
        ]
        raise SystemExit(f"the bench sheet does not validate: {errors}")

    fields = [f for f in Cadre._meta.concrete_fields if not f.primary_key]
    plain = [Cadre(**{f.attname: getattr(r.instance, f.attname) for f in fields}) for r in preview.rows]
    with transaction.atomic():
        with CpuClock(connection) as clock:
            started = time.perf_counter()
            Cadre.objects.bulk_create(plain, batch_size=500)
            result["bulk_create_seconds"] = time.perf_counter() - started
        result["bulk_create_cpu_seconds"] = clock.total
        transaction.set_rollback(True)

    with transaction.atomic():
        queries_before = len(connection.queries_log)
        connection.force_debug_cursor = True
        with CpuClock(connection) as clock:
            started = time.perf_counter()
            outcome = CadreResource(user=fresh_user()).import_data(dataset, dry_run=False)
            result["import_seconds"] = time.perf_counter() - started
        result["import_cpu_seconds"] = clock.total
        connection.force_debug_cursor = False
        result["import_queries"] = len(connection.queries_log) - queries_before
        result["new"] = outcome.counts["new"]
        result["history_rows"] = Cadre.history.filter(name__startswith="导入干部").count()
        transaction.set_rollback(True)
    result["full_pass_seconds"] = result["read_seconds"] + result["import_seconds"]
    result["full_pass_cpu_seconds"] = result["read_cpu_seconds"] + result["import_cpu_seconds"]
    result["seconds"] = result["full_pass_seconds"]
    return result


MODES = {
    "cadre-export": cadre_export,
    "cadre-bare": cadre_bare,
    "summary-export": summary_export,
    "summary-bare": summary_bare,
    "import": cadre_import,
}


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    connection.ensure_connection()
    mode = sys.argv[1]
    baseline = current_rss_mb()
    with CpuClock(connection) as clock:
        outcome = MODES[mode]()
    # CPU spent, this process's and its PostgreSQL backend's (bench/cpu.py): holds on a busy machine.
    outcome["cpu_seconds"] = clock.total if clock.total is not None else clock.python
    outcome["db_cpu_seconds"] = clock.db
    outcome.update(mode=mode, peak_rss_mb=round(rss_mb(), 1), baseline_rss_mb=round(baseline, 1))
    outcome["peak_above_baseline_mb"] = round(outcome["peak_rss_mb"] - baseline, 1)
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in outcome.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
