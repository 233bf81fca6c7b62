"""Township staff delete a draft they no longer want: only a draft, only their own, after a confirmation
page, through the service, and the history of what it was remains."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from demo_sites import services
from demo_sites.models import Application, Attachment, SelfAssessment, StatusChange
from tests.demo_sites.helpers import png
from tests.factories import ApplicationFactory, UnitFactory


@pytest.fixture
def draft(township1, town01):
    unit = UnitFactory(parent=township1, name="桃源社区", kind="community")
    return services.application_create(unit=unit, category="womens_home", level="county", year=2026, by=town01)


def test_township_deletes_its_draft_after_confirming(draft, town01, client_for, django_capture_on_commit_callbacks):
    client = client_for(town01)
    attachment = services.attachment_add(application=draft, by=town01, upload=png())
    stored = attachment.file.name
    assert "删除草稿" in client.get(f"/demo-sites/applications/{draft.pk}/").content.decode()

    confirm = client.get(f"/demo-sites/applications/{draft.pk}/delete/")
    assert confirm.status_code == 200
    assert "确定要删除" in confirm.content.decode() and "桃源社区" in confirm.content.decode()
    assert Application.objects.filter(pk=draft.pk).exists()  # a GET deletes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/demo-sites/applications/{draft.pk}/delete/", follow=True)

    assert response.redirect_chain[-1][0] == "/demo-sites/"
    assert "已删除" in response.content.decode()
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not SelfAssessment.objects.filter(application_id=draft.pk).exists()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not default_storage.exists(stored)
    deleted = Application.history.get(id=draft.pk, history_type="-")
    assert deleted.history_user == town01 and deleted.unit_id == draft.unit_id
    assert StatusChange.history.filter(application_id=draft.pk, history_type="-").exists()


@pytest.mark.parametrize("status", ["submitted", "rectifying", "accepted", "rejected"])
def test_only_a_draft_can_be_deleted(status, township1, town01, client_for):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), status=status)
    client = client_for(town01)

    assert "删除草稿" not in client.get(f"/demo-sites/applications/{application.pk}/").content.decode()
    page = client.get(f"/demo-sites/applications/{application.pk}/delete/", follow=True).content.decode()
    assert "只能删除草稿" in page
    response = client.post(f"/demo-sites/applications/{application.pk}/delete/", follow=True)

    assert "只能删除草稿" in response.content.decode()
    assert Application.objects.filter(pk=application.pk, status=status).exists()


def test_other_township_cannot_delete_the_draft(draft, town02, client_for):
    client = client_for(town02)
    assert client.get(f"/demo-sites/applications/{draft.pk}/delete/").status_code == 404
    assert client.post(f"/demo-sites/applications/{draft.pk}/delete/").status_code == 404
    assert Application.objects.filter(pk=draft.pk).exists()


def test_county_staff_do_not_delete_a_township_draft(draft, county_staff, leader, client_for):
    with pytest.raises(services.WorkflowError, match="只能由填报的乡镇删除"):
        services.application_delete(application=draft, by=county_staff)
    assert client_for(leader).post(f"/demo-sites/applications/{draft.pk}/delete/").status_code == 403
    assert Application.objects.filter(pk=draft.pk).exists()


def test_county_deletes_its_own_organ_draft(county, county_staff):
    organ = UnitFactory(name="县教育局", kind="organ", parent=county)
    application = services.application_create(
        unit=organ, category="organ_committee", level="county", year=2026, by=county_staff
    )
    services.application_delete(application=application, by=county_staff)
    assert not Application.objects.filter(pk=application.pk).exists()
