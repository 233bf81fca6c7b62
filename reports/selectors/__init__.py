"""Scoped reads for the reports that are not figures (the figures are in ``reports.indicators``)."""

from reports.selectors.scope import ReportScope, make_scope, reporting_unit, townships

__all__ = ["ReportScope", "make_scope", "reporting_unit", "townships"]
