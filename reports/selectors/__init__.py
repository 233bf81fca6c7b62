"""Scoped reads for the reports that are not figures (the figures are in ``reports.indicators``)."""

from reports.selectors.cadres import township_chair_duties
from reports.selectors.scope import ReportScope, make_scope, reporting_unit, townships

__all__ = ["ReportScope", "make_scope", "reporting_unit", "township_chair_duties", "townships"]
