"""Scoping fails closed (issue 16): ``scope`` refuses a model that is neither township-owned nor declared
reference data, instead of handing out every row; the helpers that answer "may she see this row / which
townships may she see" are the one definition; a row out of scope is its own kind of 404, which the audit
log recognises by type."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.http import Http404
from django.test import override_settings
from django.urls import path

from audit.models import AuditEvent
from fulian import urls as fulian_urls
from orgs import scoping
from orgs.admin_base import ScopedAdmin, ScopedInlineMixin
from orgs.models import Duty, LeadershipRule, Unit
from orgs.scoping import OutOfScope, UnscopedModelError, get_scoped_or_404, in_scope, scope, visible_townships
from tests.factories import UnitFactory


@pytest.fixture
def outsider(db):
    return User.objects.create_user(username="outsider", password="Test-pass-2026", is_staff=True)


def test_scoping_a_model_without_township_is_a_programming_error(county_staff, town01, outsider):
    for user in (county_staff, town01, outsider):
        with pytest.raises(UnscopedModelError):
            scope(AuditEvent.objects.all(), user)


def test_a_path_that_names_no_relation_is_refused(town01):
    with pytest.raises(UnscopedModelError):
        scope(Unit.objects.all(), town01, field="nothing__township")


def test_reference_data_is_whole_for_every_role_and_nothing_for_outsiders(county_staff, leader, town01, outsider):
    every = set(Duty.objects.values_list("pk", flat=True))
    assert every
    for user in (county_staff, leader, town01):
        assert set(scope(Duty.objects.all(), user).values_list("pk", flat=True)) == every
    assert not scope(Duty.objects.all(), outsider).exists()
    assert scoping.is_reference_data(LeadershipRule)


def test_every_scoped_admin_is_for_an_owned_model_or_reference_data():
    def scopable(model) -> bool:
        return scoping.is_township_owned(model) or scoping.is_reference_data(model)

    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ScopedAdmin):
            assert scopable(model), model
        for inline in model_admin.inlines:
            if issubclass(inline, ScopedInlineMixin):
                assert scopable(inline.model), inline


def test_in_scope(county_staff, leader, town01, outsider, township1, township2):
    for user in (county_staff, leader):
        assert in_scope(user, township1.pk) and in_scope(user, None)
    assert in_scope(town01, township1.pk)
    assert not in_scope(town01, township2.pk)
    assert not in_scope(town01, None)  # the county's own rows
    assert not in_scope(outsider, township1.pk) and not in_scope(outsider, None)


def test_visible_townships(county_staff, town01, outsider, township1, township2):
    assert list(visible_townships(county_staff)) == [township1, township2]
    assert list(visible_townships(town01)) == [township1]
    assert list(visible_townships(outsider)) == []


def test_an_out_of_scope_lookup_raises_its_own_404(town01, township2):
    other = UnitFactory(parent=township2)
    with pytest.raises(OutOfScope) as excinfo:
        get_scoped_or_404(Unit.objects.all(), town01, pk=other.pk)
    assert isinstance(excinfo.value, Http404)


def _out_of_scope(request):
    raise OutOfScope("任何文字")


def _plain_not_found(request):
    raise Http404("未找到该记录")


# The portal's own URLs too: signing in works out her 待办, whose items link to the portal's pages.
urlpatterns = [path("out-of-scope/", _out_of_scope), path("plain-404/", _plain_not_found), *fulian_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
def test_the_audit_log_recognises_out_of_scope_by_type_not_by_text(client_for, town01):
    client = client_for(town01)
    assert client.get("/plain-404/").status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERMISSION_DENIED).exists()
    assert client.get("/out-of-scope/").status_code == 404
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERMISSION_DENIED)
    assert event.user == town01 and event.object_repr == "/out-of-scope/"


def test_another_townships_admin_row_is_recorded_as_denied(client_for, town01, township2):
    other = UnitFactory(parent=township2)
    assert client_for(town01).get(f"/admin/orgs/unit/{other.pk}/change/").status_code == 404
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PERMISSION_DENIED, user=town01).exists()
