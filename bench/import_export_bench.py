"""Benchmark of the Excel import and export against the plain baselines (issue 6).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fulian_bench .venv/bin/python bench/import_export_bench.py
    ... --rows 10000 --export-rows 10000,100000

Creates a throw-away test database (``test_<name>``, migrated, dropped at the end), one township with 50
villages, and a 10,000-row cadre sheet for that township. It reports, in the same run on the same machine:

* our preview (dry run) and import of the sheet, by a township user, against a plain ``bulk_create`` of the
  same validated rows (no history, no validation: the floor);
* a re-import of the unchanged sheet (every row looked up and compared, nothing written);
* our export of N cadres (scoped, masked, formula-safe, streamed) against a bare openpyxl write-only loop over
  ``values_list`` of the same rows.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulian.settings.test")


def valid_id_number(sequence: int) -> str:
    from stdnum.cn import ric

    birth = datetime.date(1985, 3, 12) + datetime.timedelta(days=sequence // 500)
    body = f"330326{birth:%Y%m%d}{(sequence % 500) * 2:03d}"
    return body + ric.calc_check_digit(body + "0")


class Timer:
    def __init__(self) -> None:
        self.results: list[tuple[str, float]] = []

    def __call__(self, label: str):
        timer = self

        class _Block:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                elapsed = time.perf_counter() - self.start
                timer.results.append((label, elapsed))
                print(f"{label:<58} {elapsed:8.2f} s", flush=True)

        return _Block()


def build_world():
    from django.contrib.auth.models import Group, User

    from orgs import roles
    from orgs.models import StaffProfile, Unit, WomenOrganisation

    county = Unit.objects.create(name="清源县", kind=Unit.Kind.COUNTY)
    township = Unit.objects.create(name="萧江镇", kind=Unit.Kind.TOWNSHIP, parent=county)
    villages = [Unit.objects.create(name=f"第{i}村", kind=Unit.Kind.VILLAGE, parent=township) for i in range(50)]
    for village in villages:
        WomenOrganisation.objects.create(unit=village, name=f"{village.name}妇联")
    user = User.objects.create_user("bench_town", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.TOWNSHIP_STAFF))
    StaffProfile.objects.create(user=user, township=township)
    return township, villages, user


def cadre_sheet(rows: int, villages) -> bytes:
    from orgs.resources import CadreResource

    headers = [CadreResource().fields[name].column_name for name in CadreResource().get_import_order()]
    politics = ["中共党员", "群众", "共青团员"]

    def body():
        for i in range(rows):
            village = villages[i % len(villages)]
            position = "主席" if i < len(villages) else ("执委" if i % 7 == 0 else "")
            yield [
                "萧江镇",
                village.name,
                f"干部{i}",
                valid_id_number(i),
                "女",
                "汉族",
                politics[i % 3],
                "大专",
                f"138{i:08d}",
                position,
                "2024/3/5" if position else None,
                "否" if position else "",
                "否",
                "",
            ]

    # Built in normal mode, like a file saved by Excel (shared strings, a <dimension>): a write-only file has
    # no dimension and openpyxl's read-only reader would scan it twice.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in body():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fresh_user(user):
    from django.contrib.auth.models import User

    return User.objects.get(pk=user.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--export-rows", default="10000,100000")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    from files.import_format import SafeXLSX, write_xlsx
    from orgs import idnumbers
    from orgs.models import Cadre, Unit
    from orgs.resources import CadreResource

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    timer = Timer()
    try:
        print(f"database: {connection.vendor}, rows: {args.rows}")
        township, villages, user = build_world()
        data = cadre_sheet(args.rows, villages)
        print(f"sheet: {len(data) / 1024 / 1024:.1f} MB")

        with timer("read .xlsx into a dataset"):
            dataset = SafeXLSX().create_dataset(data)

        with timer(f"preview (dry run) of {args.rows} rows"):
            preview = CadreResource(user=fresh_user(user)).import_data(dataset, dry_run=True)
        assert not preview.has_errors() and not preview.has_validation_errors(), preview.messages[:5]

        # The floor: the same validated rows, bulk-inserted with nothing else (rolled back afterwards).
        fields = [f for f in Cadre._meta.concrete_fields if not f.primary_key]
        plain = [Cadre(**{f.attname: getattr(r.instance, f.attname) for f in fields}) for r in preview.rows]
        with transaction.atomic():
            with timer(f"baseline: plain bulk_create of {args.rows} rows"):
                Cadre.objects.bulk_create(plain, batch_size=500)
            transaction.set_rollback(True)

        with timer(f"import of {args.rows} rows (with history and posts)"), transaction.atomic():
            result = CadreResource(user=fresh_user(user)).import_data(dataset, dry_run=False)
        assert result.counts["new"] == args.rows, result.counts
        assert Cadre.history.count() == args.rows

        with timer(f"preview of the same {args.rows} rows again (all unchanged)"):
            again = CadreResource(user=fresh_user(user)).import_data(dataset, dry_run=True)
        assert again.counts["skip"] == args.rows, again.counts

        # The same file through the admin pages, as a user does it (read, preview page, confirm, log entries).
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        Cadre.objects.all().delete()
        client = Client()
        client.force_login(user)
        with timer(f"admin: upload and preview page of {args.rows} rows"):
            page = client.post(
                "/admin/orgs/cadre/import/",
                {
                    "import_file": SimpleUploadedFile("干部.xlsx", data),
                    "format": "0",
                    "resource": "0",
                },
            )
        form = page.context["confirm_form"]
        with timer(f"admin: confirm import of {args.rows} rows"):
            done = client.post("/admin/orgs/cadre/process_import/", {n: form.initial.get(n, "") for n in form.fields})
        assert done.status_code == 302 and Cadre.objects.count() == args.rows

        for wanted in [int(n) for n in args.export_rows.split(",") if n]:
            existing = Cadre.objects.count()
            if existing < wanted:
                extra = []
                token = idnumbers.encrypt(valid_id_number(0))
                for i in range(existing, wanted):
                    number = valid_id_number(i)
                    village = villages[i % len(villages)]
                    extra.append(
                        Cadre(
                            unit=village,
                            township=township,
                            name=f"干部{i}",
                            phone=f"138{i:08d}",
                            id_number_encrypted=token,
                            id_number_hash=idnumbers.lookup_hash(number),
                            id_number_masked=idnumbers.mask(number),
                            notes="=1+1" if i % 100 == 0 else "",
                        )
                    )
                Cadre.objects.bulk_create(extra, batch_size=2000)
            queryset = Cadre.objects.filter(township=township).order_by("pk")[:wanted]
            queryset = Cadre.objects.filter(pk__in=list(queryset.values_list("pk", flat=True))).order_by("pk")

            resource = CadreResource(user=fresh_user(user))
            rows = resource.export_rows(resource.export_queryset(queryset))
            with (
                timer(f"our export of {wanted} cadres (scoped, masked, streamed)"),
                write_xlsx(resource.export_headers(), rows) as handle,
            ):
                size = handle.seek(0, 2)

            from bench.data_io import CADRE_COLUMNS, current_posts_joined

            with timer(f"baseline: bare write-only loop over {wanted} rows"):
                from openpyxl import Workbook

                workbook = Workbook(write_only=True)
                sheet = workbook.create_sheet()
                sheet.append(list(CADRE_COLUMNS[1:]))
                last = None
                for row in current_posts_joined(queryset).values_list(*CADRE_COLUMNS).iterator(chunk_size=2000):
                    if row[0] != last:
                        last = row[0]
                        sheet.append(list(row[1:]))
                with tempfile.TemporaryFile() as handle:
                    workbook.save(handle)
            print(f"  (our file: {size / 1024 / 1024:.1f} MB)")
        assert Unit.objects.count() > 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print("\nsummary")
    for label, elapsed in timer.results:
        print(f"  {label:<58} {elapsed:8.2f} s")
    print("(the import by the resource is timed on its own above; the admin figures include reading the file)")


if __name__ == "__main__":
    main()
