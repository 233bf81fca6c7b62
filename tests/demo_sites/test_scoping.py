"""The other township sees nothing of an application: not in lists, not by URL, not by forged POST."""

from __future__ import annotations

import pytest
from django.utils import timezone

from demo_sites import services
from demo_sites.models import Application, Attachment
from demo_sites.services import WorkflowError
from tests.demo_sites.helpers import png, self_assessment_post
from tests.factories import ApplicationFactory, DesignationFactory, UnitFactory


@pytest.fixture
def application(township1, town01):
    application = ApplicationFactory(unit=UnitFactory(name="桃源村", parent=township1))
    services.attachment_add(application=application, by=town01, upload=png())
    return application


def test_other_township_cannot_see_or_download_anything(application, town02, client_for):
    client = client_for(town02)
    attachment = application.attachments.get()

    assert "桃源村" not in client.get("/demo-sites/").content.decode()
    for url in (
        f"/demo-sites/applications/{application.pk}/",
        f"/demo-sites/applications/{application.pk}/edit/",
        f"/demo-sites/applications/{application.pk}/acceptance/print/",
        f"/demo-sites/attachments/{attachment.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_other_township_forged_posts_change_nothing(application, town02, client_for):
    client = client_for(town02)
    attachment = application.attachments.get()

    responses = [
        client.post(f"/demo-sites/applications/{application.pk}/edit/", self_assessment_post(application, score="1")),
        client.post(f"/demo-sites/applications/{application.pk}/submit/", {"comment": ""}),
        client.post(f"/demo-sites/applications/{application.pk}/attachments/", {"file": png("x.png")}),
        client.post(f"/demo-sites/attachments/{attachment.pk}/delete/"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    application.refresh_from_db()
    assert application.status == "draft"
    assert set(application.self_assessments.values_list("score", flat=True)) == {9}
    assert Attachment.objects.filter(application=application).count() == 1


def test_services_refuse_another_townships_application(application, town02):
    with pytest.raises(WorkflowError, match="其他乡镇"):
        services.application_submit(application=application, by=town02)
    with pytest.raises(WorkflowError, match="其他乡镇"):
        services.attachment_add(application=application, by=town02, upload=png())


def test_township_cannot_apply_for_another_townships_unit(township2, town01, client_for):
    foreign = UnitFactory(name="外镇村", parent=township2)
    response = client_for(town01).post(
        "/demo-sites/applications/new/",
        {
            "category": "womens_home",
            "level": "county",
            "unit": foreign.pk,
            "year": timezone.localdate().year,
        },
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Application.objects.filter(unit=foreign).exists()


def test_category_must_fit_the_unit(township1, town01, client_for):
    village = UnitFactory(parent=township1)
    response = client_for(town01).post(
        "/demo-sites/applications/new/",
        {
            "category": "new_organisation",
            "level": "county",
            "unit": village.pk,
            "year": timezone.localdate().year,
        },
    )
    assert "两新妇女组织示范点只能由非公企业、社会组织申报" in response.content.decode()
    assert not Application.objects.exists()


def test_other_township_cannot_open_a_designation(township1, town01, town02, client_for):
    designation = DesignationFactory(unit=UnitFactory(name="桃源村", parent=township1))
    assert client_for(town02).get(f"/demo-sites/designations/{designation.pk}/").status_code == 404
    assert "桃源村" not in client_for(town02).get("/demo-sites/designations/").content.decode()
    assert "桃源村" in client_for(town01).get("/demo-sites/designations/").content.decode()


def test_own_township_downloads_its_attachment_as_a_sandboxed_file(application, town01, client_for):
    attachment = application.attachments.get()
    response = client_for(town01).get(f"/demo-sites/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_user_without_role_sees_nothing(application, client, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", password="Test-pass-2026")
    client.force_login(outsider)
    assert client.get(f"/demo-sites/applications/{application.pk}/").status_code == 403
    assert client.get(f"/demo-sites/attachments/{application.attachments.get().pk}/").status_code == 403
