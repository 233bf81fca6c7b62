"""The county's 填报进度: each township's shares match what was entered, and every figure opens the list of
exactly the rows it counts as missing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from demo_sites.models import Application
from orgs.models import Cadre, LeadershipRule, Unit, WomenOrganisation
from reports.models import YearConfirmation
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CadreFactory,
    EventFactory,
    PostFactory,
    UnitFactory,
    WomenOrganisationFactory,
)
from workbench.progress import county_progress


def _due(organisation, days: int) -> None:
    due = timezone.localdate() + datetime.timedelta(days=days)
    WomenOrganisation.objects.filter(pk=organisation.pk).update(next_election_due=due)


@pytest.fixture
def county_data(county, township1, township2, town01):
    """萧江镇: 4 villages and communities (2 organised), 2 organisations (1 with a chair, 1 overdue), 3 serving
    cadres (1 with a phone), 1 chair (untrained), figures confirmed. 水头镇: 1 village, organised and overdue,
    no chair, a draft past its deadline. 县直: 1 organ committee without a chair."""
    LeadershipRule.objects.all().delete()
    LeadershipRule.objects.create(unit_kind=Unit.Kind.VILLAGE, min_chairs=1)
    first = WomenOrganisationFactory(unit=UnitFactory(name="一村", parent=township1))
    second = WomenOrganisationFactory(unit=UnitFactory(name="二村", parent=township1))
    UnitFactory(name="三村", parent=township1)
    community = UnitFactory(name="四社区", kind=Unit.Kind.COMMUNITY, parent=township1)
    WomenOrganisationFactory(unit=community, status=WomenOrganisation.Status.DISSOLVED)
    UnitFactory(name="撤并村", parent=township1, is_active=False)
    UnitFactory(name="某企业", kind=Unit.Kind.ENTERPRISE, parent=township1)
    chair = PostFactory(organisation=first, position=Cadre.Position.CHAIR).cadre
    PostFactory(organisation=first, position=Cadre.Position.EXECUTIVE, cadre__phone="13800000000")
    CadreFactory(unit=second.unit, is_reserve=True)
    CadreFactory(unit=second.unit)  # neither serving nor a reserve
    _due(second, -1)
    _due(first, 100)
    YearConfirmation.objects.create(
        township=township1, year=YearConfirmation.due_year(), status="confirmed", confirmed_by=town01
    )

    other = WomenOrganisationFactory(unit=UnitFactory(name="水头一村", parent=township2))
    _due(other, -30)
    draft = ApplicationFactory(unit=UnitFactory(name="水头二村", parent=township2))
    Application.objects.filter(pk=draft.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))

    organ = UnitFactory(name="县教育局", kind=Unit.Kind.ORGAN, parent=county)
    WomenOrganisationFactory(unit=organ)
    return chair


def _cells(row) -> dict[str, tuple[int, int]]:
    return {key: (share.done, share.total) for key, share in row.shares.items()}


def test_each_townships_shares_are_what_was_entered(county_staff, county_data, township1, township2):
    progress = county_progress(user=county_staff)
    first, second = progress.rows

    assert (first.name, second.name) == ("萧江镇", "水头镇")
    assert _cells(first) == {
        "organised": (2, 4),
        "chairs": (1, 2),
        "leadership": (1, 2),
        "phones": (1, 3),
        "elections": (1, 2),
        "trained": (0, 1),
    }
    assert first.confirmation == "已确认" and first.elections_overdue == 1 and first.applications_overdue == 0
    assert _cells(second) == {
        "organised": (1, 2),
        "chairs": (0, 1),
        "leadership": (0, 1),
        "phones": (0, 0),
        "elections": (0, 1),
        "trained": (0, 0),
    }
    assert second.confirmation == "未确认" and second.elections_overdue == 1 and second.applications_overdue == 1


def test_the_county_total_adds_the_county_level_units(county_staff, county_data):
    total = county_progress(user=county_staff).total

    # 县教育局's committee: one more organisation, without a chair, not under the village rule, and overdue
    # (founded 2020-03-08 with a five-year term).
    assert {key: (s.done, s.total) for key, s in total.items()} == {
        "organised": (3, 6),
        "chairs": (1, 4),
        "leadership": (1, 3),
        "phones": (1, 3),
        "elections": (1, 4),
        "trained": (0, 1),
    }


def test_shares_are_shown_as_percentages_with_their_counts(client_for, county_staff, county_data):
    html = client_for(county_staff).get("/").content.decode()

    assert "50.0%" in html and "2/4" in html  # 萧江镇's villages and communities
    assert "33.3%" in html and "1/3" in html  # 萧江镇's phones
    assert "—" in html  # 水头镇 has no serving cadres: no share to show


def test_a_trained_chair_completes_the_column(county_staff, county_data):
    AttendanceFactory(cadre=county_data, event=EventFactory(starts_on=timezone.localdate().replace(month=1, day=1)))

    first = county_progress(user=county_staff).rows[0]

    assert (first.shares["trained"].done, first.shares["trained"].total) == (1, 1)


def _listed(response) -> int:
    assert response.status_code == 200
    context = response.context
    return context["cl"].result_count if "cl" in context else context["page"].paginator.count


def test_every_figure_opens_the_list_of_what_is_missing(client_for, county_staff, county_data):
    progress = county_progress(user=county_staff)
    client = client_for(county_staff)

    for row in [*progress.rows]:
        for key, share in row.shares.items():
            assert _listed(client.get(share.url)) == share.missing, f"{row.name} {key}: {share.url}"
        assert _listed(client.get(row.applications_overdue_url)) == row.applications_overdue
        assert _listed(client.get(row.elections_overdue_url)) == row.elections_overdue
    for key, share in progress.total.items():
        assert _listed(client.get(share.url)) == share.missing, f"合计 {key}: {share.url}"


def test_what_is_overdue_where(client_for, county_staff, county_data):
    progress = county_progress(user=county_staff)

    assert [row.name for row in progress.overdue_rows] == ["萧江镇", "水头镇"]
    html = client_for(county_staff).get("/").content.decode()
    overdue = html[html.index('id="overdue"') :]
    assert "水头镇" in overdue and "1 份" in overdue and "未确认" in overdue


def test_the_acceptance_queue_count(client_for, county_staff, township1):
    for status in ("submitted", "submitted", "draft", "rectifying"):
        ApplicationFactory(unit=UnitFactory(parent=township1), status=status)

    progress = county_progress(user=county_staff)

    assert progress.awaiting_acceptance == 2
    assert progress.awaiting_url == "/demo-sites/?status=submitted"
    assert _listed(client_for(county_staff).get(progress.awaiting_url)) == 2
