"""Build (or reuse) the benchmark databases fulian_bench1 and fulian_bench50 on PostgreSQL.

A database is reused when its fingerprint (a hash of every migration and demo loader) matches the one
stored as the database's COMMENT; otherwise it is dropped, migrated and loaded with
``load_demo --scale N`` in a child process that times each app's loader.

    .venv/bin/python -m bench.build --scale 50          # build if stale, print the timings
    .venv/bin/python -m bench.build --scale 1 --force   # rebuild
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DEMO_PASSWORD = "Bench-2026-pass!"
SEED = 2026
FINGERPRINT_GLOBS = [
    "*/migrations/*.py",
    "*/sample_county*.py",
    "orgs/management/commands/load_demo.py",
]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for pattern in FINGERPRINT_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            if ".venv" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def db_name(scale: int) -> str:
    # BENCH_DB_PREFIX lets two people build benchmark databases on one server without dropping each other's.
    return f"{os.environ.get('BENCH_DB_PREFIX', 'fulian_bench')}{scale}"


def db_url(scale: int) -> str:
    return f"{PG_URL}/{db_name(scale)}"


def bench_env(scale: int, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url(scale),
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEMO_PASSWORD=DEMO_PASSWORD,
        PYTHONPATH=str(ROOT),
        DB_CONN_MAX_AGE="60",
    )
    env.update(extra)
    return env


def _admin_connection():
    import psycopg2

    connection = psycopg2.connect(f"{PG_URL}/postgres")
    connection.autocommit = True
    return connection


def stored_comment(scale: int) -> dict | None:
    with _admin_connection() as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [db_name(scale)]
        )
        row = cursor.fetchone()
    if row is None or not row[0]:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def ensure(scale: int, *, force: bool = False, reuse_stale: bool = False) -> dict:
    """The database for ``scale``, built if missing or stale; returns its build record.

    ``reuse_stale`` keeps a database built from older migrations or loaders (to re-measure while the code
    is still changing); the record then says so."""
    wanted = fingerprint()
    record = stored_comment(scale)
    if record and not force and (record.get("fingerprint") == wanted or reuse_stale):
        record["reused"] = True
        record["stale"] = record.get("fingerprint") != wanted
        return record
    name = db_name(scale)
    print(f"building {name} (scale {scale}) ...", flush=True)
    connection = _admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=bench_env(scale), check=True)
    migrate_seconds = time.perf_counter() - started
    output = subprocess.run(
        [PYTHON, "-m", "bench.build", "--load", str(scale)],
        cwd=ROOT,
        env=bench_env(scale),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    timings = json.loads(output.strip().splitlines()[-1])
    started = time.perf_counter()
    with connection.cursor():
        subprocess.run(["psql", db_url(scale), "-q", "-c", "VACUUM ANALYZE"], check=True, capture_output=True)
    timings["vacuum_analyze"] = round(time.perf_counter() - started, 2)
    record = {
        "fingerprint": wanted,
        "scale": scale,
        "migrate_seconds": round(migrate_seconds, 2),
        **timings,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    with connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [json.dumps(record)])
    connection.close()
    record["reused"] = False
    return record


def _load(scale: int) -> None:
    """In the child process: run the real ``load_demo`` command, timing each app's loader."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    import orgs.management.commands.load_demo as command_module

    timings: dict[str, float] = {}
    cpu_timings: dict[str, float] = {}  # this process's CPU: what the loader costs, whatever else the machine runs
    real_import_string = command_module.import_string

    def timed_import_string(path: str):
        loader = real_import_string(path)

        def timed(ctx):
            started, cpu = time.perf_counter(), time.process_time()
            loader(ctx)
            timings[path] = round(time.perf_counter() - started, 2)
            cpu_timings[path] = round(time.process_time() - cpu, 2)

        return timed

    command_module.import_string = timed_import_string
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", scale=scale, seed=SEED, force=True, stdout=quiet)
    total = time.perf_counter() - started
    counts = {}
    with connection.cursor() as cursor:
        for label, table in [
            ("units", "orgs_unit"),
            ("organisations", "orgs_womenorganisation"),
            ("cadres", "orgs_cadre"),
            ("posts", "orgs_post"),
            ("applications", "demo_sites_application"),
            ("events", "training_event"),
            ("attendance", "training_attendance"),
        ]:
            try:
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[label] = cursor.fetchone()[0]
            except Exception:  # noqa: BLE001 - an app still being written may not have this table yet
                counts[label] = None
        cursor.execute("SELECT kind, count(*) FROM orgs_unit GROUP BY kind ORDER BY kind")
        counts["units_by_kind"] = dict(cursor.fetchall())
    print(
        json.dumps({"load_seconds": round(total, 2), "loaders": timings, "loaders_cpu": cpu_timings, "counts": counts})
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--reuse-stale", action="store_true")
    parser.add_argument("--load", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        _load(args.load)
        return
    for scale in args.scale or [1, 50]:
        print(json.dumps(ensure(scale, force=args.force, reuse_stale=args.reuse_stale), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
