"""Data and checks the fault tests share: overdue cases and a month to close,
built against the wall clock (the worker processes read the real time), and
the "exactly once" checks on what the sweep, the reminders and the month close
leave behind."""

from __future__ import annotations

import email
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db.models import Count

from inquiries.events import EventKind
from inquiries.models import AuthorKind, Case, Direction, Message, TicketEvent
from inquiries.reasons import Reason
from inquiries.states import CaseStatus
from tests.factories import SellerFactory
from tests.inquiries.caselog.conftest import escalate, ticket_for

REASONS = [Reason.WHERE_IS_MY_ORDER, Reason.DAMAGED_OR_DEFECTIVE, Reason.RETURN_REQUEST, Reason.OTHER]


def wall_now() -> datetime:
    return datetime.now(UTC)


def overdue_cases(count: int, *, sellers: int = 5) -> list[Case]:
    """``count`` cases whose seller reply deadline passed an hour ago, over ``sellers`` sellers."""
    opened = wall_now() - timedelta(hours=25)
    owners = [SellerFactory() for _ in range(sellers)]
    return [
        escalate(
            ticket_for(seller=owners[i % sellers], reason=REASONS[i % len(REASONS)], now=opened, channel="email"),
            now=opened,
        )
        for i in range(count)
    ]


def cases_due_for_reminder(count: int) -> list[Case]:
    """Cases inside the reminder lead time (240 min in US): deadline in two hours."""
    opened = wall_now() - timedelta(hours=22)
    seller = SellerFactory()
    return [escalate(ticket_for(seller=seller, now=opened), now=opened) for _ in range(count)]


def assert_resolved_exactly_once(cases: list[Case]) -> None:
    ids = [case.pk for case in cases]
    statuses = Counter(Case.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == {CaseStatus.AUTO_RESOLVED: len(ids)}, statuses
    per_case = Counter(
        TicketEvent.objects.filter(case_id__in=ids, kind=EventKind.AUTO_RESOLVED).values_list("case_id", flat=True)
    )
    assert set(per_case) == set(ids) and set(per_case.values()) == {1}, per_case.most_common(3)
    replies = (
        Message.objects.filter(ticket__cases__in=ids, direction=Direction.OUTBOUND, author_kind=AuthorKind.SYSTEM)
        .values("ticket_id")
        .annotate(n=Count("pk"))
    )
    assert len(replies) == len(ids) and {row["n"] for row in replies} == {1}
    from sellers.models import Refund

    doubled = (
        Refund.objects.filter(order_item__order__tickets__cases__in=ids)
        .values("order_item_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubled.exists(), list(doubled[:3])


def sent_mail(mail_dir: Path) -> list[email.message.Message]:
    """Every message the file backend wrote (several per file, separated by a line of dashes)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


def subjects(mail_dir: Path) -> Counter:
    from email.header import decode_header, make_header

    return Counter(str(make_header(decode_header(m["Subject"] or ""))) for m in sent_mail(mail_dir))


def integrator(username: str = "integrator", password: str = "load-pass-1") -> tuple[str, str]:
    from tests.factories import UserFactory

    UserFactory(username=username, password=password, roles=["integrators"])
    return username, password


def enrolled_orders(count: int, *, sellers: int = 2) -> list[str]:
    """Order numbers of covered units (enrolled sellers, FBM), placed a week ago."""
    from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory

    placed = wall_now() - timedelta(days=7)
    owners = []
    for _ in range(sellers):
        seller = SellerFactory()
        EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
        owners.append(seller)
    numbers = []
    for i in range(count):
        order = OrderFactory(seller=owners[i % sellers], placed_at=placed)
        OrderItemFactory(order=order)
        numbers.append(order.order_number)
    return numbers
