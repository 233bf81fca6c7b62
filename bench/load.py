"""The load test: gunicorn (2 workers) on the scale-50 database, locust headless with 20 users for 60 s,
after a 15 s warm-up with the same mix that is not counted.

``prepare()`` (in a child process with the benchmark's DATABASE_URL) makes one database session per
simulated user and lists the application and event pages each may open; ``run()`` starts gunicorn on a
loopback port, runs locust, stops gunicorn and returns locust's aggregated figures.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = {"township": 12, "county": 5, "leader": 3}


def prepare() -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    from demo_sites.models import Application
    from orgs.models import StaffProfile
    from training.models import Event

    def session_for(username: str) -> str:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client.cookies["sessionid"].value

    submitted = list(
        Application.objects.filter(status=Application.Status.SUBMITTED)
        .order_by("-pk")
        .values_list("pk", flat=True)[:100]
    ) or list(Application.objects.order_by("-pk").values_list("pk", flat=True)[:100])
    sessions: dict[str, list[dict]] = {"township": [], "county": [], "leader": []}
    for number in range(USERS["township"]):
        username = f"town{number % 11 + 1:02d}"
        township_id = StaffProfile.objects.get(user__username=username).township_id
        sessions["township"].append(
            {
                "sessionid": session_for(username),
                "applications": list(
                    Application.objects.filter(township_id=township_id).values_list("pk", flat=True)[:50]
                ),
                "events": list(Event.objects.filter(township_id=township_id).values_list("pk", flat=True)[:50]),
            }
        )
    for _ in range(USERS["county"]):
        sessions["county"].append({"sessionid": session_for("county"), "applications": submitted})
    for _ in range(USERS["leader"]):
        sessions["leader"].append({"sessionid": session_for("leader"), "applications": []})
    return {"sessions": sessions}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                if response.status < 500:
                    return
        except (OSError, http.client.HTTPException):  # not listening yet, or not answering yet
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def run(
    env: dict[str, str],
    *,
    users: int = 20,
    seconds: int = 60,
    warmup: int = 15,
    port: int | None = None,
    workers: int = 2,
) -> dict:
    port = port or _free_port()
    with tempfile.TemporaryDirectory(prefix="fulian-load-") as folder:
        data_file = Path(folder) / "sessions.json"
        prepared = subprocess.run(
            [sys.executable, "-m", "bench.load", "--prepare"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        data_file.write_text(prepared.strip().splitlines()[-1])
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "fulian.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        try:
            _wait_until_up(f"http://127.0.0.1:{port}/accounts/login/", server)

            def locust(run_seconds: int, stats_prefix: Path) -> None:
                subprocess.run(
                    [
                        str(BIN / "locust"),
                        "-f",
                        str(ROOT / "bench" / "locustfile.py"),
                        "--headless",
                        "--users",
                        str(users),
                        "--spawn-rate",
                        str(users),
                        "--run-time",
                        f"{run_seconds}s",
                        "--host",
                        f"http://127.0.0.1:{port}",
                        "--csv",
                        str(stats_prefix),
                        "--only-summary",
                        "--loglevel",
                        "WARNING",
                        "--stop-timeout",
                        "10",
                    ],
                    cwd=ROOT,
                    env={**env, "BENCH_LOCUST_DATA": str(data_file)},
                    check=False,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )

            # Warm-up, not counted: the workers' first requests (imports, connections) and the report figures,
            # which are kept per township and recomputed for the townships that changed (reports.indicators.ledger; the
            # pages table times "first after a change" and "cache emptied").
            locust(warmup, Path(folder) / "warmup")
            stats_prefix = Path(folder) / "locust"
            load_before = os.getloadavg()
            started = time.perf_counter()
            locust(seconds, stats_prefix)
            elapsed = time.perf_counter() - started
            load_after = os.getloadavg()
            with open(f"{stats_prefix}_stats.csv", newline="") as handle:
                rows = list(csv.DictReader(handle))
            failures_file = Path(f"{stats_prefix}_failures.csv")
            failures = list(csv.DictReader(failures_file.open(newline=""))) if failures_file.exists() else []
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    def figures(row: dict) -> dict:
        return {
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "max_ms": round(float(row["Max Response Time"])),
        }

    total = next(figures(r) for r in rows if r["Name"] == "Aggregated")
    return {
        "users": users,
        "seconds": seconds,
        "warmup_seconds": warmup,
        "workers": workers,
        "wall_seconds": round(elapsed, 1),
        "total": total,
        # The machine's 1-minute load average before and after: other work on it slows every figure.
        "load_average": [round(load_before[0], 1), round(load_after[0], 1)],
        "by_page": [figures(r) for r in rows if r["Name"] != "Aggregated"],
        "failures": [{"name": f["Name"], "error": f["Error"], "count": int(f["Occurrences"])} for f in failures],
    }


if __name__ == "__main__" and "--prepare" in sys.argv:
    print(json.dumps(prepare()))
