"""SAFE-T reimbursement claims: the seller disputes a full refund Amazon
issued; an operator grants or denies it."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from csba.db import locked
from csba.dispatch import Task, enqueue_on_commit
from csba.errors import DomainError, NotFound
from csba.formatting import day
from sellers.models import Refund, RefundKind

from ... import events
from ...models import ActorKind, Case, SafeTClaim, SafeTGround, SafeTStatus
from ..deadlines import safet_claim_deadline
from .cases import seller_id_of

MAX_EXPLANATION_CHARS = 5_000


def safet_claim_file(*, refund_id: int, seller, ground: str, explanation: str, now: datetime) -> SafeTClaim:
    """The seller disputes a full refund Amazon issued on one of its orders,
    within the marketplace's filing window after the refund
    (``safet_claim_days``, 60): DomainError ``claim_window_closed`` after it.
    Another seller's refund raises NotFound. One claim per refund."""
    seller_id = seller_id_of(seller)
    refund = (
        Refund.objects.select_related("order_item__order__marketplace")
        .filter(pk=refund_id, order_item__order__seller_id=seller_id)
        .first()
    )
    if refund is None:
        raise NotFound("No such refund.")
    explanation = (explanation or "").strip()
    errors: dict[str, list[str]] = {}
    if ground not in SafeTGround.values:
        errors["ground"] = ["Choose one of the listed grounds."]
    if not explanation:
        errors["explanation"] = ["Explain why you are not responsible for this refund."]
    elif len(explanation) > MAX_EXPLANATION_CHARS:
        errors["explanation"] = [f"At most {MAX_EXPLANATION_CHARS:,} characters."]
    if errors:
        raise DomainError("The claim was not filed.", code="invalid_claim", field_errors=errors)
    if refund.kind != RefundKind.FULL:
        raise DomainError(
            "Only full refunds issued by Amazon qualify for a SAFE-T claim.",
            code="not_full_refund",
            field_errors={"refund": ["A partial refund cannot be claimed."]},
        )
    marketplace = refund.order_item.order.marketplace
    deadline = safet_claim_deadline(issued_at=refund.issued_at, marketplace=marketplace)
    if now > deadline:
        closed = _("The window to file a SAFE-T claim on this refund closed on %(date)s (%(days)s days after it).") % {
            "date": day(deadline),
            "days": marketplace.safet_claim_days,
        }
        raise DomainError(closed, code="claim_window_closed", field_errors={"refund": [closed]})
    case = (
        Case.objects.filter(ticket_id=refund.ticket_id).order_by("-opened_at", "-pk").first()
        if refund.ticket_id
        else None
    )
    try:
        with transaction.atomic():
            claim = SafeTClaim.objects.create(
                refund=refund, case=case, seller_id=seller_id, ground=ground, explanation=explanation, filed_at=now
            )
            if refund.ticket_id:
                events.record(
                    ticket_id=refund.ticket_id,
                    case_id=case.pk if case else None,
                    kind=events.EventKind.SAFET_FILED,
                    now=now,
                    actor_kind=ActorKind.SELLER,
                    data={"claim_id": claim.pk, "refund_id": refund.pk, "ground": ground},
                )
    except IntegrityError:
        raise DomainError(
            "A SAFE-T claim was already filed for this refund.",
            code="already_claimed",
            field_errors={"refund": ["Already claimed."]},
        ) from None
    return claim


@transaction.atomic
def safet_claim_decide(*, claim_id: int, granted: bool, note: str, operator, now: datetime) -> SafeTClaim:
    """An operator grants (the seller is reimbursed) or denies a submitted
    claim; a denial needs a note. Emails the seller after commit."""
    claim = locked(SafeTClaim.objects.select_related("refund").filter(pk=claim_id))
    if claim is None:
        raise DomainError(f"There is no claim {claim_id}.", code="unknown_claim")
    if claim.status != SafeTStatus.SUBMITTED:
        raise DomainError(
            f"The claim was already decided ({claim.get_status_display().lower()}).", code="already_decided"
        )
    note = (note or "").strip()
    if not granted and not note:
        raise DomainError(
            "Say why the claim is denied.",
            code="note_required",
            field_errors={"decision_note": ["Required to deny a claim."]},
        )
    claim.status = SafeTStatus.GRANTED if granted else SafeTStatus.DENIED
    claim.decided_at, claim.decided_by, claim.decision_note = now, operator, note
    claim.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    if claim.refund.ticket_id:
        events.record(
            ticket_id=claim.refund.ticket_id,
            case_id=claim.case_id,
            kind=events.EventKind.SAFET_DECIDED,
            now=now,
            actor=operator,
            actor_kind=ActorKind.OPERATOR,
            data={"claim_id": claim.pk, "status": claim.status, "note": note},
        )
    enqueue_on_commit(Task.SAFET_CLAIM_NOTIFY, claim.pk)
    return claim
