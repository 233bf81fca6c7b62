"""Leadership rules (班子配备): what each kind of organisation's 班子 needs, as data the county edits."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from orgs.models.cadres import Cadre
from orgs.models.units import Unit, WomenOrganisation


class LeadershipRuleQuerySet(models.QuerySet):
    def by_target(self) -> dict[tuple[str, str], LeadershipRule]:
        """The rules in force keyed by (unit kind, organisation form); form "" is the kind's general rule."""
        return {(rule.unit_kind, rule.organisation_form): rule for rule in self.filter(is_active=True)}


class LeadershipRule(models.Model):
    """班子配备要求 (会改联): the least leadership a women's organisation of one unit kind (optionally of one
    form) should have. The county edits these rows, since every place sets its own numbers.

    What is counted, among the organisation's posts current on the reference date, each woman once:
    主席; 副主席; 兼职副主席 = 副主席 whose post is not marked 专职 (``Post.is_full_time`` False; there is no
    separate position, so a vice chair stays one post whether full-time or not); 常委; 执委 = every member
    of the 执委会, i.e. 主席, 副主席, 常委 and 执委 together (they are all elected executive members).
    """

    LOCAL_NOTE = "各地“会改联”要求不一，请按本地要求调整。"
    # Posts that make up the 执委会 (counted for min_executives).
    COMMITTEE_POSITIONS = (
        Cadre.Position.CHAIR,
        Cadre.Position.VICE_CHAIR,
        Cadre.Position.STANDING,
        Cadre.Position.EXECUTIVE,
    )
    # (field, count name, label): count names are the ones orgs.selectors annotates per organisation.
    REQUIREMENTS = (
        ("min_chairs", "chairs", "主席"),
        ("min_vice_chairs", "vice_chairs", "副主席"),
        ("min_part_time_vice_chairs", "part_time_vice_chairs", "兼职副主席"),
        ("min_standing_members", "standing_members", "常委"),
        ("min_executives", "executives", "执委"),
    )

    unit_kind = models.CharField(
        "适用单位类别",
        max_length=20,
        choices=[c for c in Unit.Kind.choices if c[0] != Unit.Kind.COUNTY],
        help_text="没有要求的类别不计入班子配备指标。",
    )
    organisation_form = models.CharField(
        "适用组织形式",
        max_length=20,
        choices=WomenOrganisation.Form.choices,
        blank=True,
        help_text="留空表示该类别的各种组织形式；同一类别下指定了组织形式的要求优先。",
    )
    min_chairs = models.PositiveSmallIntegerField("主席(至少，名)", default=1)
    min_vice_chairs = models.PositiveSmallIntegerField("副主席(至少，名)", default=0, help_text="专职、兼职均计入。")
    min_part_time_vice_chairs = models.PositiveSmallIntegerField(
        "兼职副主席(至少，名)", default=0, help_text="现任副主席中未勾选“专职”的。"
    )
    min_standing_members = models.PositiveSmallIntegerField("常委(至少，名)", default=0)
    min_executives = models.PositiveSmallIntegerField(
        "执委(至少，名)", default=0, help_text="按执委会成员计：现任主席、副主席、常委、执委，每人计一次。"
    )
    is_active = models.BooleanField("启用", default=True, help_text="停用的要求不再计入班子配备指标。")
    notes = models.TextField("说明", blank=True, help_text="本地文件依据等。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = LeadershipRuleQuerySet.as_manager()

    # The county sets the rules; townships read them to know what they are measured against.
    REFERENCE_DATA = True
    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view", "add", "change", "delete")

    class Meta:
        verbose_name = "班子配备要求"
        verbose_name_plural = "班子配备要求"
        ordering = ["unit_kind", "organisation_form"]
        default_permissions = ("add", "change", "delete", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kind", "organisation_form"],
                name="one_leadership_rule_per_kind_and_form",
                violation_error_message="该单位类别和组织形式已有班子配备要求，请直接修改那一条。",
            ),
        ]

    def __str__(self) -> str:
        form = f"（{self.get_organisation_form_display()}）" if self.organisation_form else ""
        return f"{self.get_unit_kind_display()}{form}班子配备要求"

    @staticmethod
    def applicable(rules: dict[tuple[str, str], LeadershipRule], unit_kind: str, form: str) -> LeadershipRule | None:
        """The rule of ``rules`` (from ``by_target``) for an organisation: its form's, else its kind's."""
        return rules.get((unit_kind, form)) or rules.get((unit_kind, ""))

    def shortfalls(self, counts) -> list[str]:
        """What an organisation with ``counts`` (a mapping with the REQUIREMENTS count names) lacks,
        e.g. ["兼职副主席缺1名", "执委缺3名"]; empty when its 班子 is complete."""
        missing = []
        for field_name, count_name, label in self.REQUIREMENTS:
            lacking = getattr(self, field_name) - counts[count_name]
            if lacking > 0:
                missing.append(f"{label}缺{lacking}名")
        return missing
