"""`make bench`: build (or reuse) the scale-1 and scale-50 PostgreSQL databases, measure pages, exports,
import and load, print a table and write bench/results.json (and bench/results.md for BENCHMARKS.md).

    .venv/bin/python -m bench.run                    # everything
    .venv/bin/python -m bench.run --only pages       # pages, export, import, load, signin (comma separated)
    BENCH_PG_URL=postgres://user@127.0.0.1:5432 ...  # another PostgreSQL server (loopback)

A benchmark, not a test: nothing here asserts on time; the targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench import build, load, sign_in

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
TARGETS = {
    "page_p95_ms": 150,
    "export_ratio": 1.2,
    "export_peak_mb": 100,
    "import_ratio": 2.0,
    "load_p95_ms": 500,
    "signin_p95_ms": 300,
}


def machine() -> dict:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return ""

    def version(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
        except (OSError, subprocess.CalledProcessError):
            return ""

    import django
    import openpyxl

    memory_kb = first("/proc/meminfo", "MemTotal").split()[0] if first("/proc/meminfo", "MemTotal") else "0"
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "nproc": os.cpu_count(),
        "memory_gb": round(int(memory_kb) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "openpyxl": openpyxl.__version__,
        "postgresql": version("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"),
        "gunicorn": version(str(Path(sys.executable).parent / "gunicorn"), "--version"),
        "locust": version(str(Path(sys.executable).parent / "locust"), "--version"),
        "load_average_at_start": os.getloadavg(),
        "git": version("git", "-C", str(ROOT), "describe", "--always", "--dirty"),
    }


def child_json(module: str, scale: int, *args: str, **env: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=build.bench_env(scale, **env),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_pages(scales: list[int]) -> dict:
    result = {}
    for scale in scales:
        print(f"pages at scale {scale} ...", file=sys.stderr, flush=True)
        result[str(scale)] = child_json("bench.pages", scale)["pages"]
    return result


def measure_export(scale: int) -> dict:
    result = {}
    for mode in ("cadre-export", "cadre-bare", "summary-export", "summary-bare"):
        print(f"{mode} at scale {scale} ...", file=sys.stderr, flush=True)
        result[mode] = child_json("bench.data_io", scale, mode)
    return result


def measure_import(scale: int) -> dict:
    print(f"import at scale {scale} ...", file=sys.stderr, flush=True)
    return child_json("bench.data_io", scale, "import")


def measure_load(scale: int, seconds: int) -> dict:
    print(f"load test at scale {scale} ({seconds} s) ...", file=sys.stderr, flush=True)
    return load.run(build.bench_env(scale), seconds=seconds)


def measure_sign_in(scale: int) -> dict:
    print(
        f"扫码签到 at scale {scale} ({sign_in.PARTICIPANTS} participants in {sign_in.SECONDS} s) ...", file=sys.stderr
    )
    return sign_in.run(build.bench_env(scale))


# --- the table ------------------------------------------------------------------------------------------


def _ok(flag: bool) -> str:
    return "✓" if flag else "✗"


def render(results: dict) -> str:
    """The Markdown tables of ``results``: one section per part that was measured, in a fixed order."""
    sections = (
        (_builds_table, "builds"),
        (_pages_table, "pages"),
        (_export_table, "export"),
        (_import_table, "import"),
        (_load_table, "load"),
        (_sign_in_table, "signin"),
    )
    lines: list[str] = []
    for table, key in sections:
        if results.get(key):
            lines += table(results[key])
    return "\n".join(lines)


def _builds_table(builds: dict) -> list[str]:
    lines = [
        "### Databases",
        "",
        "| scale | build (s) | orgs | training | demo_sites | units | cadres | applications | attendance |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for scale, b in builds.items():
        loaders, counts = b.get("loaders", {}), b.get("counts", {})
        lines.append(
            f"| {scale} | {b.get('load_seconds', '')} | {loaders.get('orgs.sample_county.load', '')} | "
            f"{loaders.get('training.sample_county.load', '')} | "
            f"{loaders.get('demo_sites.sample_county.load', '')} | "
            f"{counts.get('units', '')} | {counts.get('cadres', '')} | {counts.get('applications', '')} | "
            f"{counts.get('attendance', '')} |"
        )
    lines.append("")
    return lines


def _pages_table(pages: dict) -> list[str]:
    scales = list(pages)
    by_page: dict[str, dict] = {}
    for scale in scales:
        for entry in pages[scale]:
            by_page.setdefault(entry["page"], {})[scale] = entry
    header = (
        "| page | "
        + " | ".join(f"queries ×{s} | median ×{s} | p95 ×{s} | CPU ×{s}" for s in scales)
        + " | same queries | p95 < 150 ms |"
    )
    lines = [
        "### Pages (server time in ms, in-process; CPU = median CPU per request, Python + PostgreSQL backend)",
        "",
        header,
        "|" + "---|" * (2 + 4 * len(scales) + 1),
    ]
    for page, entries in by_page.items():
        cells = [_page_cells(entries.get(s, {})) for s in scales]
        counts = {entries[s]["queries"] for s in scales if s in entries}
        lines.append(
            f"| {page} | "
            + " | ".join(cells)
            + f" | {_ok(len(counts) == 1)} | {_page_verdict(page, entries, scales)} |"
        )
    lines.append("")
    return lines


def _page_cells(e: dict) -> str:
    """One scale's queries, median, p95 and CPU of a page (or its HTTP status if it failed)."""
    if e.get("status", 200) != 200:
        return f"HTTP {e['status']} |  |  | "
    return f"{e.get('queries', '')} | {e.get('median_ms', '')} | {e.get('p95_ms', '')} | {e.get('cpu_median_ms', '')}"


