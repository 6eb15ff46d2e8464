"""The data of the console and search benchmarks: 300 sellers, 3,000
products, 60,000 buyers, 150,000 orders with their shipments and items, and
N tickets in the status mix of a working queue (about 40% in the agents' open
list), each with a buyer message and an "opened" event, and the cases of the
tickets waiting for a seller. ``load(n)`` bulk-inserts it and returns the
measured agent and ticket."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from bench.bulk import bulk_loading, insert_rows

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

# A working queue: about 40% of the tickets in the agents' open list (open and seller-replied),
# as a real helpdesk's queue (and the peer's run) has; the rest closed or waiting.
STATUSES = [
    ("resolved", 530),
    ("transferred", 30),
    ("merged", 10),
    ("open", 370),
    ("pending_buyer", 20),
    ("awaiting_seller", 10),
    ("seller_replied", 30),
]
MARKETPLACES = [("US", "en", 60), ("DE", "de", 25), ("JP", "ja", 15)]
CHANNELS = [("email", 40), ("chat", 25), ("phone", 15), ("web_form", 15), ("api", 3), ("seller_transfer", 2)]
REASONS = [
    ("where_is_my_order", 30),
    ("return_request", 15),
    ("refund", 12),
    ("damaged_or_defective", 10),
    ("product_question", 12),
    ("wrong_or_missing_item", 6),
    ("cancel_order", 5),
    ("change_order", 3),
    ("payment", 2),
    ("feedback_complaint", 2),
    ("a_to_z_claim", 1),
    ("other", 2),
]


_TABLES: dict[int, tuple[list, list]] = {}


def weighted(rng: random.Random, table):
    if id(table) not in _TABLES:
        values = [row[0] if len(row) == 2 else row[:-1] for row in table]
        cumulative, total = [], 0
        for row in table:
            total += row[-1]
            cumulative.append(total)
        _TABLES[id(table)] = (values, cumulative)
    values, cumulative = _TABLES[id(table)]
    return rng.choices(values, cum_weights=cumulative)[0]


def load(n_tickets: int, seed: int = 7) -> dict:
    from django.core.management.color import no_style
    from django.db import connection

    from inquiries.models import Case, Message, Ticket, TicketEvent
    from sellers.models import Buyer, Order, OrderItem, Shipment

    rng = random.Random(seed)
    started = time.perf_counter()
    markets, agents, sellers, products = _staff_and_catalogue()
    n_orders, orders = _orders(rng, markets, products)
    status_of = _tickets(rng, n_tickets, markets, agents, sellers, n_orders, orders)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Buyer, Order, Shipment, OrderItem, Ticket, Message, TicketEvent, Case]
        ):
            cursor.execute(sql)
    target = _measured_ticket()
    with connection.cursor() as cursor:
        # Statistics for the planner; on PostgreSQL also the visibility map
        # index-only scans need (autovacuum keeps both current in production).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "agent_id": agents[0],
        "ticket_id": target,
        "seconds": round(time.perf_counter() - started, 1),
        "actionable": sum(1 for s in status_of.values() if s in ("open", "seller_replied")),
    }


def _staff_and_catalogue():
    """50 agents (the first, measured, works every marketplace), 300 sellers enrolled everywhere, 3,000 products."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction

    from sellers.models import Enrollment, Marketplace, Product, SellerAccount, StaffProfile

    markets = {m.code: m for m in Marketplace.objects.all()}
    agents_group = Group.objects.get(name="agents")
    with transaction.atomic():
        agents = []
        for n in range(50):
            user = User.objects.create_user(f"bench-agent-{n}", password="bench-pass-2026")
            user.groups.add(agents_group)
            agents.append(user.pk)
        profile = StaffProfile.objects.create(user_id=agents[0], time_zone="America/Los_Angeles", language="en")
        profile.marketplaces.set(markets.values())  # the measured agent works every marketplace
        sellers = SellerAccount.objects.bulk_create(
            [
                SellerAccount(
                    name=f"Bench seller {n}",
                    business_country="US",
                    notification_email=f"s{n}@example.com",
                    registered_at=NOW - timedelta(days=900),
                )
                for n in range(300)
            ]
        )
        Enrollment.objects.bulk_create(
            [
                Enrollment(
                    seller=s,
                    marketplace=markets[code],
                    status="active",
                    requested_at=NOW - timedelta(days=800),
                    effective_at=NOW - timedelta(days=800),
                    terms_accepted_at=NOW - timedelta(days=800),
                )
                for s in sellers
                for code in markets
            ]
        )
        products = Product.objects.bulk_create(
            [
                Product(
                    seller=sellers[n % len(sellers)],
                    marketplace=markets[code],
                    asin=f"B0B{n:07d}",
                    sku=f"SKU-{code}-{n}",
                    language=lang,
                    title=f"Bench product {n}",
                    bullets=["Keeps drinks cold for 24 hours", "Dishwasher safe"],
                    description="A bottle.",
                    attributes={"capacity": "750 ml"},
                )
                for n in range(3000)
                for code, lang, _ in [MARKETPLACES[n % 3]]
            ]
        )
    return markets, agents, sellers, products


