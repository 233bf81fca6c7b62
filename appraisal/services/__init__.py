"""Every write of the 考核 app: task lists (``tasks``), the assessment workflow (``workflow``,
``assessments``), automatic scoring (``auto``), and who is told (``telling``)."""

from appraisal.services.assessments import (
    assessment_report,
    assessment_return,
    assessment_score,
    attachment_delete,
)
from appraisal.services.auto import task_list_auto_score
from appraisal.services.tasks import assessments_ensure, task_list_copy, task_list_publish
from appraisal.services.workflow import TRANSITIONS, WorkflowError, allowed_transitions

__all__ = [
    "TRANSITIONS",
    "WorkflowError",
    "allowed_transitions",
    "assessment_report",
    "assessment_return",
    "assessment_score",
    "assessments_ensure",
    "attachment_delete",
    "task_list_auto_score",
    "task_list_copy",
    "task_list_publish",
]
