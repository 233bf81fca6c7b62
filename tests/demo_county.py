"""The demo county for the test modules that read it, loaded the one way they all need: once per module,
inside a transaction rolled back after the module (each test runs in a savepoint inside it)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@contextlib.contextmanager
def demo_county_loaded(
    django_db_blocker,
    *,
    seed: int = 2026,
    year: int = 2025,
    loaders: list[str] | None = None,
    password: str | None = None,
) -> Iterator[str]:
    """``load_demo`` for ``seed`` and ``year`` (only ``loaders`` if given, e.g. one app's and what it builds
    on); yields what the command printed."""
    only = override_settings(DEMO_LOADERS=loaders) if loaders else contextlib.nullcontext()
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as mp, only:
        if password:
            mp.setenv("DEMO_PASSWORD", password)
        out = io.StringIO()
        call_command("load_demo", force=True, seed=seed, year=year, stdout=out)
        try:
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
