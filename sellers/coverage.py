"""The coverage service: the single answer to "does CSBA handle this order item?".

Covered: units of orders placed inside one of the seller's enrollment windows
``[effective_at, ended_at)`` in the order's marketplace, in a fulfilment
channel the window's program covers. The standard program covers
seller-fulfilled (FBM) units only: FBA and Seller-Fulfilled Prime units are
not covered; the JP Japanese-language service for China-based sellers covers
FBA units too (its scope is data on ``Program``). In a mixed order each unit
is judged on its own. Routing and the simulator call this module rather than
re-deriving the rule. Billing counts CSBA units, the seller-fulfilled units
of orders placed while enrolled (``covered_item_condition``): a program that
also covers FBA units is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from csba.prepared import Param, PreparedRead

from .models import Enrollment, FulfillmentChannel, Marketplace, OrderItem, Product, Program


class NotCovered:
    FBA = "fulfilled_by_amazon"
    SELLER_FULFILLED_PRIME = "seller_fulfilled_prime"
    NOT_ENROLLED = "seller_not_enrolled_when_ordered"
    OUTSIDE_PROGRAM = "channel_outside_program"


@dataclass(frozen=True)
class Coverage:
    is_covered: bool
    reason: str  # "covered" or one of NotCovered's codes
    enrollment_id: int | None = None
    program: Program | None = None  # the program of the window the order was placed in

    def explain(self) -> str:
        return {
            "covered": "Seller-fulfilled unit of an order placed while the seller was enrolled in CSBA.",
            NotCovered.FBA: "Fulfilled by Amazon: not a CSBA unit.",
            NotCovered.SELLER_FULFILLED_PRIME: "Seller-Fulfilled Prime: not a CSBA unit.",
            NotCovered.NOT_ENROLLED: "The order was placed while the seller was not enrolled in CSBA.",
            NotCovered.OUTSIDE_PROGRAM: "The seller's CSBA program does not cover this fulfilment channel.",
        }[self.reason]


def program_for(*, business_country: str, marketplace: Marketplace) -> Program | None:
    """The program a seller based in ``business_country`` joins in the
    marketplace: the one serving its country, else the standard one (one
    query)."""
    programs = list(Program.objects.filter(marketplace_id=marketplace.pk).order_by("pk"))
    return next((p for p in programs if business_country in p.business_countries), None) or next(
        (p for p in programs if p.is_standard), None
    )


def window_query(seller_id: int, marketplace_id: int, moment: datetime) -> QuerySet[Enrollment]:
    """The query of ``window_containing`` (at most one row)."""
    return (
        Enrollment.objects.select_related("program")
        .filter(seller_id=seller_id, marketplace_id=marketplace_id, effective_at__lte=moment)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=moment))
        .order_by("-effective_at")[:1]
    )


# Read for every contact with an order (intake): compiled once (csba.prepared).
WINDOW_READ = PreparedRead(window_query, seller_id=Param.INT, marketplace_id=Param.INT, moment=Param.DATETIME)


def window_containing(*, seller_id: int, marketplace_id: int, moment: datetime) -> Enrollment | None:
    """The enrollment window that contains ``moment``, if any (with its program)."""
    found = WINDOW_READ(seller_id=seller_id, marketplace_id=marketplace_id, moment=moment)
    return found[0] if found else None


def channel_covered(fulfillment_channel: str, program: Program | None) -> bool:
    """Whether the program (None: the standard scope, FBM only) covers the channel."""
    if program is None:
        return fulfillment_channel == FulfillmentChannel.FBM
    return program.covers_channel(fulfillment_channel)


def coverage_of_unit(*, fulfillment_channel: str, enrollment: Enrollment | None) -> Coverage:
    """The rule itself, on values already fetched (the window's program loaded; no queries)."""
    program = enrollment.program if enrollment is not None else None
    if not channel_covered(fulfillment_channel, program):
        reason = {
            FulfillmentChannel.FBA: NotCovered.FBA,
            FulfillmentChannel.SFP: NotCovered.SELLER_FULFILLED_PRIME,
        }.get(fulfillment_channel, NotCovered.OUTSIDE_PROGRAM)
        return Coverage(False, reason, program=program)
    if enrollment is None:
        return Coverage(False, NotCovered.NOT_ENROLLED)
    return Coverage(True, "covered", enrollment.pk, program)


def coverage_for_item(item: OrderItem) -> Coverage:
    """Coverage of one order item (its order must be loadable; one query at most)."""
    order = item.order
    enrollment = window_containing(
        seller_id=order.seller_id, marketplace_id=order.marketplace_id, moment=order.placed_at
    )
    return coverage_of_unit(fulfillment_channel=item.fulfillment_channel, enrollment=enrollment)


def product_seller_program(
    *, marketplace: Marketplace, asin: str, moment: datetime
) -> tuple[int | None, Program | None]:
    """The seller of a product (a question before any order names only the
    product) and the program of its window open at ``moment``: two queries."""
    seller_id = (
        Product.objects.filter(marketplace_id=marketplace.pk, asin=asin.strip())
        .values_list("seller_id", flat=True)
        .first()
    )
    if seller_id is None:
        return None, None
    window = window_containing(seller_id=seller_id, marketplace_id=marketplace.pk, moment=moment)
    return seller_id, (window.program if window is not None else None)


def window_in(windows, moment: datetime) -> Enrollment | None:
    """The window of ``windows`` (one seller and marketplace, already fetched)
    that contains ``moment``: the in-memory twin of ``window_containing``."""
    inside = [w for w in windows if w.effective_at <= moment and (w.ended_at is None or w.ended_at > moment)]
    return max(inside, key=lambda w: w.effective_at, default=None)


# The two reads of ``order_item_coverage_bulk`` (batch intake), compiled once per number of keys (csba.prepared).
WINDOWS_READ = PreparedRead(
    lambda sellers, marketplaces: Enrollment.objects.select_related("program").filter(
        seller_id__in=sellers, marketplace_id__in=marketplaces
    ),
    sellers=Param.INT_LIST,
    marketplaces=Param.INT_LIST,
)
ITEMS_READ = PreparedRead(
    lambda orders: OrderItem.objects.filter(order_id__in=orders).select_related("product").order_by("pk"),
    orders=Param.INT_LIST,
)


def order_item_coverage_bulk(orders) -> dict[int, list[tuple[OrderItem, Coverage]]]:
    """``order_item_coverage`` for many orders in two queries, keyed by order id."""
    orders = list(orders)
    if not orders:
        return {}
    windows: dict[tuple[int, int], list[Enrollment]] = {}
    for window in WINDOWS_READ(
        sellers=sorted({o.seller_id for o in orders}), marketplaces=sorted({o.marketplace_id for o in orders})
    ):
        windows.setdefault((window.seller_id, window.marketplace_id), []).append(window)
    by_order = {order.pk: order for order in orders}
    judged: dict[int, list[tuple[OrderItem, Coverage]]] = {order.pk: [] for order in orders}
    for item in ITEMS_READ(orders=list(by_order)):
        order = by_order[item.order_id]
        enrollment = window_in(windows.get((order.seller_id, order.marketplace_id), ()), order.placed_at)
        judged[order.pk].append(
            (item, coverage_of_unit(fulfillment_channel=item.fulfillment_channel, enrollment=enrollment))
        )
    return judged


def order_item_coverage(order) -> list[tuple[OrderItem, Coverage]]:
    """Every item of an order (product loaded) with its coverage: two queries.
    In a mixed order each unit is judged on its own."""
    return items_coverage(order, order.items.select_related("product").order_by("pk"))


def items_coverage(order, items) -> list[tuple[OrderItem, Coverage]]:
    """``order_item_coverage`` for items already read (one query: the window)."""
    enrollment = window_containing(
        seller_id=order.seller_id, marketplace_id=order.marketplace_id, moment=order.placed_at
    )
    return [
        (item, coverage_of_unit(fulfillment_channel=item.fulfillment_channel, enrollment=enrollment)) for item in items
    ]


def coverage_for_order(order) -> dict[int, Coverage]:
    """Coverage of every item of an order, keyed by item id (two queries)."""
    return {item.pk: coverage for item, coverage in order_item_coverage(order)}


def covered_item_condition(prefix: str = "") -> Q:
    """A filter for OrderItem querysets (or, with ``prefix="items__"`` style
    paths, related ones) that keeps exactly the CSBA units billing counts:
    seller-fulfilled units of orders placed while enrolled, set-based.
    ``prefix`` is the path from the queried model to the OrderItem, ending in
    ``__``."""
    order_path = f"{prefix}order__"
    window = Enrollment.objects.filter(
        seller_id=OuterRef(f"{order_path}seller_id"),
        marketplace_id=OuterRef(f"{order_path}marketplace_id"),
        effective_at__lte=OuterRef(f"{order_path}placed_at"),
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef(f"{order_path}placed_at")))
    return Q(**{f"{prefix}fulfillment_channel": FulfillmentChannel.FBM}) & Q(Exists(window))