def _orders(rng: random.Random, markets: dict, products: list):
    """60,000 buyers and 150,000 delivered orders, each with its shipment and one FBM item."""
    from sellers.models import Buyer, Order, OrderItem, Shipment

    by_market = {code: [p for p in products if p.marketplace_id == markets[code].pk] for code in markets}
    n_buyers, n_orders = 60_000, 150_000
    with bulk_loading(Buyer, Order, Shipment, OrderItem):
        buyer_market = {}

        def buyers():
            for n in range(1, n_buyers + 1):
                code, lang = weighted(rng, MARKETPLACES)
                buyer_market[n] = code
                yield (n, markets[code].pk, f"Buyer {n}", f"buyer{n}@example.net", lang)

        insert_rows(Buyer._meta.db_table, ["id", "marketplace_id", "name", "email", "language"], buyers())
        orders = {}

        def order_rows():
            for n in range(1, n_orders + 1):
                buyer = rng.randrange(1, n_buyers + 1)
                code = buyer_market[buyer]
                product = rng.choice(by_market[code])
                placed = NOW - timedelta(days=rng.randint(1, 700), hours=rng.randint(0, 23))
                orders[n] = (buyer, code, product.seller_id, product.pk, placed)
                yield (n, markets[code].pk, product.seller_id, buyer, f"B-{n:09d}", placed, "delivered", code)

        insert_rows(
            Order._meta.db_table,
            ["id", "marketplace_id", "seller_id", "buyer_id", "order_number", "placed_at", "status", "ship_to_country"],
            order_rows(),
        )
        insert_rows(
            Shipment._meta.db_table,
            (
                "id order_id carrier tracking_number tracking_url shipped_at estimated_delivery_at "
                "delivered_at first_scan_at has_valid_tracking is_signed_for"
            ).split(),
            (
                (
                    n,
                    n,
                    "UPS",
                    f"1Z{n:012d}",
                    f"https://tracking.example.com/1Z{n:012d}",
                    o[4] + timedelta(days=1),
                    o[4] + timedelta(days=4),
                    o[4] + timedelta(days=4),
                    o[4] + timedelta(days=1, hours=3),
                    True,
                    False,
                )
                for n, o in orders.items()
            ),
        )
        insert_rows(
            OrderItem._meta.db_table,
            ["id", "order_id", "product_id", "quantity", "unit_price", "fulfillment_channel", "shipment_id"],
            ((n, n, o[3], 1, "19.99", "FBM", n) for n, o in orders.items()),
        )
    return n_orders, orders


