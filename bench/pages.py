"""Page timings in-process: every admin changelist and the portal's main pages, logged in as the role
that uses them, timed with django.test.Client (server time: URL resolution, middleware, view, queries,
template) and their query count. ``cpu_median_ms`` is the CPU time a request costs, this process's plus its
PostgreSQL backend's (``db_cpu_median_ms``), see bench/cpu.py: on a machine shared with other work it
shows what the page itself costs, where wall-clock time also counts the wait for a core.

Run by bench/run.py in a child process whose DATABASE_URL names one benchmark database; prints JSON.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import time


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# Pages whose figures are kept per township until the data changes (reports.indicators.ledger): also timed
# as the first reader after a change in one township sees them (one unit saved, with its history, before
# each request), and after the cache was emptied (the whole county recomputed, as on a new reference day).
CACHED = ("dashboard (leader)", "情况汇报 (leader)", "home (town01)")
CHANGED, EMPTIED = "first after a change", "cache emptied"
COLD_REQUESTS = int(os.environ.get("BENCH_COLD_REQUESTS", "10"))


def pages(users) -> list[tuple[str, object, str]]:
    """(label, user, url) for every page measured."""
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    from demo_sites.models import Application

    result = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            continue
        user = users["county"]
        request_user_perms = user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        if not request_user_perms:
            user = users["admin"]
        del model_admin
        result.append((f"admin {opts.app_label}.{opts.model_name}", user, url))
    # The township worker's own list of cadres (the changelist most used by the most users).
    result.append(("admin orgs.cadre (town01)", users["town01"], reverse("admin:orgs_cadre_changelist")))
    result.append(("验收 queue (county)", users["county"], reverse("demo_sites:application_list")))
    result.append(("我的申报 (town01)", users["town01"], reverse("demo_sites:application_list")))
    # The same shape at every scale (submitted, not yet inspected), so that query counts compare.
    application = (
        Application.objects.filter(status=Application.Status.SUBMITTED, acceptances__isnull=True)
        .order_by("-pk")
        .first()
        or Application.objects.order_by("-pk").first()
    )
    if application is not None:
        result.append(
            (
                "application page (county)",
                users["county"],
                reverse("demo_sites:application_detail", args=[application.pk]),
            )
        )
    result.append(("dashboard (leader)", users["leader"], reverse("reports:dashboard")))
    result.append(("dashboard (town01)", users["town01"], reverse("reports:dashboard")))
    result.append(("reports page (leader)", users["leader"], reverse("reports:index")))
    result.append(("情况汇报 (leader)", users["leader"], reverse("reports:status_report")))
    for label, name in [
        ("home (town01)", "home"),
        ("training events (town01)", "training:event_list"),
        ("designations (town01)", "demo_sites:designation_list"),
    ]:
        with contextlib.suppress(NoReverseMatch):
            result.append((label, users["town01"], reverse(name)))
    result += [(f"{label}, {CHANGED}", user, url) for label, user, url in result if label in CACHED]
    result += [(f"{label}, {EMPTIED}", user, url) for label, user, url in result if label in CACHED]
    return result


class OneTownshipChange:
    """Saves one community (toggling its 两委 flag) per call, walking over the townships in turn: the
    kind of change a township clerk makes, which leaves a history row in her township."""

    def __init__(self) -> None:
        from orgs.models import Unit

        ids = (
            Unit.objects.filter(kind=Unit.Kind.COMMUNITY).order_by("township_id", "pk").values_list("pk", "township_id")
        )
        first_per_township = {}
        for pk, township_id in ids.iterator():
            first_per_township.setdefault(township_id, pk)
        self.ids = list(first_per_township.values())
        self.turn = 0

    def __call__(self) -> None:
        from orgs.models import Unit

        unit = Unit.objects.get(pk=self.ids[self.turn % len(self.ids)])
        self.turn += 1
        unit.woman_on_committees = not unit.woman_on_committees
        unit.save()


def measure(requests: int) -> dict:
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.cpu import CpuClock

    users = {name: User.objects.get(username=name) for name in ("admin", "county", "leader", "town01")}
    clients = {}
    for _name, user in users.items():
        client = Client()
        client.force_login(user)
        clients[user.pk] = client
    results = []
    change = OneTownshipChange()
    for label, user, url in pages(users):
        client = clients[user.pk]
        changed, emptied = label.endswith(CHANGED), label.endswith(EMPTIED)
        cold = changed or emptied

        def before_request(changed: bool = changed, emptied: bool = emptied) -> None:
            if changed:
                change()
            elif emptied:
                cache.clear()

        # The fewer of two: a request may also save the session (its last-seen time, once a minute).
        counts = []
        for _ in range(2):
            before_request()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            counts.append(len(captured.captured_queries))
        entry = {
            "page": label,
            "url": url,
            "user": user.username,
            "status": response.status_code,
            "queries": min(counts),
        }
        if response.status_code != 200:
            results.append(entry)
            print(f"  {label}: HTTP {response.status_code}", file=sys.stderr, flush=True)
            continue
        client.get(url)  # warm: template and query caches
        times, cpu, db_cpu = [], [], []
        for _ in range(COLD_REQUESTS if cold else requests):
            before_request()
            with CpuClock(connection) as clock:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if clock.total is not None:
                cpu.append(clock.total * 1000)
                db_cpu.append(clock.db * 1000)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        entry.update(
            median_ms=round(statistics.median(times), 1),
            p95_ms=round(percentile(times, 0.95), 1),
            max_ms=round(max(times), 1),
            requests=len(times),
            cache_miss=cold,
            cpu_median_ms=round(statistics.median(cpu), 1) if cpu else None,
            db_cpu_median_ms=round(statistics.median(db_cpu), 1) if db_cpu else None,
        )
        print(
            f"  {label:<40} {entry['queries']:>4} q  {entry['median_ms']:>8.1f}  {entry['p95_ms']:>8.1f} ms",
            file=sys.stderr,
            flush=True,
        )
        results.append(entry)
    return {"pages": results}


def main() -> None:
    import django

    django.setup()
    requests = int(os.environ.get("BENCH_REQUESTS", "30"))
    print(json.dumps(measure(requests), ensure_ascii=False))


if __name__ == "__main__":
    main()
