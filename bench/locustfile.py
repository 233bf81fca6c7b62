"""The three journeys' page mix for the load test (bench/run.py starts gunicorn and runs this headless).

Sessions are made beforehand by bench/run.py (``BENCH_LOCUST_DATA``: a JSON file with one session cookie
per simulated user and the application pages each may open), so the run measures browsing, not the
deliberately slow password hashing of 20 simultaneous logins.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["BENCH_LOCUST_DATA"]).read())  # noqa: SIM115
_sessions = {role: itertools.cycle(entries) for role, entries in DATA["sessions"].items()}


class _Journey(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    role = ""

    def on_start(self) -> None:
        entry = next(_sessions[self.role])
        self.client.cookies.set("sessionid", entry["sessionid"])
        self.applications = entry["applications"] or [None]
        self.events = entry.get("events") or [None]

    def page(self, url: str, name: str | None = None) -> None:
        with self.client.get(url, name=name or url, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class TownshipWorker(_Journey):
    """Keeps her township's register and applications: the cadre list, 我的申报, an application, trainings."""

    weight = 12
    role = "township"

    @task(3)
    def cadres(self):
        self.page("/admin/orgs/cadre/")

    @task(1)
    def cadre_search(self):
        self.page("/admin/orgs/cadre/?q=" + random.choice("王李张刘陈杨黄赵吴周"), "/admin/orgs/cadre/?q=[surname]")

    @task(2)
    def units(self):
        self.page("/admin/orgs/unit/")

    @task(2)
    def my_applications(self):
        self.page("/demo-sites/")

    @task(2)
    def application(self):
        pk = random.choice(self.applications)
        if pk:
            self.page(f"/demo-sites/applications/{pk}/", "/demo-sites/applications/[pk]/")

    @task(2)
    def trainings(self):
        self.page("/training/")

    @task(1)
    def event(self):
        pk = random.choice(self.events)
        if pk:
            self.page(f"/training/events/{pk}/", "/training/events/[pk]/")

    @task(1)
    def dashboard(self):
        self.page("/reports/dashboard/")


class CountyReviewer(_Journey):
    """Works the 验收 queue: the queue, an application, designations, the county-wide registers."""

    weight = 5
    role = "county"

    @task(4)
    def queue(self):
        self.page("/demo-sites/")

    @task(3)
    def application(self):
        pk = random.choice(self.applications)
        if pk:
            self.page(f"/demo-sites/applications/{pk}/", "/demo-sites/applications/[pk]/")

    @task(1)
    def designations(self):
        self.page("/demo-sites/designations/")

    @task(1)
    def units(self):
        self.page("/admin/orgs/unit/")

    @task(1)
    def organisations(self):
        self.page("/admin/orgs/womenorganisation/")


class Leader(_Journey):
    """Looks at the figures: the dashboard, the reports page, the 情况汇报."""

    weight = 3
    role = "leader"

    @task(4)
    def dashboard(self):
        self.page("/reports/dashboard/")

    @task(2)
    def reports(self):
        self.page("/reports/")

    @task(1)
    def status_report(self):
        self.page("/reports/status-report/")
