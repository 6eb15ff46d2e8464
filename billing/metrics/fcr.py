"""First-contact resolution (DOMAIN.md "Reports and metrics"):

    FCR = CSBA tickets resolved without a case to the seller and without the
          buyer contacting again about the same order within the window
          ÷ CSBA tickets resolved

Set-based: one grouped query per marketplace, whatever the number of tickets.
The window is data on the marketplace (``Marketplace.fcr_window_days``, 7 by
default, editable in the admin). "Contacting again" is either another
ticket about the same order (any channel, the seller's transfers and merged
duplicates included: the buyer did write) opened after this ticket and at
most the window after its resolution, or the buyer reopening this very
ticket within the window after a resolution. A ticket without an order is
judged by its buyer's other tickets without an order. A ticket is counted in
the month (local to its marketplace) it was resolved in.

The insights dashboard, the monthly statements and the simulator's reports
all call this module: ``first_contact_resolution`` for one figure over a
period, ``fcr_by_month`` per seller and month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from inquiries.events import EventKind
from inquiries.models import ActorKind, Case, Ticket, TicketEvent
from inquiries.reasons import Route
from inquiries.states import TicketStatus
from sellers.models import Marketplace

from .base import Ratio, bounds_of, bucket, in_bounds, narrow


def first_contact_condition(window: timedelta) -> Q:
    """The condition on a resolved ticket that makes it a first-contact resolution."""
    escalated = Case.objects.filter(ticket_id=OuterRef("pk"))
    later = {
        "opened_at__gt": OuterRef("opened_at"),
        "opened_at__lte": OuterRef("resolved_at") + window,
    }
    same_order = Ticket.objects.filter(order_id=OuterRef("order_id"), **later).exclude(pk=OuterRef("pk"))
    same_buyer_no_order = Ticket.objects.filter(order_id__isnull=True, buyer_id=OuterRef("buyer_id"), **later).exclude(
        pk=OuterRef("pk")
    )
    resolved_shortly_before = TicketEvent.objects.filter(
        ticket_id=OuterRef("ticket_id"),
        kind=EventKind.STATUS_CHANGED,
        data__to=TicketStatus.RESOLVED,
        at__lt=OuterRef("at"),
        at__gte=OuterRef("at") - window,
    )
    reopened = TicketEvent.objects.filter(
        ticket_id=OuterRef("pk"),
        kind=EventKind.STATUS_CHANGED,
        actor_kind=ActorKind.BUYER,
        data__from=TicketStatus.RESOLVED,
        data__to=TicketStatus.OPEN,
    ).filter(Exists(resolved_shortly_before))
    contacted_again = (
        Q(Exists(same_order))
        | (Q(order_id__isnull=True, buyer_id__isnull=False) & Q(Exists(same_buyer_no_order)))
        | Q(Exists(reopened))
    )
    return ~Q(Exists(escalated)) & ~contacted_again


def resolved_csba_tickets(marketplace) -> QuerySet[Ticket]:
    """The denominator's tickets: CSBA tickets of the marketplace now resolved."""
    return Ticket.objects.filter(marketplace_id=marketplace.pk, route=Route.CSBA, status=TicketStatus.RESOLVED)


def window_of(marketplace) -> timedelta:
    return timedelta(days=marketplace.fcr_window_days)


def fcr_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[Ratio]]:
    """FCR per seller and month of resolution (one query); a month without
    resolved tickets is ``Ratio(0, 0)`` (value None)."""
    if not months:
        return {}
    bounds = bounds_of(marketplace, months)
    rows = (
        narrow(resolved_csba_tickets(marketplace).filter(seller_id__isnull=False), "seller_id", seller_ids)
        .filter(in_bounds("resolved_at", bounds))
        .annotate(bucket=bucket("resolved_at", bounds))
        .values("seller_id", "bucket")
        .annotate(resolved=Count("pk"), first=Count("pk", filter=first_contact_condition(window_of(marketplace))))
        .order_by()
    )
    result: dict[int, list[Ratio]] = defaultdict(lambda: [Ratio(0, 0)] * len(months))
    for row in rows:
        if 0 <= row["bucket"] < len(months):
            result[row["seller_id"]][row["bucket"]] = Ratio(row["first"], row["resolved"])
    return dict(result)


def first_contact_resolution(
    *, start: datetime, end: datetime, marketplaces: Iterable[Marketplace] | None = None, seller_ids=None
) -> Ratio:
    """FCR of every CSBA ticket resolved in ``[start, end)`` in ``marketplaces``
    (all by default), each judged with its marketplace's window: one query per
    marketplace. ``Ratio.value`` is None when nothing was resolved. The
    simulator's reports call this."""
    total = Ratio(0, 0)
    for marketplace in marketplaces if marketplaces is not None else Marketplace.objects.order_by("code"):
        counts = (
            narrow(resolved_csba_tickets(marketplace), "seller_id", seller_ids)
            .filter(resolved_at__gte=start, resolved_at__lt=end)
            .aggregate(resolved=Count("pk"), first=Count("pk", filter=first_contact_condition(window_of(marketplace))))
        )
        total += Ratio(counts["first"] or 0, counts["resolved"] or 0)
    return total
