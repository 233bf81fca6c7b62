"""Who is told of a 考核 move, and what they read (消息, ``notices``).

The county hears when a township reports an item (or reports it again after 退回补充); the township hears
when its item is returned for more evidence or scored. An organ's items are the county's own work from end to
end (organs have no accounts), and automatic scores are recomputed in batches, so neither is told.
``record_transition`` calls ``tell_transition`` once, where the move is recorded.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from appraisal.models import Assessment, AssessmentChange, points_text
from notices.models import Message
from notices.services import notify

Status = Assessment.Status
Kind = Message.Kind


def transition_message(assessment: Assessment, change: AssessmentChange) -> dict[str, Any] | None:
    """``notify``'s arguments for one move of ``assessment`` (None: nobody is told)."""
    if assessment.township_id is None:
        return None
    item = assessment.item
    what = f"{item.task_list.year}年考核任务“{item.name}”"
    when = timezone.localtime(change.at)
    comment = change.comment.strip()
    township_id: int | None = assessment.township_id
    if change.to_status == Status.REPORTED:
        again = change.from_status == Status.RETURNED
        kind = Kind.ASSESSMENT_REPORTED
        subject = f"{assessment.unit.name}{'补充报送' if again else '报送'}了{what}，待评分"
        body = f"{when:%Y年%m月%d日 %H:%M}报送。" + (f"\n完成情况：{comment}" if comment else "")
        link = reverse("appraisal:score", args=[assessment.pk])
        township_id = None  # the county scores
    elif change.to_status == Status.RETURNED:
        kind, subject = Kind.ASSESSMENT_RETURNED, f"{what}被退回补充"
        body = f"县妇联{when:%Y年%m月%d日}意见：{comment}\n请补充佐证材料后重新报送。"
        link = reverse("appraisal:detail", args=[assessment.pk])
    elif change.to_status == Status.SCORED:
        kind, subject = (
            Kind.ASSESSMENT_SCORED,
            f"{what}已评分：{points_text(change.score)} 分（满分 {points_text(item.points)} 分）",
        )
        body = f"县妇联{when:%Y年%m月%d日}评语：{comment}" if comment else f"县妇联{when:%Y年%m月%d日}评分。"
        link = reverse("appraisal:detail", args=[assessment.pk])
    else:
        return None
    return {
        "township": township_id,
        "kind": kind,
        "subject": subject,
        "body": body,
        "link": link,
        "dedupe_key": f"appraisal.assessmentchange:{change.pk}",
        "on": timezone.localdate(change.at),
    }


def tell_transition(assessment: Assessment, change: AssessmentChange) -> None:
    arguments = transition_message(assessment, change)
    if arguments is not None:
        notify(**arguments)
