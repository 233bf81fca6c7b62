"""load_demo is deterministic for a seed and resets cleanly."""

from __future__ import annotations

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from orgs.models import Cadre, Duty, Post, TermElection, Unit


def _fingerprint() -> tuple:
    # Sorted in Python: names repeat across townships, so no database ordering is total.
    def rows(queryset, *fields) -> list:
        return sorted(queryset.values_list(*fields), key=repr)

    return (
        rows(Unit.objects, "kind", "name", "parent__name", "party_organisation", "woman_on_committees"),
        rows(Cadre.objects, "name", "unit__name", "id_number_hash", "id_number_masked", "is_reserve"),
        rows(Post.objects, "cadre__id_number_hash", "organisation__name", "position", "started_on", "on_committee"),
        rows(TermElection.objects, "organisation__unit__name", "organisation__township__name", "held_on"),
    )


def test_same_seed_builds_the_same_county_and_another_seed_another(db, settings):
    settings.DEMO_LOADERS = ["orgs.sample_county.load"]  # the other apps' parts pin their own determinism
    call_command("load_demo", force=True, seed=11, year=2025, stdout=io.StringIO())
    first = _fingerprint()
    User.objects.create_user("extra", password="x")

    call_command("load_demo", force=True, reset=True, seed=11, year=2025, stdout=io.StringIO())

    assert _fingerprint() == first
    assert not User.objects.filter(username="extra").exists()
    assert User.objects.filter(username="town11").exists()
    assert Duty.objects.count() == len(Duty.STANDARD)  # reference rows come back with their migration

    call_command("load_demo", force=True, reset=True, seed=12, year=2025, stdout=io.StringIO())

    assert _fingerprint() != first
    assert Unit.objects.filter(kind=Unit.Kind.VILLAGE).count() == 600
