"""Writes of the 示范点 workflow, as services (keyword-only, atomic, Chinese ``WorkflowError``).

``workflow`` holds the core every status move goes through (the ``TRANSITIONS`` table, the row lock, the
one ``record_transition``); ``applications`` the 申报 and the county's acceptance decision; ``city`` the
推荐市级 and the city's decision; ``designations`` the 挂牌 recorded, revoked, reviewed and subsidised;
``criteria`` the rubrics and their scores. Callers use this package: ``from demo_sites import services``;
``services.acceptance_decide(...)``.
"""

from demo_sites.services.applications import (
    acceptance_decide,
    application_create,
    application_delete,
    application_submit,
    application_update,
    attachment_add,
    attachment_delete,
    may_delete,
)
from demo_sites.services.city import CITY_DECISIONS, city_decision_record, city_recommend, may_recommend
from demo_sites.services.criteria import criteria_set_for
from demo_sites.services.designations import designation_record, designation_revoke, review_record, subsidy_grant
from demo_sites.services.workflow import DECISION_STATUS, TRANSITIONS, WorkflowError, allowed_transitions

__all__ = [
    "CITY_DECISIONS",
    "DECISION_STATUS",
    "TRANSITIONS",
    "WorkflowError",
    "acceptance_decide",
    "allowed_transitions",
    "application_create",
    "application_delete",
    "application_submit",
    "application_update",
    "attachment_add",
    "attachment_delete",
    "city_decision_record",
    "city_recommend",
    "criteria_set_for",
    "designation_record",
    "designation_revoke",
    "may_delete",
    "may_recommend",
    "review_record",
    "subsidy_grant",
]
