"""Reference rows that the federation apps' data migrations create (duties, rubrics, audiences).

A database emptied without migrating again (``load_demo --reset``, or the flush after a transactional
test) loses them; replaying the data migrations, which are idempotent, puts them back exactly as a
fresh ``migrate`` would.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython


def replay_data_migrations() -> None:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    editor = SimpleNamespace(connection=connection)
    seen: set[tuple[str, str]] = set()
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key in seen or key[0] not in settings.FEDERATION_APPS:
                continue
            seen.add(key)
            operations = [op for op in loader.get_migration(*key).operations if isinstance(op, RunPython)]
            if operations:
                # The models as that migration saw them, like migrate would.
                state_apps = loader.project_state(key, at_end=False).apps
                for operation in operations:
                    operation.code(state_apps, editor)
