"""Orders, packages and deliveries as the marketplace and the carriers
record them: drawn per hour for every seller at once (NumPy arrays, an
``OrderBatch``), written with set-based inserts and updates at the moment
they happen (placed, shipped, delivered), never ahead of the clock a service
could read them at.

Only seller-fulfilled (FBM) orders are written: FBA orders reach neither CSBA
nor its fees (a seller's FBM share thins its orders). One order holds one
line (its item has the order's id) of 1–n units of one product. An order the
world follows closely (a contact, trouble) gets an ``OrderFacts`` object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.db import connection

from sellers.models import Buyer, Order, OrderItem, Shipment

from .draws import lognormal
from .population import ProductInfo, SellerInfo

CARRIER = {
    "US": ("UPS", "https://www.ups.com/track?tracknum="),
    "DE": ("DHL", "https://www.dhl.de/track?piececode="),
    "JP": ("Yamato Transport", "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number="),
}
PREFIX = {"US": "111", "DE": "302", "JP": "503"}
NAMES = {
    "en": ("Alex Miller", "Jordan Lee", "Sam Carter", "Taylor Brooks", "Morgan Diaz", "Casey Kim", "Riley Chen"),
    "de": ("Anna Schmidt", "Lukas Müller", "Sophie Weber", "Jonas Fischer", "Lea Wagner", "Paul Becker"),
    "ja": ("佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健", "伊藤 さくら", "渡辺 大輔"),
}


def sql_time(moment: datetime) -> str:
    """How Django stores an aware datetime in SQLite (naive UTC text); PostgreSQL reads the same text as UTC
    (Django's connections set the session's time zone to UTC)."""
    return str(moment.astimezone(UTC).replace(tzinfo=None, microsecond=0))


def _table(model) -> str:
    return model._meta.db_table


def ids_written(cursor, *models) -> None:
    """After rows were written with explicit ids: on PostgreSQL each table's id sequence is moved past them, so
    the rows the services create next (``Model.objects.create``) take the ids after them (SQLite's rowids follow
    by themselves)."""
    if connection.vendor != "postgresql":
        return
    for model in models:
        table = _table(model)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))", [table])


def _after_last(*models) -> int:
    """The first primary key above every row of ``models`` (1 in a fresh
    replication database; past the rows already there when the demo history
    is simulated into a live database)."""
    return 1 + max((model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) for model in models)


@dataclass(eq=False)
class OrderFacts:
    """One order and what will happen to it (drawn when it was placed)."""

    id: int
    number: str
    seller: int
    product: int
    buyer: int
    marketplace: str
    units: int
    price: float
    placed: datetime
    shipped: datetime
    estimate: datetime
    delivered: datetime | None  # None: lost
    is_late: bool
    has_tracking: bool
    is_cancelled: bool = False
    is_shipped: bool = False
    is_delivered: bool = False
    return_scanned: bool = False
    batch: OrderBatch | None = None

    @property
    def item_id(self) -> int:
        return self.id


class OrderBatch:
    """The orders of one hour in one marketplace, as arrays (times in seconds from the start)."""

    def __init__(self, book: OrderBook, code: str, **arrays: np.ndarray):
        self.book, self.code = book, code
        self.id, self.seller, self.product, self.buyer = (
            arrays["id"],
            arrays["seller"],
            arrays["product"],
            arrays["buyer"],
        )
        self.units, self.price, self.placed, self.shipped = (
            arrays["units"],
            arrays["price"],
            arrays["placed"],
            arrays["shipped"],
        )
        self.estimate, self.delivered = arrays["estimate"], arrays["delivered"]
        self.late, self.tracking = arrays["late"], arrays["tracking"]
        self.cancelled = np.zeros(len(self.id), dtype=bool)
        self.cache: dict[int, OrderFacts] = {}
        self.shipment: dict[int, int] = {}  # order index -> its package's id, once shipped

    def __len__(self) -> int:
        return len(self.id)

    def facts(self, k: int) -> OrderFacts:
        found = self.cache.get(k)
        if found is None:
            book, moment = self.book, self.book.moment
            delivered = None if np.isnan(self.delivered[k]) else moment(self.delivered[k])
            found = self.cache[k] = OrderFacts(
                id=int(self.id[k]),
                number=book.number(self.code, int(self.id[k]), int(self.seller[k])),
                seller=int(self.seller[k]),
                product=int(self.product[k]),
                buyer=int(self.buyer[k]),
                marketplace=self.code,
                units=int(self.units[k]),
                price=float(self.price[k]),
                placed=moment(self.placed[k]),
                shipped=moment(self.shipped[k]),
                estimate=moment(self.estimate[k]),
                delivered=delivered,
                is_late=bool(self.late[k]),
                has_tracking=bool(self.tracking[k]),
                batch=self,
            )
        return found


class OrderBook:
    def __init__(
        self,
        scenario: dict,
        sellers: list[SellerInfo],
        products: list[ProductInfo],
        *,
        start: datetime,
        marketplaces: dict[str, dict],
        rng: np.random.Generator,
    ):
        self.scenario, self.sellers, self.products, self.start, self.rng = scenario, sellers, products, start, rng
        self.marketplaces = marketplaces  # code -> {"pk", "time_zone", "currency_decimal_places", "language"}
        orders = scenario["orders"]
        self.day_shape = np.array(orders["day_shape"]) / np.mean(orders["day_shape"])
        self.week_shape = np.array(orders["week_shape"]) / np.mean(orders["week_shape"])
        units = sorted(orders["units"], key=int)
        self.unit_values = np.array([int(u) for u in units])
        self.unit_cumulative = np.cumsum([orders["units"][u] for u in units])
        self.by_market = {
            code: np.array([s.index for s in sellers if s.marketplace == code], dtype=int) for code in marketplaces
        }
        self.rates = np.array([s.orders_per_day * s.fbm_share for s in sellers]) / 24.0
        self.seller_pk = np.array([s.pk for s in sellers])
        self.product_pk = np.array([p.pk for p in products])
        self.valid_tracking = np.array([s.valid_tracking for s in sellers])
        self.popularity = [s.popularity for s in sellers]
        self.next_order = _after_last(Order, OrderItem)  # an order's one item shares its id
        self.next_shipment = _after_last(Shipment)
        self.first_buyer = _after_last(Buyer)
        days = scenario["simulation"]["days"]
        self.buyer_pool = {
            code: max(50, int(self.rates[idx].sum() * 24 * days / 2.5)) if len(idx) else 50
            for code, idx in self.by_market.items()
        }
        self.buyer_pk: dict[tuple[str, int], int] = {}
        self.epoch = np.datetime64(start.astimezone(UTC).replace(tzinfo=None), "s")
        self.cursor = connection.cursor()

    def moment(self, seconds: float) -> datetime:
        return self.start + timedelta(seconds=int(seconds))

    def texts(self, seconds: np.ndarray) -> list[str]:
        """Seconds from the start as Django's SQLite datetime text, for many at once."""
        stamps = np.datetime_as_string(self.epoch + seconds.astype("int64").astype("timedelta64[s]"), unit="s")
        return [stamp.replace("T", " ") for stamp in stamps.tolist()]

    @staticmethod
    def number(code: str, order_id: int, seller: int) -> str:
        return f"{PREFIX.get(code, '900')}-{order_id:07d}-{seller % 10_000:04d}"

    # -- orders placed ------------------------------------------------------------------------------------------

    def factor(self, code: str, moment: datetime) -> float:
        local = moment.astimezone(ZoneInfo(self.marketplaces[code]["time_zone"]))
        factor = self.day_shape[local.hour] * self.week_shape[local.weekday()]
        months = (moment - self.start).total_seconds() / (30.44 * 86400)
        factor *= (1.0 + self.scenario["orders"]["trend_per_month"]) ** months
        for peak in self.scenario["orders"]["peaks"]:
            days_in = (local.date() - datetime.fromisoformat(peak["start"]).date()).days
            if (not peak["marketplaces"] or code in peak["marketplaces"]) and 0 <= days_in < peak["days"]:
                factor *= peak["factor"]
        return float(factor)

    def place_hour(self, hour_start: datetime) -> list[OrderBatch]:
        """Draw and write the orders placed in the hour from ``hour_start``."""
        batches = []
        for code in sorted(self.marketplaces):
            idx = self.by_market[code]
            if not len(idx):
                continue
            counts = self.rng.poisson(self.rates[idx] * self.factor(code, hour_start))
            if counts.sum():
                batches.append(self._draw(code, np.repeat(idx, counts), hour_start))
        for batch in batches:
            self._write(batch)
        return batches

    def _draw(self, code: str, sellers: np.ndarray, hour_start: datetime) -> OrderBatch:
        rng, n, ship = self.rng, len(sellers), self.scenario["shipping"]
        base = (hour_start - self.start).total_seconds()
        placed = base + np.floor(np.sort(rng.random(n)) * 3600.0)
        shipped = placed + 60 + np.floor(lognormal(rng, ship["handling_hours"], n) * 3600.0)
        estimate = shipped + ship["estimate_days"] * 86400.0
        arrival = shipped + np.floor(lognormal(rng, ship["transit_days"], n) * 86400.0)
        late = rng.random(n) < ship["late_share"]
        arrival = np.where(
            late,
            np.maximum(arrival, estimate + np.floor(lognormal(rng, ship["late_days"], n) * 86400.0)),
            np.minimum(arrival, estimate),
        )
        lost = rng.random(n) < ship["lost_share"]
        units = self.unit_values[
            np.minimum(
                np.searchsorted(self.unit_cumulative, rng.random(n) * self.unit_cumulative[-1]),
                len(self.unit_values) - 1,
            )
        ]
        places = self.marketplaces[code]["currency_decimal_places"]
        prices = np.maximum(np.round(lognormal(rng, self.scenario["marketplaces"][code]["unit_price"], n), places), 1.0)
        tracking = rng.random(n) < self.valid_tracking[sellers]
        draws = rng.random(n)
        products = np.array(
            [
                self.sellers[s].products[
                    min(int(np.searchsorted(self.popularity[s], d)), len(self.sellers[s].products) - 1)
                ]
                for s, d in zip(sellers.tolist(), draws.tolist())
            ],
            dtype=int,
        )
        ids = np.arange(self.next_order, self.next_order + n)
        self.next_order += n
        return OrderBatch(
            self,
            code,
            id=ids,
            seller=sellers,
            product=products,
            buyer=rng.integers(0, self.buyer_pool[code], n),
            units=units,
            price=prices,
            placed=placed,
            shipped=shipped,
            estimate=estimate,
            delivered=np.where(lost, np.nan, arrival),
            late=late | lost,
            tracking=tracking,
        )

    def buyer_email(self, code: str, buyer: int) -> str:
        return f"b{buyer}.{code.lower()}@buyer.example"

    def _write(self, batch: OrderBatch) -> None:
        code, market = batch.code, self.marketplaces[batch.code]
        names = NAMES.get(market["language"], NAMES["en"])
        buyers = []
        for buyer in dict.fromkeys(batch.buyer.tolist()):
            if (code, buyer) not in self.buyer_pk:
                pk = self.buyer_pk[(code, buyer)] = self.first_buyer + len(self.buyer_pk)
                buyers.append(
                    (pk, market["pk"], names[buyer % len(names)], self.buyer_email(code, buyer), market["language"])
                )
        if buyers:
            self.cursor.executemany(
                f"INSERT INTO {_table(Buyer)} (id, marketplace_id, name, email, language) VALUES (%s, %s, %s, %s, %s)",
                buyers,
            )
            ids_written(self.cursor, Buyer)
        ids, sellers = batch.id.tolist(), batch.seller.tolist()
        self.cursor.executemany(
            f"INSERT INTO {_table(Order)} (id, marketplace_id, seller_id, buyer_id, order_number, placed_at, status, "
            "ship_to_country) VALUES (%s, %s, %s, %s, %s, %s, 'pending', %s)",
            [
                (i, market["pk"], int(self.seller_pk[s]), self.buyer_pk[(code, b)], self.number(code, i, s), t, code)
                for i, s, b, t in zip(ids, sellers, batch.buyer.tolist(), self.texts(batch.placed))
            ],
        )
        self.cursor.executemany(
            f"INSERT INTO {_table(OrderItem)} (id, order_id, product_id, quantity, unit_price, fulfillment_channel) "
            "VALUES (%s, %s, %s, %s, %s, 'FBM')",
            [
                (i, i, int(self.product_pk[p]), u, str(c))
                for i, p, u, c in zip(ids, batch.product.tolist(), batch.units.tolist(), batch.price.tolist())
            ],
        )
        ids_written(self.cursor, Order, OrderItem)

    # -- packages -----------------------------------------------------------------------------------------------

    def ship(self, groups: list[tuple[OrderBatch, np.ndarray]]) -> None:
        """Write the packages of the orders whose time has come (``which`` of each batch), in one insert."""
        rows, items, ids = [], [], []
        for batch, which in groups:
            which = which[~batch.cancelled[which]]
            if not len(which):
                continue
            carrier, url = CARRIER.get(batch.code, ("Carrier", "https://track.example/?n="))
            shipped, estimate = self.texts(batch.shipped[which]), self.texts(batch.estimate[which])
            scans = self.texts(batch.shipped[which] + 3 * 3600)
            for n, (k, order_id, has) in enumerate(
                zip(which.tolist(), batch.id[which].tolist(), batch.tracking[which].tolist())
            ):
                shipment = self.next_shipment
                self.next_shipment += 1
                number = f"{1_000_000_000_000 + order_id * 7919 % 9_000_000_000_000}" if has else ""
                rows.append(
                    (
                        shipment,
                        order_id,
                        carrier,
                        number,
                        url + number if number else "",
                        shipped[n],
                        estimate[n],
                        scans[n] if has else None,
                        has,
                    )
                )
                items.append((shipment, order_id))
                ids.append((order_id,))
                batch.shipment[k] = shipment
                if k in batch.cache:
                    batch.cache[k].is_shipped = True
        if not rows:
            return
        self.cursor.executemany(
            f"INSERT INTO {_table(Shipment)} (id, order_id, carrier, tracking_number, tracking_url, shipped_at, "
            "estimated_delivery_at, first_scan_at, has_valid_tracking, is_signed_for) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, FALSE)",
            rows,
        )
        ids_written(self.cursor, Shipment)
        self.cursor.executemany(f"UPDATE {_table(OrderItem)} SET shipment_id = %s WHERE id = %s", items)
        self.cursor.executemany(f"UPDATE {_table(Order)} SET status = 'shipped' WHERE id = %s", ids)

    def deliver(self, groups: list[tuple[OrderBatch, np.ndarray]], signed_for: float) -> None:
        """The carrier delivers: the scan shows it where tracking is valid (``signed_for``: share signed)."""
        scans, ids = [], []
        for batch, which in groups:
            which = which[~batch.cancelled[which]]
            if not len(which):
                continue
            times = self.texts(batch.delivered[which])
            signed = (self.rng.random(len(which)) < signed_for).tolist()
            for n, k in enumerate(which.tolist()):
                if batch.tracking[k] and k in batch.shipment:
                    scans.append((times[n], signed[n], batch.shipment[k]))
                if k in batch.cache:
                    batch.cache[k].is_delivered = True
            ids.extend((i,) for i in batch.id[which].tolist())
        if scans:
            self.cursor.executemany(
                f"UPDATE {_table(Shipment)} SET delivered_at = %s, is_signed_for = %s WHERE id = %s", scans
            )
        if ids:
            self.cursor.executemany(f"UPDATE {_table(Order)} SET status = 'delivered' WHERE id = %s", ids)

    def cancel(self, order: OrderFacts) -> bool:
        """The order is cancelled before it ships (an agent's decision)."""
        if order.is_shipped:
            return False
        order.is_cancelled = True
        if order.batch is not None:
            order.batch.cancelled[int(order.id - order.batch.id[0])] = True
        self.cursor.execute(f"UPDATE {_table(Order)} SET status = 'cancelled' WHERE id = %s", [order.id])
        return True

    def feedback(self, rows: list[tuple[int, int, datetime]]) -> None:
        """Buyers rate sellers: (order id, stars 1–5, when)."""
        if rows:
            self.cursor.executemany(
                f"UPDATE {_table(Order)} SET feedback_rating = %s, feedback_at = %s WHERE id = %s",
                [(stars, sql_time(at), order_id) for order_id, stars, at in rows],
            )
