"""调动申请: a township asks to take over a woman registered in another township; county staff decide."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.models.cadres import Cadre
from orgs.models.units import Unit
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet


class TransferRequest(TownshipOwned):
    """One 调动申请. It belongs to the township that asks (through ``to_unit``, where the woman will be
    registered); the township she is registered in, and who she is there, are for county staff only: the
    asking township sees what it typed (name and masked number) and the decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "待县妇联审批"
        APPROVED = "approved", "已同意调入"
        REFUSED = "refused", "未同意"

    township_from = ("to_unit",)
    to_unit = models.ForeignKey(Unit, verbose_name="调入单位", on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, verbose_name="已登记的干部", on_delete=models.CASCADE, related_name="+")
    origin_township = models.ForeignKey(
        Unit, verbose_name="原登记乡镇", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    given_name = models.CharField("姓名（申请时填写）", max_length=30)
    id_number_masked = models.CharField("身份证号", max_length=18)
    reason = models.TextField("调动原因")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view", "add")
    COUNTY_STAFF_ACTIONS = ("view", "change")

    class Meta:
        verbose_name = "调动申请"
        verbose_name_plural = "调动申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "township"],
                condition=Q(status="pending"),
                name="one_pending_transfer_per_cadre_and_township",
                violation_error_message="本乡镇已为此人提交调动申请，正在等待县妇联审批。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_name}（{self.id_number_masked}）调入{self.to_unit}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
