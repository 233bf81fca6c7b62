"""load_demo is deterministic for a seed and resets cleanly."""

from __future__ import annotations

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from orgs.models import Cadre, Post, TermElection, Unit


def _fingerprint() -> tuple:
    return (
        list(Unit.objects.order_by("kind", "name").values_list("kind", "name", "parent__name", "party_organisation")),
        list(Cadre.objects.order_by("id_number_hash").values_list("name", "unit__name", "id_number_masked", "is_reserve")),
        list(
            Post.objects.order_by("cadre__id_number_hash", "organisation__name", "position").values_list(
                "cadre__id_number_hash", "organisation__name", "position", "started_on", "on_committee"
            )
        ),
        list(TermElection.objects.order_by("organisation__name").values_list("organisation__name", "held_on")),
    )


def test_same_seed_builds_the_same_county_and_another_seed_another(db):
    call_command("load_demo", force=True, seed=11, year=2025, stdout=io.StringIO())
    first = _fingerprint()
    User.objects.create_user("extra", password="x")

    call_command("load_demo", force=True, reset=True, seed=11, year=2025, stdout=io.StringIO())

    assert _fingerprint() == first
    assert not User.objects.filter(username="extra").exists()
    assert User.objects.filter(username="town11").exists()

    call_command("load_demo", force=True, reset=True, seed=12, year=2025, stdout=io.StringIO())

    assert _fingerprint() != first
    assert Unit.objects.filter(kind=Unit.Kind.VILLAGE).count() == 600
