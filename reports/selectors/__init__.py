"""Scoped reads for the reports: each summary's rows, grouped by township in a fixed number of queries."""

from reports.selectors.cadres import cadre_rows, reserve_shortages, township_chair_duties
from reports.selectors.organisations import org_coverage_rows, term_election_rows
from reports.selectors.programmes import (
    application_pipeline,
    demo_site_rows,
    training_audience_rows,
    training_by_month,
    training_rows,
)
from reports.selectors.scope import ReportScope, make_scope, reporting_unit, townships

__all__ = [
    "ReportScope",
    "application_pipeline",
    "cadre_rows",
    "demo_site_rows",
    "make_scope",
    "org_coverage_rows",
    "reporting_unit",
    "reserve_shortages",
    "term_election_rows",
    "township_chair_duties",
    "townships",
    "training_audience_rows",
    "training_by_month",
    "training_rows",
]
