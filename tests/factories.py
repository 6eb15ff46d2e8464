"""factory_boy factories shared by every test module. Marketplaces come from
the data migration (``marketplace("US")``); everything else is built here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from inquiries.models import Case, Channel, Ticket
from inquiries.reasons import Reason, Route
from inquiries.states import CaseStatus, TicketStatus
from sellers.models import (
    Buyer,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    FulfillmentChannel,
    Marketplace,
    Order,
    OrderItem,
    Product,
    SellerAccount,
    Shipment,
    StaffProfile,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def marketplace(code: str = "US") -> Marketplace:
    return Marketplace.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "pw-123456")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


def agent_user(username: str = "agent1", *, marketplaces=None, languages=()) -> User:
    """An agent working ``marketplaces`` (codes; default every marketplace) in ``languages`` (default all)."""
    user = UserFactory(username=username, roles=["agents"])
    profile, _ = StaffProfile.objects.get_or_create(user=user)
    chosen = Marketplace.objects.all() if marketplaces is None else Marketplace.objects.filter(code__in=marketplaces)
    profile.marketplaces.set(chosen)
    if languages:
        profile.languages = list(languages)
        profile.save(update_fields=["languages"])
    return user


def operator_user(username: str = "operator1") -> User:
    return UserFactory(username=username, roles=["operators"], is_staff=True)


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerAccount

    name = factory.Sequence(lambda n: f"Seller {n}")
    business_country = "US"
    preferred_language = "en"
    time_zone = "America/Los_Angeles"
    notification_email = factory.Sequence(lambda n: f"seller{n}@example.com")
    registered_at = T0 - timedelta(days=400)


def seller_with_user(username: str = "seller1", **kwargs) -> SellerAccount:
    user = UserFactory(username=username, roles=["sellers"])
    return SellerFactory(user=user, **kwargs)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    seller = factory.SubFactory(SellerFactory)
    marketplace = factory.LazyFunction(lambda: marketplace("US"))
    status = EnrollmentStatus.ACTIVE
    source = EnrollmentSource.OPT_IN
    requested_at = T0
    effective_at = factory.LazyAttribute(lambda o: o.requested_at)
    terms_accepted_at = factory.LazyAttribute(lambda o: o.requested_at)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    marketplace = factory.LazyFunction(lambda: marketplace("US"))
    asin = factory.Sequence(lambda n: f"B0{n:08d}")
    sku = factory.Sequence(lambda n: f"SKU-{n}")
    language = "en"
    title = "Stainless steel water bottle, 750 ml"
    bullets = factory.LazyFunction(lambda: ["Keeps drinks cold for 24 hours", "Dishwasher safe lid"])
    description = "A double-walled bottle made of 18/8 stainless steel. Fits most cup holders."
    attributes = factory.LazyFunction(lambda: {"capacity": "750 ml", "material": "stainless steel", "color": "blue"})


class BuyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buyer

    marketplace = factory.LazyFunction(lambda: marketplace("US"))
    name = factory.Sequence(lambda n: f"Buyer {n}")
    email = factory.Sequence(lambda n: f"buyer{n}@example.net")
    language = "en"


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    marketplace = factory.LazyFunction(lambda: marketplace("US"))
    seller = factory.SubFactory(SellerFactory)
    buyer = factory.SubFactory(BuyerFactory, marketplace=factory.SelfAttribute("..marketplace"))
    order_number = factory.Sequence(lambda n: f"111-{n:07d}-0000001")
    placed_at = T0 + timedelta(days=10)


class OrderItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    product = factory.SubFactory(
        ProductFactory,
        seller=factory.SelfAttribute("..order.seller"),
        marketplace=factory.SelfAttribute("..order.marketplace"),
    )
    quantity = 1
    unit_price = Decimal("19.99")
    fulfillment_channel = FulfillmentChannel.FBM


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shipment

    order = factory.SubFactory(OrderFactory)
    carrier = "UPS"
    tracking_number = factory.Sequence(lambda n: f"1Z999AA1{n:010d}")
    tracking_url = factory.LazyAttribute(lambda o: f"https://tracking.example.com/{o.tracking_number}")
    shipped_at = factory.LazyAttribute(lambda o: o.order.placed_at + timedelta(days=1))
    estimated_delivery_at = factory.LazyAttribute(lambda o: o.shipped_at + timedelta(days=3))
    first_scan_at = factory.LazyAttribute(lambda o: o.shipped_at + timedelta(hours=4))
    has_valid_tracking = True


class TicketFactory(factory.django.DjangoModelFactory):
    """A ticket row built directly (for tests of consoles and sweeps); intake
    tests go through ``inquiries.intake.services`` instead."""

    class Meta:
        model = Ticket

    marketplace = factory.LazyFunction(lambda: marketplace("US"))
    channel = Channel.EMAIL
    language = "en"
    subject = "Where is my order?"
    reason = Reason.WHERE_IS_MY_ORDER
    route = Route.CSBA
    route_reason = "Covered unit, post-order inquiry."
    status = TicketStatus.OPEN
    opened_at = T0 + timedelta(days=20)
    first_response_due_at = factory.LazyAttribute(lambda o: o.opened_at + timedelta(hours=48))


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    ticket = factory.SubFactory(TicketFactory, status=TicketStatus.AWAITING_SELLER)
    seller = factory.SubFactory(SellerFactory)
    marketplace = factory.SelfAttribute("ticket.marketplace")
    question = "Can you confirm the tracking number?"
    opened_at = factory.LazyAttribute(lambda o: o.ticket.opened_at + timedelta(hours=1))
    deadline_at = factory.LazyAttribute(lambda o: o.opened_at + timedelta(hours=o.marketplace.seller_reply_hours))
    status = CaseStatus.AWAITING_SELLER
