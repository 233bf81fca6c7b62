"""The demo county reproduces the seed report's figures, counted through the models."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from orgs import roles
from orgs.models import Cadre, Post, TermElection, Unit, WomenOrganisation
from tests.demo_county import demo_county_loaded

YEAR = 2025  # a fixed "this year", so the figures do not depend on the day the suite runs
SEED = 2026
PASSWORD = "Demo-pass-2026"


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    with demo_county_loaded(django_db_blocker, seed=SEED, year=YEAR, password=PASSWORD) as output:
        yield output


pytestmark = pytest.mark.usefixtures("demo_county")


def _established(kind):
    return (
        Unit.objects.filter(kind=kind, women_organisation__isnull=False)
        .exclude(women_organisation__status=WomenOrganisation.Status.DISSOLVED)
        .count()
    )


@pytest.mark.django_db
def test_county_has_eleven_townships_with_xiaojiang_first():
    townships = list(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).order_by("pk"))

    assert len(townships) == 11
    assert townships[0].name == "萧江镇"
    assert all(t.township_id == t.pk for t in townships)
    assert _established(Unit.Kind.TOWNSHIP) == 11


@pytest.mark.django_db
def test_every_community_and_village_has_a_womens_organisation():
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNITY).count() == 66
    assert _established(Unit.Kind.COMMUNITY) == 66
    assert WomenOrganisation.objects.filter(unit__kind=Unit.Kind.COMMUNITY, form="federation").count() == 66
    assert Unit.objects.filter(kind=Unit.Kind.VILLAGE).count() == 600
    assert _established(Unit.Kind.VILLAGE) == 600


@pytest.mark.django_db
def test_thirty_county_organs_have_a_womens_committee_and_two_group_members_exist():
    assert Unit.objects.filter(kind=Unit.Kind.ORGAN, township__isnull=True).count() == 30
    assert WomenOrganisation.objects.filter(unit__kind=Unit.Kind.ORGAN, form="committee").established().count() == 30
    assert Unit.objects.filter(kind=Unit.Kind.GROUP_MEMBER).count() == 2


@pytest.mark.django_db
def test_enterprise_establishment_rate_is_52_3_percent():
    with_branch = Unit.objects.filter(
        kind=Unit.Kind.ENTERPRISE,
        party_organisation__in=[Unit.PartyOrganisation.OWN, Unit.PartyOrganisation.JOINT],
    )
    orgs = WomenOrganisation.objects.established().filter(unit__in=with_branch)
    older = orgs.filter(established_on__year__lt=YEAR).count()
    this_year = orgs.filter(established_on__year=YEAR).count()

    assert with_branch.count() == 1613
    assert (older, this_year) == (13, 830)
    assert round((older + this_year) * 100 / with_branch.count(), 1) == 52.3


@pytest.mark.django_db
def test_forty_community_chairs_sit_on_the_committees_and_twenty_six_committees_have_no_woman():
    chairs = Post.objects.current().chairs().filter(organisation__unit__kind=Unit.Kind.COMMUNITY)

    assert chairs.count() == 66
    assert chairs.filter(on_committee=True).count() == 40
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNITY, woman_on_committees=False).count() == 26


@pytest.mark.django_db
def test_nine_of_eleven_township_chairs_hold_concurrent_posts():
    chairs = (
        Post.objects.current()
        .chairs()
        .filter(organisation__unit__kind=Unit.Kind.TOWNSHIP)
        .annotate(duties=Count("concurrent_duties"))
    )

    assert chairs.count() == 11
    assert chairs.filter(duties__gt=0).count() == 9
    assert chairs.filter(duties=0, is_full_time=True).count() == 2


@pytest.mark.django_db
def test_every_organisation_has_a_current_leader_and_some_women_are_reserve_cadres():
    leaders = Q(posts__position__in=[Cadre.Position.CHAIR, Cadre.Position.COMMITTEE_DIRECTOR])
    without_leader = WomenOrganisation.objects.established().annotate(n=Count("posts", filter=leaders)).filter(n=0)

    assert not without_leader.exists()
    assert Cadre.objects.filter(is_reserve=True).exists()
    assert Cadre.objects.filter(posts__isnull=True).count() == 0
    # Some village chairs also sit on their township's executive committee: one woman, two posts.
    assert Cadre.objects.annotate(n=Count("posts")).filter(n__gt=1).exists()
    assert not Cadre.objects.exclude(township=None).filter(id_number_hash=None).exists()


@pytest.mark.django_db
def test_a_few_organisations_are_overdue_for_their_term_election():
    today = datetime.date(YEAR, 12, 31)
    overdue = WomenOrganisation.objects.election_overdue(today)

    assert TermElection.objects.exists()
    assert 11 <= overdue.count() <= 30
    assert overdue.filter(unit__kind=Unit.Kind.VILLAGE).values("township").distinct().count() == 11


@pytest.mark.django_db
def test_seed_places_are_in_xiaojiang():
    xiaojiang = Unit.objects.get(kind=Unit.Kind.TOWNSHIP, name="萧江镇")

    assert set(xiaojiang.children.filter(kind=Unit.Kind.COMMUNITY).values_list("name", flat=True)) >= {
        "桃源社区",
        "沿河社区",
    }
    litian = Unit.objects.get(name="立天控股集团")
    assert (litian.kind, litian.township_id) == (Unit.Kind.ENTERPRISE, xiaojiang.pk)
    assert litian.women_organisation.status == WomenOrganisation.Status.OPERATING


@pytest.mark.django_db
def test_demo_accounts_exist_with_their_roles():
    expected = {"admin": roles.ADMIN, "county": roles.COUNTY_STAFF, "leader": roles.LEADER}
    expected |= {f"town{n:02d}": roles.TOWNSHIP_STAFF for n in range(1, 12)}

    users = {u.username: u for u in User.objects.prefetch_related("groups").select_related("staff_profile")}
    for username, role in expected.items():
        assert [g.name for g in users[username].groups.all()] == [role]
    assert all(users[name].check_password(PASSWORD) for name in expected)
    assert users["admin"].is_superuser and not users["county"].is_superuser
    assert users["town01"].staff_profile.township.name == "萧江镇"
    assert users["town02"].staff_profile.township.name == "水头镇"
    assert len({users[f"town{n:02d}"].staff_profile.township_id for n in range(1, 12)}) == 11


@pytest.mark.django_db
def test_load_demo_prints_the_accounts(demo_county):
    assert "town01" in demo_county and "leader" in demo_county
    assert "DEMO_PASSWORD" in demo_county


@pytest.mark.django_db
def test_load_demo_refuses_when_data_exists_without_reset():
    with pytest.raises(CommandError, match="已有数据"):
        call_command("load_demo", force=True, stdout=io.StringIO())


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_existing_data_alone():
    before = Unit.objects.count()

    call_command("load_demo", force=True, if_empty=True, stdout=io.StringIO())

    assert Unit.objects.count() == before


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", reset=True, stdout=io.StringIO())


@pytest.mark.django_db
def test_second_make_run_prints_the_accounts_and_the_saved_password_again(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    (tmp_path / "demo-password.txt").write_text("Fl-abc123-DEF0\n")
    out = io.StringIO()

    call_command("load_demo", if_empty=True, stdout=out)

    assert "town01" in out.getvalue()
    assert "密码：Fl-abc123-DEF0" in out.getvalue()


def test_every_demo_row_has_its_creation_in_the_history_and_a_readable_id_number():
    from orgs import idnumbers

    for model in (Unit, WomenOrganisation, Cadre, Post, TermElection):
        assert model.history.filter(history_type="+").count() == model.objects.count() > 0, model.__name__
    cadres = list(Cadre.objects.exclude(id_number_encrypted="").order_by("pk")[:200])
    assert cadres
    for cadre in cadres:
        number = cadre.id_number
        assert idnumbers.lookup_hash(number) == cadre.id_number_hash
        assert idnumbers.mask(number) == cadre.id_number_masked


@pytest.mark.django_db
def test_leadership_is_mostly_complete_in_villages_and_communities_and_mixed_in_townships():
    from orgs import selectors

    on = datetime.date(YEAR, 12, 31)
    organisations = WomenOrganisation.objects.established().filter(unit__is_active=True)
    counts = selectors.leadership_by_township(organisations, on)
    short = selectors.leadership_shortfalls(organisations, on)
    by_kind = {kind: sum(1 for o, _ in short if o.unit.kind == kind) for kind in Unit.Kind.values}

    assert len(counts) == 11
    assert sum(r["with_rule"] for r in counts.values()) == 11 + 66 + 600
    assert sum(r["with_rule"] - r["complete"] for r in counts.values()) == len(short)
    assert 0.05 < (by_kind["village"] + by_kind["community"]) / 666 < 0.3
    assert by_kind["township"] == 5  # 6 of the 11 township 妇联 meet the 25-member, three-vice-chair rule
    assert any(missing == ["兼职副主席缺1名"] for _, missing in short)
    assert any(any(m.startswith("执委缺") for m in missing) for _, missing in short)
    assert Post.objects.current(on).filter(position=Cadre.Position.STANDING).count() == 2 * 11
