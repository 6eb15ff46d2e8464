"""A seller's tier window as the monthly close and the portal read it.

The figures of months already closed come from their statements: what a
report announced (the tier, and the rate with the reward earned in the
month) is what the next month bills, whatever happens to the raw rows later
(a ticket merged or reclassified after the close). Figures a closed month did
not record — a seller without a statement that month, or a statement closed
before the CPU counted every seller-fulfilled unit — are read from the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .base import Ratio
from .quality import labels_by_month, tracking_by_month
from .recorded import closed_months, recorded_by_month
from .volume import contacts_by_month, shipped_units_by_month

MAX_IDS_LISTED = 500


@dataclass
class SellerWindow:
    """One seller's four months (the three of the tier window, then the billed one)."""

    covered: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    fulfilled: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    contacts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    recorded: list[str] = field(default_factory=list)  # months read from statements
    vtr: Ratio | None = None  # the billed month's own (reported; the next month's reward is assessed on it)
    aprl: Ratio | None = None
    assessed_vtr: Decimal | None = None  # the month before's: the billed month's reward
    assessed_aprl_rate: Decimal | None = None


@dataclass
class _Raw:
    """Raw figures of some months (per seller, in the order of ``months``)."""

    months: list[date]
    covered: dict[int, list[int]]
    fulfilled: dict[int, list[int]]
    contacts: dict[int, list[int]]

    @classmethod
    def read(cls, *, marketplace, months: list[date], seller_ids) -> _Raw:
        if not months or (seller_ids is not None and not seller_ids):
            return cls(months, {}, {}, {})
        args = {"marketplace": marketplace, "months": months, "seller_ids": seller_ids}
        covered, fulfilled = shipped_units_by_month(**args)
        return cls(months, covered, fulfilled, contacts_by_month(**args))

    def get(self, name: str, seller_id: int, month: date) -> int:
        values = getattr(self, name).get(seller_id)
        return values[self.months.index(month)] if values else 0


def seller_windows(
    *, marketplace, months: list[date], sellers: Iterable[int], seller_ids=None, use_closed_months: bool = True
) -> dict[int, SellerWindow]:
    """The four months ``months`` (the three of a tier window, then the billed
    one) of each of ``sellers``: closed months from their statements, the rest
    from the data; the VTR and APRL rate of ``months[2]``, which the reward of
    ``months[3]`` is assessed on, and those of ``months[3]`` itself.
    ``seller_ids`` narrows the queries (None: every seller of the
    marketplace). Four to ten grouped queries."""
    sellers = list(sellers)
    previous = months[2]
    closed = closed_months(marketplace=marketplace, months=months[:3]) if use_closed_months else []
    recorded = recorded_by_month(marketplace=marketplace, months=closed, seller_ids=seller_ids)
    open_months = [m for m in months if m not in closed]
    raw = _Raw.read(marketplace=marketplace, months=open_months, seller_ids=seller_ids)
    # Sellers a closed month has no complete statement for: read from the data.
    gaps = {
        seller_id
        for seller_id in sellers
        for m in closed
        if (r := recorded.get(seller_id, {}).get(m)) is None or r.seller_fulfilled_units is None
    }
    # A few sellers (new ones, as a rule) are read by id; many (the first close
    # after statements lacked a figure) with the marketplace's others.
    gap_ids = (sorted(gaps) if len(gaps) <= MAX_IDS_LISTED else seller_ids) if gaps else []
    raw_gaps = _Raw.read(marketplace=marketplace, months=closed, seller_ids=gap_ids)
    tracking = _quality(tracking_by_month, marketplace, months, closed, seller_ids, gap_ids)
    labels = _quality(labels_by_month, marketplace, months, closed, seller_ids, gap_ids)
    windows: dict[int, SellerWindow] = {}
    for seller_id in sellers:
        window = windows[seller_id] = SellerWindow()
        for index, m in enumerate(months):
            if m not in closed:
                for name in ("covered", "fulfilled", "contacts"):
                    getattr(window, name)[index] = raw.get(name, seller_id, m)
                continue
            r = recorded.get(seller_id, {}).get(m)
            window.covered[index] = r.units if r else raw_gaps.get("covered", seller_id, m)
            window.contacts[index] = r.contacts if r else raw_gaps.get("contacts", seller_id, m)
            if r is not None and r.seller_fulfilled_units is not None:
                window.fulfilled[index] = r.seller_fulfilled_units
                window.recorded.append(f"{m:%Y-%m}")
            else:
                window.fulfilled[index] = raw_gaps.get("fulfilled", seller_id, m)
        window.vtr, window.aprl = tracking[1].get(seller_id), labels[1].get(seller_id)
        r = recorded.get(seller_id, {}).get(previous)
        if r is not None:
            window.assessed_vtr, window.assessed_aprl_rate = r.vtr, r.aprl_rate
        else:
            vtr, aprl = tracking[0].get(seller_id), labels[0].get(seller_id)
            window.assessed_vtr = vtr.value if vtr else None
            window.assessed_aprl_rate = aprl.value if aprl else None
    return windows


def _quality(metric, marketplace, months, closed, seller_ids, gap_ids) -> tuple[dict[int, Ratio], dict[int, Ratio]]:
    """A quality ratio (VTR or APRL) of the month before the billed one and of
    the billed month: one query for both when the month before is open, else
    the billed month's and, narrowed to the sellers its statements miss, the
    month before's."""
    previous, month = months[2], months[3]
    if previous not in closed:
        both = metric(marketplace=marketplace, months=[previous, month], seller_ids=seller_ids)
        return _pick(both, 0), _pick(both, 1)
    before = metric(marketplace=marketplace, months=[previous], seller_ids=gap_ids) if gap_ids != [] else {}
    own = metric(marketplace=marketplace, months=[month], seller_ids=seller_ids)
    return _pick(before, 0), _pick(own, 0)


def _pick(by_month: dict[int, list[Ratio | None]], index: int) -> dict[int, Ratio]:
    return {seller_id: ratios[index] for seller_id, ratios in by_month.items() if ratios[index] is not None}
