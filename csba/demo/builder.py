"""The demo marketplace: deterministic for a seed, idempotent (every row is
found by its natural key before it is created), built through the same
services the application uses where a service exists."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from inquiries.intake.services import Contact, contact_receive
from inquiries.models import Ticket
from sellers.models import (
    Buyer,
    FulfillmentChannel,
    Marketplace,
    Order,
    OrderItem,
    OrderStatus,
    Product,
    Return,
    SellerAccount,
    Shipment,
    StaffProfile,
)
from sellers.services import enrollment_activate_due

from .catalog import PRODUCTS, QUESTIONS
from .sellers import demo_seller_register

DEMO_PASSWORD = "demo-pass-2026"
SIZES = {"small": {"orders_per_seller": 25}, "medium": {"orders_per_seller": 250}}

# name, marketplace, country, language, time zone, enrollment, demo username
SELLERS = [
    ("Acme Outdoor", "US", "US", "en", "America/Los_Angeles", "enrolled", "seller"),
    ("Brightline Audio", "US", "US", "en", "America/New_York", "trial", None),
    ("Cedar Home Goods", "US", "US", "en", "America/Chicago", "opted_out", None),
    ("Shenzhen Gadget Co", "US", "CN", "zh-hans", "Asia/Shanghai", "enrolled", None),
    ("Berliner Küchenwaren", "DE", "DE", "de", "Europe/Berlin", "enrolled", "seller_de"),
    ("Rhein Textil", "DE", "DE", "de", "Europe/Berlin", "invited", None),
    ("Sakura Zakka", "JP", "JP", "ja", "Asia/Tokyo", "enrolled", "seller_jp"),
    ("Dragon Trade JP", "JP", "CN", "zh-hans", "Asia/Shanghai", "trial", None),
]
CARRIERS = {
    "US": ("UPS", "https://www.ups.com/track?tracknum="),
    "DE": ("DHL", "https://www.dhl.de/track?piececode="),
    "JP": ("ヤマト運輸", "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number="),
}
BUYER_NAMES = {
    "en": ["Alex Johnson", "Maria Garcia", "Sam Lee", "Jordan Smith"],
    "de": ["Anna Schmidt", "Lukas Müller", "Sophie Weber"],
    "ja": ["佐藤 花子", "鈴木 一郎", "高橋 美咲"],
}


# The demo's question to the seller, in the language CSBA writes to the seller of each marketplace.
CASE_QUESTIONS = {
    "en": "Can you confirm when this order was handed to the carrier, and its tracking number?",
    "de": "Können Sie bestätigen, wann diese Bestellung dem Versanddienstleister übergeben wurde, und die "
    "Sendungsnummer nennen?",
    "ja": "このご注文を配送業者に引き渡した日時と、追跡番号をご確認いただけますか？",
}


@dataclass
class SeedReport:
    created: dict

    def line(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in self.created.items() if n) or "nothing new (already seeded)"


def _asin(seed: int, *parts) -> str:
    digest = hashlib.sha1(":".join(map(str, (seed, *parts))).encode()).hexdigest().upper()
    return "B0" + digest[:8]


class DemoBuilder:
    def __init__(self, *, seed: int, size: str, now: datetime):
        self.seed = seed
        self.rng = random.Random(seed)
        self.size = SIZES[size]
        self.now = now.replace(minute=0, second=0, microsecond=0)
        self.created = dict.fromkeys(
            (
                "users",
                "sellers",
                "enrollments",
                "products",
                "orders",
                "shipments",
                "returns",
                "tickets",
                "cases",
                "statements",
            ),
            0,
        )

    def _count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] += 1

    @transaction.atomic
    def build(self, *, with_users: bool) -> SeedReport:
        marketplaces = {m.code: m for m in Marketplace.objects.all()}
        users = self._users() if with_users else {}
        sellers = []
        for index, (name, code, country, language, tz, state, username) in enumerate(SELLERS):
            seller = self._seller(index, name, marketplaces[code], country, language, tz, state, users.get(username))
            products = self._products(seller, marketplaces[code])
            self._orders(seller, marketplaces[code], products, index)
            sellers.append((seller, marketplaces[code], state))
        enrollment_activate_due(now=self.now)  # windows opened by default enrollment in the past
        from inquiries.console.services import macro_seed_defaults

        macro_seed_defaults()
        self._tickets(marketplaces)
        self._close_last_month(marketplaces)
        return SeedReport(self.created)

    def _close_last_month(self, marketplaces) -> None:
        """Sellers see a statement at once: the month before ``now`` is closed
        in each marketplace, as the monthly job would have done on the 1st."""
        from zoneinfo import ZoneInfo

        from billing.services import month_close

        for marketplace in marketplaces.values():
            local = self.now.astimezone(ZoneInfo(marketplace.time_zone)).date()
            last_month = (local.replace(day=1) - timedelta(days=1)).replace(day=1)
            result = month_close(marketplace=marketplace, month=last_month, now=self.now)
            self.created["statements"] += result.created

    def _users(self) -> dict[str, User]:
        groups = {g.name: g for g in Group.objects.all()}
        users = {}
        # Each agent works one marketplace (operators narrow or widen this in the admin).
        works = {"agent": "US", "agent2": "DE", "agent_jp": "JP"}
        for username, group, tz, lang in [
            ("agent", "agents", "America/Los_Angeles", "en"),
            ("agent2", "agents", "Europe/Berlin", "de"),
            ("agent_jp", "agents", "Asia/Tokyo", "ja"),
            ("operator", "operators", "UTC", "en"),
            ("planner", "planners", None, None),
            ("seller", "sellers", None, None),
            ("seller_de", "sellers", None, None),
            ("seller_jp", "sellers", None, None),
        ]:
            user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = group == "operators"
                user.is_superuser = group == "operators"
                user.save()
                user.groups.add(groups[group])
                if tz:
                    profile, _ = StaffProfile.objects.get_or_create(
                        user=user, defaults={"time_zone": tz, "language": lang}
                    )
                    if username in works:
                        profile.marketplaces.set(Marketplace.objects.filter(code=works[username]))
            self._count("users", created)
            users[username] = user
        return users

    def _seller(self, index, name, marketplace, country, language, tz, state, user) -> SellerAccount:
        seller = SellerAccount.objects.filter(name=name).first()
        self._count("sellers", seller is None)
        if seller is not None:
            return seller
        registered = self.now - timedelta(days=60 if state == "trial" else 500 + index * 30)
        seller, windows = demo_seller_register(
            name=name,
            marketplace=marketplace,
            country=country,
            language=language,
            tz=tz,
            state=state,
            user=user,
            registered=registered,
            now=self.now,
        )
        self.created["enrollments"] += windows
        return seller

    def _products(self, seller, marketplace) -> list[Product]:
        language = marketplace.default_language
        products = []
        for number, (title, bullets, description, attributes) in enumerate(PRODUCTS[language]):
            asin = _asin(self.seed, seller.name, number)
            product, created = Product.objects.get_or_create(
                marketplace=marketplace,
                asin=asin,
                defaults=dict(
                    seller=seller,
                    sku=f"{seller.pk}-{number:03d}",
                    language=language,
                    title=title,
                    bullets=bullets,
                    description=description,
                    attributes=attributes,
                    is_customizable=number == 0,
                    updated_at=self.now,
                ),
            )
            self._count("products", created)
            products.append(product)
        return products

    def _buyer(self, marketplace, n) -> Buyer:
        names = BUYER_NAMES[marketplace.default_language]
        name = names[n % len(names)]
        buyer, _ = Buyer.objects.get_or_create(
            marketplace=marketplace,
            email=f"buyer{n % 7}.{marketplace.code.lower()}@example.net",
            defaults={"name": name, "language": marketplace.default_language},
        )
        return buyer

    def _orders(self, seller, marketplace, products, seller_index) -> None:
        rng = random.Random(f"{self.seed}:{seller.name}")
        carrier, tracking_base = CARRIERS[marketplace.code]
        prefix = {"US": "111", "DE": "302", "JP": "503"}[marketplace.code]
        for n in range(self.size["orders_per_seller"]):
            number = f"{prefix}-{seller_index:02d}{n:05d}-{self.seed % 10_000_000:07d}"
            placed = self.now - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 23))
            channel = rng.choices(
                [FulfillmentChannel.FBM, FulfillmentChannel.FBA, FulfillmentChannel.SFP], [80, 15, 5]
            )[0]
            product = products[rng.randrange(len(products))]
            quantity = rng.choice([1, 1, 1, 2, 3])
            shipped = placed + timedelta(days=rng.randint(0, 2))
            delivered = shipped + timedelta(days=rng.randint(2, 5))
            status = (
                OrderStatus.DELIVERED
                if delivered < self.now
                else (OrderStatus.SHIPPED if shipped < self.now else OrderStatus.PENDING)
            )
            order, created = Order.objects.get_or_create(
                order_number=number,
                defaults=dict(
                    marketplace=marketplace,
                    seller=seller,
                    buyer=self._buyer(marketplace, seller_index * 100 + n),
                    placed_at=placed,
                    status=status,
                    ship_to_country=marketplace.code,
                ),
            )
            self._count("orders", created)
            if not created:
                continue
            item = OrderItem.objects.create(
                order=order,
                product=product,
                quantity=quantity,
                unit_price=Decimal(rng.choice(["19.99", "34.50", "59.00", "12.00"]))
                if marketplace.code != "JP"
                else Decimal(rng.choice(["1980", "3500", "5800"])),
                fulfillment_channel=channel,
            )
            if shipped >= self.now:
                continue
            has_tracking = rng.random() > 0.1
            tracking = f"{rng.randrange(10**11, 10**12)}" if has_tracking else ""
            shipment = Shipment.objects.create(
                order=order,
                carrier=carrier,
                tracking_number=tracking,
                tracking_url=f"{tracking_base}{tracking}" if tracking else "",
                shipped_at=shipped,
                estimated_delivery_at=shipped + timedelta(days=4),
                delivered_at=delivered if (delivered < self.now and has_tracking) else None,
                first_scan_at=shipped + timedelta(hours=6) if has_tracking else None,
                has_valid_tracking=has_tracking,
            )
            item.shipment = shipment
            item.save(update_fields=["shipment"])
            self._count("shipments", True)
            if status == OrderStatus.DELIVERED and rng.random() < 0.3:  # some buyers rate the seller
                order.feedback_rating = rng.choice([5, 5, 5, 5, 4, 4, 3, 2, 1])
                order.feedback_at = delivered + timedelta(days=2)
                order.save(update_fields=["feedback_rating", "feedback_at"])
            if status == OrderStatus.DELIVERED and rng.random() < 0.08:
                Return.objects.create(
                    order_item=item,
                    quantity=1,
                    reason="Did not fit",
                    authorized_at=delivered + timedelta(days=3),
                    rma_number=f"RMA-{number}",
                    has_prepaid_label=True,
                    is_amazon_label=rng.random() > 0.1,
                )
                self._count("returns", True)

    def _tickets(self, marketplaces) -> None:
        n = 0
        for code, marketplace in marketplaces.items():
            language = marketplace.default_language
            orders = list(
                Order.objects.filter(
                    marketplace=marketplace,
                    items__fulfillment_channel=FulfillmentChannel.FBM,
                    seller__enrollments__ended_at__isnull=True,
                )
                .select_related("buyer")
                .order_by("order_number")
                .distinct()[:20]
            )
            for index, (reason, text, *about) in enumerate(QUESTIONS[language]):
                n += 1
                if not orders:
                    break
                order = orders[index % len(orders)]
                asin = None
                if about:  # a product question goes on an order of the product it asks about
                    item = (
                        OrderItem.objects.filter(order__in=orders, product__title__contains=about[0])
                        .select_related("order", "product")
                        .order_by("order__order_number")
                        .first()
                    )
                    if item is not None:
                        order, asin = item.order, item.product.asin
                opened_at = self.now - timedelta(hours=3 + index * 5)
                key = f"demo:{self.seed}:{n}"
                exists = Ticket.objects.filter(idempotency_key=key).exists()
                result = contact_receive(
                    contact=Contact(
                        channel=["email", "chat", "phone", "web_form"][index % 4],
                        marketplace_code=code,
                        body=text,
                        order_number=None if reason == "pre_order" else order.order_number,
                        buyer_email=order.buyer.email,
                        buyer_name=order.buyer.name,
                        language=language,
                        asin=asin,
                        idempotency_key=key,
                    ),
                    now=opened_at,
                )
                self._count("tickets", not exists)
                if not exists and index in (2,) and result.ticket.status == "open":
                    self._open_case(result.ticket, opened_at + timedelta(hours=1))

    def _open_case(self, ticket, now) -> None:
        try:
            from inquiries.caselog.services import case_open
        except ImportError:  # the case log is not installed
            return
        case_open(ticket_id=ticket.pk, question=CASE_QUESTIONS.get(ticket.language, CASE_QUESTIONS["en"]), now=now)
        self._count("cases", True)


def seed_demo(*, seed: int, size: str, now: datetime, with_users: bool | None = None) -> SeedReport:
    return DemoBuilder(seed=seed, size=size, now=now).build(
        with_users=settings.DEBUG if with_users is None else with_users
    )
