"""Term elections (换届)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.models.units import DATA_PERMISSIONS, WomenOrganisation
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet


class TermElection(TownshipOwned):
    """换届: one renewal of an organisation's leadership, filed with and approved by the body above."""

    class Authority(models.TextChoices):
        ORGANISATION_DEPARTMENT = "org_dept", "组织部"
        PARTY_COMMITTEE = "party", "同级党组织"
        FEDERATION = "federation", "上级妇联"

    township_from = ("organisation",)
    organisation = models.ForeignKey(
        WomenOrganisation, verbose_name="妇女组织", on_delete=models.PROTECT, related_name="term_elections"
    )
    held_on = models.DateField("换届日期")
    term_years = models.PositiveSmallIntegerField("任期(年)", default=5)
    next_due_on = models.DateField("下次换届应于", editable=False, db_index=True)
    filed_with = models.CharField("备案机关", max_length=20, choices=Authority.choices, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    approved_by = models.CharField("批复机关", max_length=20, choices=Authority.choices, blank=True)
    approved_on = models.DateField("批复日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "换届记录"
        default_permissions = DATA_PERMISSIONS
        verbose_name_plural = "换届记录"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["-held_on", "-id"], name="orgs_termelection_held")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "held_on"], name="one_election_per_day"),
            models.CheckConstraint(condition=Q(term_years__gte=1) & Q(term_years__lte=10), name="term_years_range"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.held_on:%Y年%m月}换届"

    @staticmethod
    def due_date(held_on: datetime.date, term_years: int) -> datetime.date:
        try:
            return held_on.replace(year=held_on.year + term_years)
        except ValueError:  # 29 February
            return held_on.replace(year=held_on.year + term_years, day=28)

    @property
    def is_overdue(self) -> bool:
        return self.next_due_on < timezone.localdate()

    def clean(self) -> None:
        if self.filed_on and self.held_on and self.filed_on < self.held_on:
            raise ValidationError({"filed_on": "备案日期不能早于换届日期。"})
        if self.approved_on and self.held_on and self.approved_on < self.held_on:
            raise ValidationError({"approved_on": "批复日期不能早于换届日期。"})

    def save(self, *args, **kwargs) -> None:
        self.next_due_on = self.due_date(self.held_on, self.term_years)
        super().save(*args, **kwargs)
        self.organisation.refresh_next_election_due()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.organisation.refresh_next_election_due()
        return result
