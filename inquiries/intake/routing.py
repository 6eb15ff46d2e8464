"""Routing: the reason the classifier reads in a contact, then coverage, decide
where the contact goes; ``ticket_new`` builds the unsaved ticket with both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import translation

from csba.errors import DomainError
from sellers.coverage import Coverage, order_item_coverage, product_seller_program
from sellers.models import Marketplace, Order, OrderItem, Program

from ..models import Ticket
from ..reasons import Reason, Route, route_for_reason
from ..states import TicketStatus
from .contacts import CLAIM_A_TO_Z, Contact, is_buyer_unverified

# The decisions stored on a ticket (``route_reason``): English, one language for
# the audit trail; the console puts them into the viewer's words (``console.texts``).
COVERED = "Covered unit: ordered while the seller was enrolled in CSBA, in a channel its program covers."
IN_PROGRAM = "In the scope of the seller's program: "
UNVERIFIED_WHY = (
    "The contact named an order, but its email is not the order's buyer's: an agent verifies the buyer "
    "before the order is attached and anything of it is shared."
)


@dataclass(frozen=True)
class RoutingDecision:
    route: str
    reason_text: str
    order_item: OrderItem | None
    coverage: dict


def decide_route(
    *,
    reason: str,
    order: Order | None,
    asin: str | None,
    transferred: bool,
    judged: list[tuple[OrderItem, Coverage]] | None = None,
    handles_a_to_z_claims: bool = False,
    program: Program | None = None,
) -> RoutingDecision:
    """Route by reason and the seller's program, then coverage: coverage can
    only move a contact away from CSBA. ``judged`` is the order's items with
    their coverage when the caller fetched them already (batch intake); the
    program is that of the window the order was placed in (or, for a contact
    without an order, ``program``). A program's scope is data: the reasons it
    covers (the standard scope: post-order reasons, not invoice,
    customization, pre-order questions), and a program where CSBA is the
    buyer's only interface keeps every contact but account questions. A-to-z
    Guarantee claims stay with CSBA only where the marketplace has CSBA handle
    them (JP); elsewhere the seller answers them."""
    by_reason = route_for_reason(reason)
    if by_reason == Route.MARKETPLACE_SUPPORT:
        return RoutingDecision(by_reason, "Account and login questions go to marketplace support.", None, {})
    if order is not None and judged is None:
        judged = order_item_coverage(order)
    if program is None:
        program = next((coverage.program for _, coverage in judged or () if coverage.program is not None), None)
    in_scope = by_reason == Route.CSBA
    if program is not None:
        in_scope = program.is_only_interface or program.covers_reason(reason, by_default=in_scope)
    if not in_scope:
        with translation.override("en"):  # stored on the ticket: one language for the audit trail
            label = str(Reason(reason).label)
        return RoutingDecision(Route.SELLER_MESSAGING, f"{label} questions are answered by the seller.", None, {})
    if reason == Reason.A_TO_Z_CLAIM and not handles_a_to_z_claims:
        return RoutingDecision(
            Route.SELLER_MESSAGING, "A-to-z Guarantee claims in this marketplace are answered by the seller.", None, {}
        )
    if order is None:
        if program is not None and by_reason != Route.CSBA:
            return RoutingDecision(Route.CSBA, f"{IN_PROGRAM}{program.name}.", None, {})
        return RoutingDecision(
            Route.CSBA,
            "Post-order inquiry without an order number: the agent identifies the order and checks coverage.",
            None,
            {},
        )
    if asin:
        judged = [(item, cov) for item, cov in judged if item.product.asin == asin] or judged
    summary = {
        str(item.pk): {
            "asin": item.product.asin,
            "channel": item.fulfillment_channel,
            "covered": cov.is_covered,
            "why": cov.reason,
        }
        for item, cov in judged
    }
    covered = [item for item, cov in judged if cov.is_covered]
    if covered:
        chosen = covered[0] if len(covered) == 1 or asin else None
        text = COVERED
        if transferred:
            text = "Transferred by the seller; " + text[0].lower() + text[1:]
        if len(covered) < len(judged):
            text += " Other items of this order are not covered."
        return RoutingDecision(Route.CSBA, text, chosen, summary)
    why = judged[0][1].explain() if judged else "The order has no items."
    return RoutingDecision(
        Route.SELLER_MESSAGING, f"Not a CSBA unit: {why}", judged[0][0] if len(judged) == 1 else None, summary
    )


def contact_classify(contact: Contact, marketplace: Marketplace):
    from ..classification import classify

    return classify(
        f"{contact.subject}\n{contact.body}".strip(), marketplace=marketplace.code, language=contact.language
    )


def ticket_new(
    contact: Contact,
    marketplace: Marketplace,
    order: Order | None,
    now: datetime,
    judged: list[tuple[OrderItem, Coverage]] | None = None,
) -> tuple[Ticket, str, dict]:
    """The unsaved ticket for a new contact (classified and routed), its first
    status, and the data of its "opened" event. The buyer of a contact without
    an order is left to the caller. A web-form or chat contact naming an order
    whose buyer's email is not its own gets the order as ``claimed_order``
    only (not attached: no seller, no coverage, nothing of the order for the
    contact) and goes to CSBA, where an agent verifies the buyer. Raises
    DomainError for a transfer CSBA cannot take."""
    classification = contact_classify(contact, marketplace)
    reason = Reason.A_TO_Z_CLAIM.value if contact.claim == CLAIM_A_TO_Z else classification.reason
    claimed = None
    if is_buyer_unverified(contact, order):
        # Not the order's buyer by email: the order waits for an agent's check.
        claimed, order, judged = order, None, None
    seller_id, program = (order.seller_id, None) if order is not None else (None, None)
    if order is None and contact.asin:
        # A question before any order (pre-sales): the product's seller and its program decide.
        seller_id, program = product_seller_program(marketplace=marketplace, asin=contact.asin, moment=now)
    decision = decide_route(
        reason=reason,
        order=order,
        asin=contact.asin,
        transferred=bool(contact.transferred_by_seller_id),
        judged=judged,
        handles_a_to_z_claims=marketplace.handles_a_to_z_claims,
        program=program,
    )
    if order is None and decision.route != Route.CSBA:
        seller_id = None
    if claimed is not None:
        seller_id = None
        if decision.route != Route.MARKETPLACE_SUPPORT:
            decision = RoutingDecision(Route.CSBA, UNVERIFIED_WHY, None, {})
    if contact.transferred_by_seller_id and decision.route != Route.CSBA:
        raise DomainError(
            f"This message cannot be transferred to CSBA: {decision.reason_text}",
            code="transfer_not_covered",
            field_errors={"order_number": [decision.reason_text]},
        )
    buyer = order.buyer if order is not None else None
    language = contact.language or classification.language or marketplace.default_language
    ticket = Ticket(
        marketplace=marketplace,
        buyer=buyer,
        order=order,
        order_item=decision.order_item,
        seller_id=seller_id,
        channel=contact.channel,
        language=language,
        subject=(contact.subject or contact.body.strip().splitlines()[0] if contact.body.strip() else contact.subject)[
            :300
        ],
        reason=reason,
        route=decision.route,
        route_reason=decision.reason_text[:300],
        classification={
            "reason": reason,
            "language": classification.language,
            "confidence": classification.confidence,
            "unsure": classification.unsure,
            "runner_up": classification.runner_up,
            "decided_by": classification.decided_by,
            "matched": list(classification.matched)[:10],
            "coverage": decision.coverage,
        },
        opened_at=now,
        first_response_due_at=now + timedelta(hours=marketplace.commitment_hours),
        idempotency_key=contact.idempotency_key,
        claimed_order=claimed,
        idempotency_fingerprint=contact.fingerprint() if contact.idempotency_key else "",
    )
    status = TicketStatus.OPEN if decision.route == Route.CSBA else TicketStatus.TRANSFERRED
    data = {"route": decision.route, "why": decision.reason_text, "channel": contact.channel}
    if claimed is not None:
        data["claimed_order"] = claimed.order_number
    return ticket, status, {**data, **contact.provenance} if contact.provenance else data
