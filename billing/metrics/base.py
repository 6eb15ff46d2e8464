"""What every metric shares: the ratio type and the month buckets (several
consecutive local months come back from one query, bucketed with a CASE on
the timestamp)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from ..periods import month_bounds

RATE_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)

    def as_dict(self) -> dict[str, int | str | None]:
        value = self.value
        return {"numerator": self.numerator, "denominator": self.denominator, "value": _text(value)}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def bucket(field: str, bounds: list[tuple[datetime, datetime]]) -> Case:
    return Case(
        *[
            When(**{f"{field}__gte": start, f"{field}__lt": end}, then=Value(index))
            for index, (start, end) in enumerate(bounds)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )


def in_bounds(field: str, bounds: list[tuple[datetime, datetime]]) -> Q:
    """Rows inside any of the months (consecutive months merge into one range)."""
    ranges: list[list[datetime]] = []
    for start, end in bounds:
        if ranges and ranges[-1][1] == start:
            ranges[-1][1] = end
        else:
            ranges.append([start, end])
    condition = Q()
    for start, end in ranges:
        condition |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return condition


def bounds_of(marketplace, months: list[date]) -> list[tuple[datetime, datetime]]:
    return [month_bounds(month, marketplace.time_zone) for month in months]


def narrow(queryset: QuerySet, field: str, seller_ids: Iterable[int] | None) -> QuerySet:
    return queryset if seller_ids is None else queryset.filter(**{f"{field}__in": list(seller_ids)})


def by_bucket(rows, key: str, value: str, size: int) -> dict[int, list[int]]:
    result: dict[int, list[int]] = defaultdict(lambda: [0] * size)
    for row in rows:
        if 0 <= row["bucket"] < size:
            result[row[key]][row["bucket"]] = int(row[value] or 0)
    return dict(result)
