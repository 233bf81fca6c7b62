"""Staff accounts' township (which township a 乡镇填报员 works for)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from orgs.models.units import Unit


class StaffProfile(models.Model):
    """Binds a township staff account to exactly one township; county roles have none."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="staff_profile"
    )
    township = models.ForeignKey(
        Unit,
        verbose_name="所属乡镇",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Unit.Kind.TOWNSHIP},
        related_name="staff_profiles",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    history = HistoricalRecords()

    # Accounts are the system administrator's business: nobody else may rebind a user to a township.
    TOWNSHIP_STAFF_ACTIONS = ()
    COUNTY_STAFF_ACTIONS = ("view",)

    class Meta:
        verbose_name = "用户所属单位"
        verbose_name_plural = "用户所属单位"

    def __str__(self) -> str:
        return str(self.user)
