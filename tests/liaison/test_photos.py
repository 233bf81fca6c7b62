"""走访照片: only pictures are kept, and they are served only to users who may see the visit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.models import VisitPhoto
from tests.factories import ContactPointFactory, VisitFactory

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cf"
    "c0f01f0005000201e2f1a0a70000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def visit(leader, village1):
    return VisitFactory(contact_point=ContactPointFactory(person=leader, unit=village1))


def _upload(client, visit, name, content):
    return client.post(
        f"/liaison/visits/{visit.pk}/photos/",
        {"file": SimpleUploadedFile(name, content), "caption": "现场查看"},
        follow=True,
    )


def test_a_photo_is_kept_and_listed_on_the_visit(client_for, county_staff, visit):
    response = _upload(client_for(county_staff), visit, "走访.png", PNG)

    photo = VisitPhoto.objects.get()
    assert (photo.original_name, photo.township_id, photo.uploaded_by) == ("走访.png", visit.township_id, county_staff)
    assert "照片已上传" in response.content.decode() and "走访.png" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [("走访记录.pdf", PDF), ("走访.png", PDF), ("说明.docx", b"PK\x03\x04" + b"\x00" * 40)],
)
def test_a_file_that_is_not_a_picture_is_refused(client_for, county_staff, visit, name, content):
    response = _upload(client_for(county_staff), visit, name, content)

    assert "照片未上传" in response.content.decode()
    assert not VisitPhoto.objects.exists()


def test_photos_are_served_only_within_scope(client_for, county_staff, town01, town02, visit):
    _upload(client_for(county_staff), visit, "走访.png", PNG)
    photo = VisitPhoto.objects.get()

    own = client_for(town01).get(f"/liaison/visitphotos/{photo.pk}/")
    assert own.status_code == 200 and own["Content-Disposition"].startswith("attachment")
    assert client_for(town02).get(f"/liaison/visitphotos/{photo.pk}/").status_code == 404


def test_township_staff_cannot_upload_photos(client_for, town01, visit):
    assert _upload(client_for(town01), visit, "走访.png", PNG).status_code == 403
    assert not VisitPhoto.objects.exists()
