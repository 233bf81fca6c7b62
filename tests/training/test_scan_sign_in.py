"""扫码签到: the organiser's QR code and poster, the participants' public page, its defences, the confirmation."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from tests.factories import ActivityFactory, CadreFactory, EventFactory, UnitFactory
from training import scan_signin, services
from training.models import Attendance, ScanSignIn


def token_for(event, *, opens=None, closes=None) -> str:
    now = timezone.now()
    return scan_signin.make_token(
        event_id=event.pk,
        opens=opens or now - datetime.timedelta(minutes=5),
        closes=closes or now + datetime.timedelta(hours=2),
    )


def sign_in(client, token, *, name="王秀英", phone="13800000001", id_last4="", address="10.0.0.1"):
    return client.post(
        f"/training/s/{token}/", {"name": name, "phone": phone, "id_last4": id_last4}, REMOTE_ADDR=address
    )


@pytest.fixture
def event(township1):
    return EventFactory(organiser=township1, title="萧江镇妇女干部培训班", place="镇政府三楼会议室", hours=6)


# --- the organiser's pages ------------------------------------------------------------------------------


def test_organiser_gets_a_qr_code_for_the_window_she_chooses(client_for, town01, event):
    opens, closes = "2030-05-01T08:00", "2030-05-01T12:00"

    response = client_for(town01).get(f"/training/events/{event.pk}/scan-sign-in/", {"opens": opens, "closes": closes})
    page = response.content.decode()

    assert response.status_code == 200
    assert "<svg" in page and 'aria-label="签到二维码"' in page
    link = scan_signin.read_token(response.context["token"])
    assert link.event_id == event.pk
    assert timezone.localtime(link.opens).strftime("%Y-%m-%dT%H:%M") == opens
    assert timezone.localtime(link.closes).strftime("%Y-%m-%dT%H:%M") == closes
    assert "2030年5月1日 08:00 至 2030年5月1日 12:00" in page


def test_window_that_has_ended_gives_no_code(client_for, town01, event):
    response = client_for(town01).get(
        f"/training/events/{event.pk}/scan-sign-in/", {"opens": "2020-05-01T08:00", "closes": "2020-05-01T12:00"}
    )

    assert "签到截止时间已过" in response.content.decode()
    assert "token" not in response.context


def test_other_township_and_leader_get_no_code(client_for, town02, leader, event):
    assert client_for(town02).get(f"/training/events/{event.pk}/scan-sign-in/").status_code == 404
    assert client_for(leader).get(f"/training/events/{event.pk}/scan-sign-in/").status_code == 403


def test_poster_is_an_a4_page_with_title_date_and_place_without_menus(client_for, town01, event):
    token = token_for(event)

    response = client_for(town01).get(f"/training/events/{event.pk}/scan-sign-in/poster/", {"t": token})
    page = response.content.decode()

    assert response.status_code == 200
    assert "size: A4" in page and "@media print" in page
    assert event.title in page and "镇政府三楼会议室" in page and f"{event.starts_on.year}年" in page
    assert "<svg" in page
    assert "退出" not in page and "navbar" not in page  # not the portal's base template


def test_poster_refuses_a_token_of_another_event(client_for, town01, event, township1):
    other = EventFactory(organiser=township1)

    response = client_for(town01).get(f"/training/events/{event.pk}/scan-sign-in/poster/", {"t": token_for(other)})

    assert response.status_code == 404


def test_activities_get_a_qr_code_too(client_for, town01, township1):
    activity = ActivityFactory(organiser=township1)

    response = client_for(town01).get(f"/training/events/{activity.pk}/scan-sign-in/")

    assert response.status_code == 200 and "<svg" in response.content.decode()


# --- the participant's page -----------------------------------------------------------------------------


def test_public_page_needs_no_login_and_shows_title_and_date_only(client, event, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(f"/training/s/{token_for(event)}/")
    page = response.content.decode()

    assert response.status_code == 200
    assert event.title in page and f"{event.starts_on.year}年" in page
    assert "镇政府三楼会议室" not in page  # nothing else of the portal's data
    assert "<script" not in page and "navbar" not in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-cache" in response["Cache-Control"]


def test_sign_in_is_kept_pending_normalised_and_audited_without_echo(client, event):
    response = sign_in(client, token_for(event), name="王 秀英", phone="138-0000-0001", id_last4="１２３x")
    page = response.content.decode()

    row = ScanSignIn.objects.get()
    assert (row.name, row.phone, row.id_last4, row.status) == ("王秀英", "13800000001", "123X", "pending")
    assert row.township_id == event.township_id
    assert "签到成功" in page and event.title in page
    assert "王" not in page.replace(event.title, "") and "13800000001" not in page and "123X" not in page
    audit = AuditEvent.objects.get()
    assert (audit.kind, audit.result, audit.ip_address) == ("import", "success", "10.0.0.1")
    assert "王秀英" not in audit.detail + audit.object_repr and "13800000001" not in audit.detail
    assert row.history.count() == 1


def test_second_sign_in_with_the_same_phone_is_refused_without_naming_anyone(client, event):
    token = token_for(event)
    sign_in(client, token, name="王秀英")

    response = sign_in(client, token, name="李四", phone="138 0000 0001")
    page = response.content.decode()

    assert "已签到" in page and "王秀英" not in page and "李四" not in page
    assert list(ScanSignIn.objects.values_list("name", flat=True)) == ["王秀英"]


def test_bad_input_is_refused_and_not_echoed(client, event):
    response = sign_in(client, token_for(event), name="<b>张三</b>", phone="12345", id_last4="abcd")
    page = response.content.decode()

    assert response.status_code == 400
    assert "请填写正确的11位手机号" in page and "身份证号后四位应为4位数字" in page
    assert "12345" not in page and "张三" not in page and "abcd" not in page
    assert not ScanSignIn.objects.exists()


@pytest.mark.parametrize(
    ("shift", "message", "status"),
    [(datetime.timedelta(hours=-3), "签到已结束", 410), (datetime.timedelta(hours=3), "签到尚未开始", 409)],
)
def test_link_outside_its_window_is_refused(client, event, shift, message, status):
    now = timezone.now() + shift
    token = token_for(event, opens=now - datetime.timedelta(hours=1), closes=now + datetime.timedelta(hours=1))

    shown = client.get(f"/training/s/{token}/").content.decode()
    response = sign_in(client, token)

    assert message in shown and 'name="phone"' not in shown
    assert response.status_code == status and message in response.content.decode()
    assert not ScanSignIn.objects.exists()
    assert AuditEvent.objects.get().kind == "denied"


def test_forged_link_is_refused(client, event):
    token = token_for(event)
    payload, rest = token.split(":", 1)
    forged = [
        signing.dumps([event.pk, 0, 2**40], salt="another.salt"),
        signing.dumps([event.pk, 0, 2**40], key="not-our-secret", salt=scan_signin.SALT),
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "garbage",
    ]
    for bad in forged:
        assert client.get(f"/training/s/{bad}/").status_code == 404
        assert sign_in(client, bad).status_code == 404
    assert not ScanSignIn.objects.exists()


def test_csrf_stays_on_for_the_public_form(event):
    browser = Client(enforce_csrf_checks=True)
    token = token_for(event)

    refused = browser.post(f"/training/s/{token}/", {"name": "王秀英", "phone": "13800000001"})
    page = browser.get(f"/training/s/{token}/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    accepted = browser.post(
        f"/training/s/{token}/", {"name": "王秀英", "phone": "13800000001", "csrfmiddlewaretoken": csrf}
    )

    assert refused.status_code == 403
    assert "签到成功" in accepted.content.decode()
    assert ScanSignIn.objects.count() == 1


@pytest.fixture
def one_window(monkeypatch):
    """Every post in one window of the address limit, however long the test takes."""
    monkeypatch.setattr(scan_signin, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))


def test_one_address_is_limited(client, event, settings, one_window):
    settings.SCAN_SIGN_IN_LIMIT = 3
    token = token_for(event)

    answers = [sign_in(client, token, phone=f"1380000000{i}").status_code for i in range(6)]
    elsewhere = sign_in(client, token, phone="13900000000", address="10.0.0.2")

    assert answers == [200, 200, 200, 429, 429, 429]
    assert elsewhere.status_code == 200
    assert ScanSignIn.objects.count() == 4
    assert AuditEvent.objects.filter(detail__contains="过于频繁").count() == 1  # once per address and window


def test_a_thousand_forged_repeated_and_expired_sign_ins(client, event, township1, settings, one_window):
    """1,000 posts: 300 people, each once; 100 repeats; 200 expired links; 150 links not open yet; 150 forged
    (altered, other key, other event's number); 100 from one address past its limit. Only the 300 are kept."""
    settings.SCAN_SIGN_IN_LIMIT = 60
    now = timezone.now()
    good = token_for(event)
    expired = token_for(event, opens=now - datetime.timedelta(days=2), closes=now - datetime.timedelta(days=1))
    early = token_for(event, opens=now + datetime.timedelta(days=1), closes=now + datetime.timedelta(days=2))
    forged = [
        good[:-3] + "xyz",
        signing.dumps([event.pk, 0, 2**40], key="stolen-guess", salt=scan_signin.SALT),
        good.replace(good.split(":")[0], signing.b64_encode(f"[{event.pk + 999},0,{2**40}]".encode()).decode()),
    ]
    posts = []
    posts += [(good, f"参训{i}", f"1390000{i:04d}", f"10.1.{i // 50}.1") for i in range(300)]
    posts += [(good, f"冒名{i}", f"1390000{i:04d}", f"10.2.{i // 50}.1") for i in range(100)]
    posts += [(expired, f"迟到{i}", f"1370000{i:04d}", f"10.3.{i // 50}.1") for i in range(200)]
    posts += [(early, f"早到{i}", f"1360000{i:04d}", f"10.4.{i // 50}.1") for i in range(150)]
    posts += [(forged[i % 3], f"伪造{i}", f"1350000{i:04d}", f"10.5.{i // 50}.1") for i in range(150)]
    posts += [(good, f"刷量{i}", f"1330000{i:04d}", "10.6.0.1") for i in range(100)]
    assert len(posts) == 1000

    statuses: dict[int, int] = {}
    for token, name, phone, address in posts:
        response = sign_in(client, token, name=name, phone=phone, address=address)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert name not in response.content.decode() and phone not in response.content.decode()

    kept = ScanSignIn.objects.filter(event=event)
    assert kept.count() == 300 + 60
    assert set(kept.filter(phone__startswith="139").values_list("name", flat=True)) == {f"参训{i}" for i in range(300)}
    assert kept.filter(phone__startswith="133").count() == 60  # the flood stops at the address limit
    assert not ScanSignIn.objects.exclude(event=event).exists()
    assert statuses == {200: 300 + 100 + 60, 410: 200, 409: 150, 404: 150, 429: 40}
    audit = AuditEvent.objects.all()
    assert audit.filter(result="success").count() == 360
    assert audit.filter(detail="扫码签到：该手机号已签到").count() == 100
    assert audit.filter(kind="denied", detail__contains="签到已结束").count() == 200
    assert audit.filter(kind="denied", detail__contains="签到尚未开始").count() == 150
    assert audit.filter(kind="denied", detail__contains="二维码无效").count() == 150
    assert audit.filter(detail__contains="过于频繁").count() == 1


# --- matching and confirmation --------------------------------------------------------------------------


@pytest.fixture
def signed_in(event, township1, township2, chair1, chair2):
    """王秀英 (a cadre, by phone and name), 赵女士 (nobody's), and 水头镇's 李桂芳, who is not matched at
    萧江镇's event (its roster only)."""
    for name, phone in (("王秀英", chair1.phone), ("赵女士", "13700000009"), ("李桂芳", chair2.phone)):
        assert services.scan_sign_in_record(event=event, name=name, phone=phone)
    return {row.name: row for row in ScanSignIn.objects.all()}


def test_confirm_page_lists_pending_matched_in_the_events_township(client_for, town01, event, chair1, signed_in):
    response = client_for(town01).get(f"/training/events/{event.pk}/scan-sign-in/confirm/")
    page = response.content.decode()
    matches = {row.name: match.cadre for row, match in response.context["pairs"]}

    assert matches == {"王秀英": chair1, "赵女士": None, "李桂芳": None}
    assert "名册干部：王秀英（桃源村）" in page
    assert chair1.id_number_masked in page and chair1.id_number not in page
    assert page.count("名册外人员") == 2


def test_confirming_two_credits_the_events_hours(client_for, town01, event, chair1, signed_in):
    client = client_for(town01)
    chosen = [signed_in["王秀英"].pk, signed_in["赵女士"].pk]

    response = client.post(f"/training/events/{event.pk}/scan-sign-in/confirm/", {"ids": chosen, "confirm": "1"})
    record = client.get(f"/training/cadres/{chair1.pk}/").content.decode()

    assert response.status_code == 302
    rows = Attendance.objects.filter(event=event)
    assert {(r.cadre, r.name, r.hours_credited) for r in rows} == {(chair1, "", 6), (None, "赵女士", 6)}
    assert set(ScanSignIn.objects.values_list("name", "status")) == {
        ("王秀英", "confirmed"),
        ("赵女士", "confirmed"),
        ("李桂芳", "pending"),
    }
    assert signed_in["王秀英"].__class__.objects.get(pk=signed_in["王秀英"].pk).attendance.cadre == chair1
    assert event.title in record and "6.0" in record
    event.hours = 8
    event.save()
    assert Attendance.objects.get(cadre=chair1).hours_credited == 8  # the hours follow the event


def test_a_cadre_already_recorded_is_not_recorded_twice(event, town01, chair1, signed_in):
    services.attendance_record(event=event, cadre=chair1, by=town01)

    created, skipped = services.scan_sign_ins_confirm(event=event, ids=[signed_in["王秀英"].pk], by=town01)

    assert (created, skipped) == ([], 1)
    assert Attendance.objects.filter(cadre=chair1).count() == 1
    assert ScanSignIn.objects.get(pk=signed_in["王秀英"].pk).status == "pending"


def test_dismissed_sign_ins_credit_nothing(client_for, town01, event, signed_in):
    client_for(town01).post(
        f"/training/events/{event.pk}/scan-sign-in/confirm/", {"ids": [signed_in["李桂芳"].pk], "dismiss": "1"}
    )

    assert ScanSignIn.objects.get(pk=signed_in["李桂芳"].pk).status == "dismissed"
    assert not Attendance.objects.exists()


def test_other_township_cannot_confirm(client_for, town02, event, signed_in):
    client = client_for(town02)
    ids = [row.pk for row in signed_in.values()]

    page = client.get(f"/training/events/{event.pk}/scan-sign-in/confirm/")
    post = client.post(f"/training/events/{event.pk}/scan-sign-in/confirm/", {"ids": ids, "confirm": "1"})

    assert page.status_code == 404 and post.status_code == 404
    assert not Attendance.objects.exists()
    assert set(ScanSignIn.objects.values_list("status", flat=True)) == {"pending"}


def test_other_township_staff_cannot_confirm_through_the_service(event, town02, signed_in):
    with pytest.raises(PermissionDenied):
        services.scan_sign_ins_confirm(event=event, ids=[row.pk for row in signed_in.values()], by=town02)
    with pytest.raises(PermissionDenied):
        services.scan_sign_ins_dismiss(event=event, ids=[row.pk for row in signed_in.values()], by=town02)

    assert set(ScanSignIn.objects.values_list("status", flat=True)) == {"pending"}


def test_a_sign_in_takes_a_fixed_number_of_queries(client, event, django_assert_max_num_queries):
    token = token_for(event)
    client.get(f"/training/s/{token}/")

    # 20 on the database cache (11 of them for the address counter), fewer with Redis; never more with rows.
    with django_assert_max_num_queries(20):
        response = sign_in(client, token)

    assert "签到成功" in response.content.decode()


def test_ids_of_another_event_are_ignored(event, township1, town01, signed_in):
    other = EventFactory(organiser=township1)

    with pytest.raises(Exception, match="请勾选"):
        services.scan_sign_ins_confirm(event=other, ids=[row.pk for row in signed_in.values()], by=town01)

    assert not Attendance.objects.exists()


def test_last_four_digits_pick_the_cadre(event, township1, chair1):
    """Two cadres named 王秀英 share a phone (a family's): the last four digits pick one. A cadre whose
    roster phone is out of date is found by name and last four digits."""
    twin = CadreFactory(unit=UnitFactory(parent=township1), name="王秀英", phone=chair1.phone)
    moved = CadreFactory(unit=UnitFactory(parent=township1), name="陈美华", phone="13811112222")
    services.scan_sign_in_record(event=event, name="王秀英", phone=chair1.phone, id_last4=twin.id_number_masked[-4:])
    services.scan_sign_in_record(event=event, name="陈美华", phone="13999990000", id_last4=moved.id_number_masked[-4:])
    services.scan_sign_in_record(event=event, name="陈美华", phone="13999990001", id_last4="0000")

    pairs = services.scan_sign_in_preview(event=event, rows=ScanSignIn.objects.order_by("pk"))

    assert [match.cadre for _, match in pairs][:2] == [twin, moved]
    assert pairs[2][1].cadre is None or pairs[2][1].cadre == moved and moved.id_number_masked.endswith("0000")


def test_confirm_page_and_confirmation_take_a_fixed_number_of_queries(
    client_for, town01, event, township1, django_assert_max_num_queries
):
    client = client_for(town01)
    for size in (3, 30):
        ScanSignIn.objects.all().delete()
        for i in range(size):
            cadre = CadreFactory(unit=UnitFactory(parent=township1), name=f"干部{i}", phone=f"1350000{i:04d}")
            services.scan_sign_in_record(event=event, name=cadre.name, phone=cadre.phone)
        with django_assert_max_num_queries(20):
            client.get(f"/training/events/{event.pk}/scan-sign-in/confirm/")
        ids = list(ScanSignIn.objects.filter(status="pending").values_list("pk", flat=True))
        with django_assert_max_num_queries(30):
            client.post(f"/training/events/{event.pk}/scan-sign-in/confirm/", {"ids": ids, "confirm": "1"})
        assert ScanSignIn.objects.filter(status="confirmed").count() == size


def test_admin_lists_own_townships_sign_ins_read_only(client_for, town01, event, township2, signed_in):
    other = EventFactory(organiser=township2)
    services.scan_sign_in_record(event=other, name="外乡镇", phone="13612345678")
    client = client_for(town01)

    listing = client.get("/admin/training/scansignin/")

    assert listing.status_code == 200
    assert {r.event_id for r in listing.context["cl"].result_list} == {event.pk}
    assert client.get("/admin/training/scansignin/add/").status_code == 403
