"""扫码签到 under load: 200 participants sign in at one event within one minute, on the scale-50 database,
through gunicorn (2 workers) as in the load test.

Each participant is a browser of her own (a ``requests`` session: the CSRF cookie is hers), started 0.3 s
after the one before: she opens the page behind the QR code, then posts her name and mobile number, and
must be told 签到成功. All come from 127.0.0.1, as a meeting hall on one Wi-Fi would, so the limit per
address (300 in 10 minutes) is part of what is measured. Nothing is asserted: the figures go to
bench/run.py's table beside the target (0 errors, p95 < 300 ms).

    .venv/bin/python -m bench.run --only signin --scales 50
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.load import BIN, ROOT, _free_port, _wait_until_up

PARTICIPANTS = 200
SECONDS = 60
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare() -> dict:
    """The link of a township's event (open from now for two hours), that event's earlier benchmark sign-ins
    removed and the address counter reset, so every run starts alike."""
    import django

    django.setup()
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    from training import scan_signin
    from training.models import Event, ScanSignIn

    event = Event.objects.filter(township__isnull=False, category=Event.Category.TRAINING).order_by("-pk").first()
    ScanSignIn.objects.filter(event=event).delete()
    ScanSignIn.history.filter(event_id=event.pk).delete()
    now = timezone.now()
    for bucket in scan_signin.address_buckets("127.0.0.1", now=time.time()):
        cache.delete(bucket)
    token = scan_signin.make_token(event_id=event.pk, opens=now, closes=now + datetime.timedelta(hours=2))
    return {"event": event.pk, "path": f"/training/s/{token}/"}


def kept(event_id: int) -> int:
    import django

    django.setup()
    from training.models import ScanSignIn

    return ScanSignIn.objects.filter(event_id=event_id).count()


def _participant(base: str, path: str, number: int, timings: list, errors: list, lock: threading.Lock) -> None:
    """One phone: open the page (its own cookie jar keeps the CSRF cookie), post the form, read the answer."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        started = time.perf_counter()
        with browser.open(base + path, timeout=30) as response:  # loopback only
            page = response.read().decode()
        opened = time.perf_counter()
        token = _CSRF.search(page)
        if token is None:
            raise RuntimeError("no form on the page")
        form = {"csrfmiddlewaretoken": token.group(1), "name": f"参训{number}", "phone": f"1990000{number:04d}"}
        request = urllib.request.Request(
            base + path, data=urllib.parse.urlencode(form).encode(), headers={"Referer": base + path}
        )
        with browser.open(request, timeout=30) as response:
            answer = response.read().decode()
        posted = time.perf_counter()
        if "签到成功" not in answer:
            raise RuntimeError("no 签到成功 in the answer")
        with lock:
            timings.append(("GET", (opened - started) * 1000))
            timings.append(("POST", (posted - opened) * 1000))
    except Exception as exc:  # noqa: BLE001 - every failure is counted, whatever it is
        with lock:
            errors.append(f"{type(exc).__name__}: {exc}"[:200])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0


def run(env: dict[str, str], *, participants: int = PARTICIPANTS, seconds: int = SECONDS, workers: int = 2) -> dict:
    def child(*args: str) -> dict:
        output = subprocess.run(
            [sys.executable, "-m", "bench.sign_in", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])

    prepared = child("--prepare")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
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
    timings: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        _wait_until_up(f"{base}/accounts/login/", server)
        load_before = os.getloadavg()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=64) as pool:
            for number in range(participants):
                delay = started + number * seconds / participants - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(_participant, base, prepared["path"], number, timings, errors, lock)
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    def figures(name: str, values: list[float]) -> dict:
        return {
            "name": name,
            "requests": len(values),
            "p50_ms": _percentile(values, 0.50),
            "p95_ms": _percentile(values, 0.95),
            "p99_ms": _percentile(values, 0.99),
            "max_ms": round(max(values), 1) if values else 0.0,
        }

    return {
        "participants": participants,
        "seconds": seconds,
        "workers": workers,
        "wall_seconds": round(elapsed, 1),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "kept": child("--kept", str(prepared["event"]))["kept"],
        "by_request": [
            figures("GET /training/s/[token]/", [t for kind, t in timings if kind == "GET"]),
            figures("POST /training/s/[token]/", [t for kind, t in timings if kind == "POST"]),
        ],
        "total": figures("all", [t for _, t in timings]),
        "load_average": [round(load_before[0], 1), round(load_after[0], 1)],
    }


if __name__ == "__main__":
    if "--prepare" in sys.argv:
        print(json.dumps(prepare()))
    elif "--kept" in sys.argv:
        print(json.dumps({"kept": kept(int(sys.argv[sys.argv.index("--kept") + 1]))}))
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from bench import build

        print(json.dumps(run(build.bench_env(50)), ensure_ascii=False, indent=1))