def _tickets(rng: random.Random, n_tickets: int, markets, agents, sellers, n_orders: int, orders: dict) -> dict:
    """The tickets in the queue's status mix, a buyer message and an event each, and the open cases."""
    from inquiries.models import Case, Message, Ticket, TicketEvent

    with bulk_loading(Ticket, Message, TicketEvent, Case):
        status_of = {}

        def tickets():
            for n in range(1, n_tickets + 1):
                status = weighted(rng, STATUSES)
                status_of[n] = status
                is_active = status in ("open", "pending_buyer", "awaiting_seller", "seller_replied")
                opened = NOW - (
                    timedelta(minutes=rng.randint(0, 4 * 24 * 60))
                    if is_active
                    else timedelta(minutes=rng.randint(5 * 24 * 60, 730 * 24 * 60))
                )
                order = rng.randrange(1, n_orders + 1) if rng.random() < 0.8 else None
                if order:
                    buyer, code, seller, _, _ = orders[order]
                else:
                    buyer, code, seller = None, weighted(rng, MARKETPLACES)[0], None
                language = {"US": "en", "DE": "de" if rng.random() < 0.85 else "en", "JP": "ja"}[code]
                answered = (not is_active) or status != "open" or rng.random() < 0.3
                assigned = rng.choice(agents) if (not is_active or rng.random() < 0.4) else None
                yield (
                    n,
                    markets[code].pk,
                    buyer,
                    order,
                    order,
                    seller,
                    weighted(rng, CHANNELS),
                    language,
                    f"Bench ticket {n}",
                    weighted(rng, REASONS),
                    "seller_messaging" if status == "transferred" else "csba",
                    "Covered unit, post-order inquiry.",
                    "{}",
                    status,
                    1 if status == "seller_replied" else 0,
                    assigned,
                    opened if assigned else None,
                    opened,
                    opened + timedelta(hours=48),
                    opened + timedelta(hours=rng.randint(1, 40)) if answered else None,
                    False,
                    opened + timedelta(days=2) if status in ("resolved", "merged") else None,
                    {"resolved": "answered", "merged": "duplicate"}.get(status, ""),
                    None,
                    "",
                    None,
                    None,
                    None,
                    None,
                    None,
                )

        ticket_columns = (
            "id marketplace_id buyer_id order_id order_item_id seller_id channel language subject "
            "reason route route_reason classification status priority assigned_to_id claimed_at "
            "opened_at first_response_due_at first_responded_at is_commitment_breached resolved_at "
            "resolution idempotency_key idempotency_fingerprint merged_into_id suggestion suggestion_at "
            "csat_score csat_at"
        ).split()
        insert_rows(Ticket._meta.db_table, ticket_columns, tickets())
        insert_rows(
            Message._meta.db_table,
            ["id", "ticket_id", "direction", "author_kind", "channel", "body", "sent_at", "in_reply_to"],
            (
                (
                    n,
                    n,
                    "inbound",
                    "buyer",
                    "email",
                    "Where is my order? It has not arrived.",
                    NOW - timedelta(days=1),
                    "",
                )
                for n in range(1, n_tickets + 1)
            ),
        )
        insert_rows(
            TicketEvent._meta.db_table,
            ["id", "ticket_id", "kind", "actor_kind", "at", "data"],
            (
                (n, n, "opened", "buyer", NOW - timedelta(days=1), '{"from": null, "to": "open"}')
                for n in range(1, n_tickets + 1)
            ),
        )

        def cases():
            number = 0
            for n, status in status_of.items():
                if status in ("awaiting_seller", "seller_replied"):
                    number += 1
                    case_status = "awaiting_seller" if status == "awaiting_seller" else "seller_replied"
                    opened = NOW - timedelta(hours=rng.randint(1, 20))
                    yield (
                        number,
                        n,
                        sellers[n % len(sellers)].pk,
                        markets["US"].pk,
                        "Tracking number?",
                        None,
                        opened,
                        opened + timedelta(hours=24),
                        None,
                        case_status,
                        None,
                        None,
                        "{}",
                    )

        insert_rows(
            Case._meta.db_table,
            (
                "id ticket_id seller_id marketplace_id question opened_by_id opened_at deadline_at "
                "reminded_at status seller_replied_at resolved_at resolution"
            ).split(),
            cases(),
        )
    return status_of


def _measured_ticket() -> int:
    """The measured ticket: actionable, with an order, a suggestion and some history."""
    from inquiries.models import Message, Ticket, TicketEvent

    target = (
        Ticket.objects.filter(status="open", order__isnull=False)
        .order_by("first_response_due_at")
        .values_list("pk", flat=True)
        .first()
    )
    Ticket.objects.filter(pk=target).update(
        suggestion={
            "decision": "answer",
            "reply": "Hello,\n\nIt keeps drinks cold for 24 hours.\n\nKind regards",
            "evidence": [{"source": "bullet", "text": "Keeps drinks cold for 24 hours", "score": 0.9}],
            "reason": "",
        }
    )
    for k in range(10):
        Message.objects.create(
            ticket_id=target, direction="outbound", author_kind="agent", channel="email", body=f"Reply {k}", sent_at=NOW
        )
        TicketEvent.objects.create(ticket_id=target, kind="note_added", actor_kind="agent", at=NOW)
    return target
