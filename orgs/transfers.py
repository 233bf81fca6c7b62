"""调动: a township's request to take over a woman registered in another township, and the county's decision.

Asking tells the township nothing about who the woman is or where she is registered: the number is looked
up like any number typed into a cadre form (``orgs.idlookups``: counted against the hourly allowance and
audited), and the request shows only what the township typed. County staff see the registered record and
decide. Approving moves her record to the asking township's unit with ``TownshipOwned.save``, so that
everything she owns (her training and activity records) follows her (``orgs.ownership``), and ends on that
day the posts she still holds in the township she leaves. Her earlier posts stay with the organisations she
held them in: they are those organisations' 班子 history, not hers to take along.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.log import audit_transition
from orgs import idnumbers, scoping
from orgs.idlookups import OutsideNumberChecks
from orgs.models import Cadre, TransferRequest, Unit
from orgs.ownership import township_of

NOT_ELSEWHERE = "没有在其他乡镇找到登记此身份证号的妇女干部：如是新干部，请直接在“妇女干部”中新增。"
ALREADY_HERE = "此人已在本乡镇登记，无需申请调动。"


def request_transfer(*, user, name: str, id_number: str, to_unit: Unit, reason: str) -> TransferRequest:
    """A township asks for a woman registered elsewhere. Refusals are ``ValidationError`` in Chinese; the
    lookup of the number is counted and audited even when the request is refused."""
    own = scoping.township_id_of(user)
    if own is None:
        raise ValidationError("只有乡镇（街道）妇联工作人员可以申请调入。")
    if to_unit.township_id != own:
        raise ValidationError({"to_unit": "调入单位必须是本乡镇（街道）的单位。"})
    number = idnumbers.normalise(id_number)
    try:
        idnumbers.validate_id_number(number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc
    cadre = Cadre.objects.filter(id_number_hash=idnumbers.lookup_hash(number)).first()
    if cadre is not None and cadre.township_id == own:
        raise ValidationError({"id_number": ALREADY_HERE})
    checks = OutsideNumberChecks(user=user, channel="调动申请")
    refusal = checks.refusal(number=number, registered_elsewhere=cadre is not None)
    checks.record()  # committed with the request's answer, whether the request is then made or refused
    if refusal is not None and refusal.code == "lookup_limit":
        raise ValidationError({"id_number": refusal.messages})
    if cadre is None:
        raise ValidationError({"id_number": NOT_ELSEWHERE})
    transfer = TransferRequest(
        to_unit=to_unit,
        cadre=cadre,
        origin_township_id=cadre.township_id,
        given_name=name.strip(),
        id_number_masked=idnumbers.mask(number),
        reason=reason.strip(),
        requested_by=user,
    )
    transfer.township_id = township_of(transfer)  # what save() would derive, for the constraint check
    transfer.validate_constraints()
    with transaction.atomic():
        transfer.save()
        audit_transition(by=user, subject=transfer, change="提交调动申请")
    return transfer


def may_decide_transfers(user) -> bool:
    """Only county staff decide 调动申请 (the page shows the form, the service refuses everyone else)."""
    return scoping.sees_whole_county(user) and user.has_perm("orgs.change_transferrequest")


@transaction.atomic
def decide_transfer(*, transfer: TransferRequest, by, approve: bool, note: str = "") -> TransferRequest:
    """County staff approve (the woman's record moves) or refuse (with a reason) a pending request."""
    if not may_decide_transfers(by):
        raise ValidationError("只有县妇联工作人员可以审批调动申请。")
    locked = TransferRequest.objects.select_for_update().get(pk=transfer.pk)
    if not locked.is_pending:
        raise ValidationError(f"该调动申请已审批（{locked.get_status_display()}），不能重复审批。")
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"decision_note": "不同意调动时，请填写原因，乡镇会看到这条意见。"})
    if approve:
        _move(locked, by=by)
    locked.status = TransferRequest.Status.APPROVED if approve else TransferRequest.Status.REFUSED
    locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note
    locked.save()
    audit_transition(by=by, subject=locked, change=locked.get_status_display())
    return locked


def _move(transfer: TransferRequest, *, by) -> None:
    cadre = Cadre.objects.select_for_update().get(pk=transfer.cadre_id)
    today = timezone.localdate()
    for post in cadre.posts.filter(ended_on__isnull=True):
        post.ended_on = max(today, post.started_on) if post.started_on else today
        post._change_reason, post._history_user = "调动至其他乡镇，原职务离任", by
        post.save()
    cadre.unit = transfer.to_unit
    cadre._change_reason, cadre._history_user = f"调动申请审批同意，调入{transfer.to_unit}", by
    cadre.save()
    # Other townships' requests for her are answered too: she has now been placed.
    for other in (
        TransferRequest.objects.select_for_update()
        .filter(cadre=cadre, status=TransferRequest.Status.PENDING)
        .exclude(pk=transfer.pk)
    ):
        other.status, other.decided_by, other.decided_at = TransferRequest.Status.REFUSED, by, timezone.now()
        other.decision_note = "此人已调入其他乡镇。"
        other.save()
        audit_transition(by=by, subject=other, change=other.get_status_display())