def _page_verdict(page: str, entries: dict, scales: list) -> str:
    """Whether the page's p95 at the largest scale is under the target, and for the first reader after a
    change how much slower it is at the largest scale than at the smallest."""
    last = entries.get(scales[-1], {})
    fast = last.get("p95_ms") is not None and last["p95_ms"] < TARGETS["page_p95_ms"]
    verdict = "(whole county recomputed)" if page.endswith("cache emptied") else _ok(fast)
    first = entries.get(scales[0], {})
    if page.endswith("first after a change") and first.get("p95_ms") and last.get("p95_ms"):
        verdict += f" (p95 ×{scales[-1]} ÷ ×{scales[0]} = {last['p95_ms'] / first['p95_ms']:.2f})"
    return verdict


def _export_table(export: dict) -> list[str]:
    lines = [
        "### Export (scale 50)",
        "",
        "| what | ours (s) | bare loop (s) | ratio | CPU ours / bare (s) | CPU ratio | "
        "ours peak RSS (MB) | bare peak RSS (MB) | ours above baseline (MB) | ≤ 1.2× | ≤ 100 MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, ours, bare in [
        ("cadres", "cadre-export", "cadre-bare"),
        ("汇总表", "summary-export", "summary-bare"),
    ]:
        if ours in export and bare in export:
            o, b = export[ours], export[bare]
            ratio = o["seconds"] / b["seconds"] if b["seconds"] else 0
            cpu_ratio = o.get("cpu_seconds", 0) / b["cpu_seconds"] if b.get("cpu_seconds") else 0
            what = f"{label} ({o['rows']:,} {'rows' if label == 'cadres' else 'cells'})"
            lines.append(
                f"| {what} | {o['seconds']:.2f} | {b['seconds']:.2f} | {ratio:.2f}× | "
                f"{o.get('cpu_seconds', 0):.2f} / {b.get('cpu_seconds', 0):.2f} | "
                f"{cpu_ratio:.2f}× | {o['peak_rss_mb']} | "
                f"{b['peak_rss_mb']} | {o['peak_above_baseline_mb']} | {_ok(ratio <= TARGETS['export_ratio'])} | "
                f"{_ok(o['peak_rss_mb'] <= TARGETS['export_peak_mb'])} |"
            )
    lines.append("")
    return lines


def _import_table(imported: dict) -> list[str]:
    ratio = imported["full_pass_seconds"] / imported["bulk_create_seconds"]
    cpu_full, cpu_bulk = imported.get("full_pass_cpu_seconds"), imported.get("bulk_create_cpu_seconds")
    cpu_ratio = f"{cpu_full / cpu_bulk:.2f}×" if cpu_full and cpu_bulk else ""
    cpu_cells = f"{cpu_full:.2f} / {cpu_bulk:.2f}" if cpu_full and cpu_bulk else ""
    return [
        "### Import (scale 50, one township)",
        "",
        "| rows | read (s) | preview (s) | import (s) | queries | full pass (s) | bulk_create (s) | ratio | "
        "CPU full pass / bulk_create (s) | CPU ratio | ≤ 2× |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {imported['rows']:,} | {imported['read_seconds']:.2f} | {imported['preview_seconds']:.2f} | "
        f"{imported['import_seconds']:.2f} | {imported['import_queries']} | {imported['full_pass_seconds']:.2f} | "
        f"{imported['bulk_create_seconds']:.2f} | {ratio:.2f}× | {cpu_cells} | {cpu_ratio} | "
        f"{_ok(ratio <= TARGETS['import_ratio'])} |",
        "",
    ]


def _load_table(loaded: dict) -> list[str]:
    t = loaded["total"]
    lines = [
        f"### Load (scale 50, gunicorn {loaded['workers']} workers, {loaded['users']} users, {loaded['seconds']} s"
        f" after a {loaded.get('warmup_seconds', 0)} s warm-up)",
        "",
        "| page | requests | failures | req/s | p50 | p95 | p99 | max |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in [*loaded["by_page"], t]:
        lines.append(
            f"| {row['name']} | {row['requests']} | {row['failures']} | {row['rps']} | {row['p50_ms']:.0f} | "
            f"{row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['max_ms']} |"
        )
    load_average = loaded.get("load_average")
    lines += [
        "",
        f"zero errors {_ok(t['failures'] == 0)}, p95 < 500 ms {_ok(t['p95_ms'] < TARGETS['load_p95_ms'])}"
        + (f"; machine load average {load_average[0]} before, {load_average[1]} after" if load_average else ""),
        "",
    ]
    return lines


def _sign_in_table(signed: dict) -> list[str]:
    t = signed["total"]
    lines = [
        f"### 扫码签到 (scale 50, gunicorn {signed['workers']} workers, {signed['participants']} participants "
        f"started evenly over {signed['seconds']} s, each opening the page and posting the form)",
        "",
        "| request | requests | p50 | p95 | p99 | max |",
        "|---|---|---|---|---|---|",
    ]
    for row in [*signed["by_request"], t]:
        lines.append(
            f"| {row['name']} | {row['requests']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} | "
            f"{row['max_ms']:.0f} |"
        )
    load_average = signed.get("load_average")
    lines += [
        "",
        f"errors {signed['errors']} {_ok(signed['errors'] == 0)}, sign-ins kept {signed['kept']} of "
        f"{signed['participants']} {_ok(signed['kept'] == signed['participants'])}, p95 < 300 ms "
        f"{_ok(t['p95_ms'] < TARGETS['signin_p95_ms'])}, finished in {signed['wall_seconds']} s"
        + (f"; machine load average {load_average[0]} before, {load_average[1]} after" if load_average else ""),
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="pages,export,import,load,signin")
    parser.add_argument("--scales", default="1,50")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases even if up to date")
    parser.add_argument(
        "--reuse-stale",
        action="store_true",
        help="use the existing databases even if migrations or demo loaders changed since",
    )
    parser.add_argument("--render", action="store_true", help="only print the table of bench/results.json")
    args = parser.parse_args()
    if args.render:
        print(render(json.loads(RESULTS.read_text())))
        return
    only = set(args.only.split(","))
    scales = [int(s) for s in args.scales.split(",")]
    big = max(scales)
    results: dict = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["machine"] = machine()
    results["started_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    results.setdefault("builds", {})
    for scale in scales:
        results["builds"][str(scale)] = build.ensure(scale, force=args.rebuild, reuse_stale=args.reuse_stale)
    if "pages" in only:
        results["pages"] = measure_pages(scales)
    if "export" in only:
        results["export"] = measure_export(big)
    if "import" in only:
        results["import"] = measure_import(big)
    if "load" in only:
        results["load"] = measure_load(big, args.load_seconds)
    if "signin" in only:
        results["signin"] = measure_sign_in(big)
    results["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    table = render(results)
    (ROOT / "bench" / "results.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
