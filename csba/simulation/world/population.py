"""The people of a simulated world: sellers (registered through the same
``seller_register`` the portal and the admin use, so default enrollment is
the marketplace's own rule), their enrollment choices before the start
(invitation, opt-in, opt-out through the enrollment services), their products
and detail pages, and the agents (users in the agents group).

Each seller carries its draws: size, FBM share, quality, how fast it answers
cases and its own buyers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.contrib.auth.models import Group, User
from django.db import transaction

from csba.errors import DomainError
from sellers.models import Invitation, Marketplace, Product, SellingPlan, StaffProfile
from sellers.services import enrollment_activate_due, enrollment_opt_in, enrollment_opt_out, seller_register

from .catalog import BRANDS, KINDS, LANGUAGE_OF_MARKETPLACE, Page, page_new, questions
from .draws import beta, lognormal

SELLER_LANGUAGE = {"CN": "zh-hans", "US": "en", "DE": "de", "JP": "ja"}
SELLER_ZONE = {"CN": "Asia/Shanghai", "US": "America/New_York", "DE": "Europe/Berlin", "JP": "Asia/Tokyo"}
AGENT_ZONE = {"en": "America/Los_Angeles", "de": "Europe/Berlin", "ja": "Asia/Tokyo"}
COURIER = ("Yamato Transport", "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number=")


@dataclass
class ProductInfo:
    index: int
    seller: int
    page: Page
    pk: int = 0
    # (question text, fact index, whether the page states the fact, the fact's value)
    questions: list[tuple[str, int, bool, str]] = field(default_factory=list)


@dataclass
class SellerInfo:
    index: int
    marketplace: str
    origin: str
    orders_per_day: float
    fbm_share: float
    contact_factor: float
    defect_factor: float
    valid_tracking: float
    completeness: float
    case_hours: float  # the seller's median hours to answer a case
    messaging_hours: float  # … to answer its own buyers
    registered_at: datetime
    is_professional: bool
    pk: int = 0
    products: list[int] = field(default_factory=list)
    popularity: np.ndarray | None = None  # cumulative sales weights over ``products``
    opted: str = ""  # "in", "out" before the start


def sellers_draw(scenario: dict, rng: np.random.Generator, start: datetime) -> list[SellerInfo]:
    world = scenario["sellers"]
    quality, ages = world["quality"], world["registered_days"]
    sellers: list[SellerInfo] = []
    for code, market in sorted(scenario["marketplaces"].items()):
        origins = sorted(market["origins"])
        shares = np.array([market["origins"][o] for o in origins])
        for _ in range(market["sellers"]):
            origin = origins[int(rng.choice(len(origins), p=shares / shares.sum()))]
            spread = world["cases"]["seller_spread"]
            message_factor = world["messaging"]["origin_factor"].get(origin, 1.0)
            sellers.append(
                SellerInfo(
                    index=len(sellers),
                    marketplace=code,
                    origin=origin,
                    orders_per_day=lognormal(rng, world["orders_per_day"]) * market["orders_factor"],
                    fbm_share=beta(rng, world["fbm_share"]),
                    contact_factor=lognormal(rng, quality["contact_factor"]),
                    defect_factor=lognormal(rng, quality["defect_factor"]),
                    valid_tracking=beta(rng, quality["valid_tracking"]),
                    completeness=beta(rng, quality["page_completeness"]),
                    case_hours=world["cases"]["reply_hours"]["median"] * float(np.exp(rng.normal(0, spread))),
                    messaging_hours=world["messaging"]["reply_hours"]["median"]
                    * message_factor
                    * float(np.exp(rng.normal(0, spread))),
                    registered_at=start - timedelta(days=int(rng.integers(ages["min"], ages["max"] + 1))),
                    is_professional=bool(rng.random() < world["professional_plan"]),
                )
            )
    return sellers


def products_draw(scenario: dict, sellers: list[SellerInfo], rng: np.random.Generator) -> list[ProductInfo]:
    world = scenario["sellers"]
    per_product = scenario["contacts"]["questions_per_product"]
    kinds = sorted(KINDS)
    products: list[ProductInfo] = []
    for seller in sellers:
        language = LANGUAGE_OF_MARKETPLACE.get(seller.marketplace, "en")
        count = max(1, min(60, int(round(lognormal(rng, world["products"])))))
        for _ in range(count):
            kind = kinds[int(rng.integers(len(kinds)))]
            facts = KINDS[kind]["facts"]
            on_page = [bool(rng.random() < seller.completeness) for _ in facts]
            page = page_new(
                kind,
                language,
                brand=BRANDS[int(rng.integers(len(BRANDS)))],
                value_choice=[int(rng.integers(3)) for _ in facts],
                on_page=on_page,
            )
            product = ProductInfo(index=len(products), seller=seller.index, page=page)
            for _ in range(per_product):
                fact = int(rng.integers(len(facts)))
                options = questions(kind, fact, language)
                text = options[int(rng.integers(len(options)))]
                product.questions.append((text, fact, page.facts[fact].on_page, page.facts[fact].value))
            seller.products.append(product.index)
            products.append(product)
        weights = 1.0 / np.arange(1, len(seller.products) + 1) ** world["product_popularity"]
        seller.popularity = np.cumsum(weights / weights.sum())
    return products


def _jp_store_info(seller: SellerInfo) -> dict:
    return {
        "store_courier": COURIER[0],
        "store_courier_tracking_url": COURIER[1],
        "store_contact_person": f"Contact {seller.index}",
        "store_sample_tracking_number": f"{4000_0000_0000 + seller.index}",
    }


def sellers_register(sellers: list[SellerInfo], scenario: dict, rng: np.random.Generator, *, start: datetime) -> None:
    """Register every seller through ``seller_register`` (default enrollment
    is the marketplace's rule) and play its enrollment choices before the
    start: an opt-in (after an invitation where the program is
    invitation-only) or an opt-out; then activate the windows due."""
    choices = scenario["sellers"]["enrollment"]
    invitation_only = dict(Marketplace.objects.values_list("code", "is_invitation_only"))
    for seller in sellers:
        record = seller_register(
            name=f"Seller {seller.index:05d} ({seller.origin})",
            business_country=seller.origin,
            notification_email=f"s{seller.index}@seller.example",
            now=seller.registered_at,
            plan=SellingPlan.PROFESSIONAL if seller.is_professional else SellingPlan.INDIVIDUAL,
            preferred_language=SELLER_LANGUAGE.get(seller.origin, "en"),
            time_zone=SELLER_ZONE.get(seller.origin, "UTC"),
            marketplace_codes=[seller.marketplace],
            **(_jp_store_info(seller) if seller.marketplace == "JP" else {}),
        )
        seller.pk = record.pk
        enrolled = record.enrollments.filter(ended_at__isnull=True).exists()
        moment = seller.registered_at + (start - seller.registered_at) * float(rng.random())
        moment = moment.replace(microsecond=0)
        try:
            if enrolled and rng.random() < choices["opt_out"]:
                enrollment_opt_out(seller_id=seller.pk, marketplace_code=seller.marketplace, now=moment)
                seller.opted = "out"
            elif not enrolled and rng.random() < choices["opt_in"]:
                if invitation_only.get(seller.marketplace):
                    invitation_create(seller.pk, seller.marketplace, now=moment - timedelta(days=3))
                enrollment_opt_in(
                    seller_id=seller.pk, marketplace_code=seller.marketplace, terms_accepted=True, now=moment
                )
                seller.opted = "in"
        except DomainError:
            pass  # not eligible (an Individual plan): the seller stays as it is
    enrollment_activate_due(now=start)


def invitation_create(seller_pk: int, code: str, *, now: datetime) -> None:
    """An operator's invitation (the admin's "add invitation"), open 30 days."""
    Invitation.objects.create(
        seller_id=seller_pk,
        marketplace=Marketplace.objects.get(code=code),
        invited_at=now,
        expires_at=now + timedelta(days=30),
        note="Simulated invitation",
    )


@transaction.atomic
def products_create(products: list[ProductInfo], sellers: list[SellerInfo], *, now: datetime) -> None:
    """The catalog as a seller's listing import writes it (one insert); the
    answer index is rebuilt from it afterwards."""
    marketplaces = dict(Marketplace.objects.values_list("code", "pk"))
    rows = []
    for product in products:
        seller = sellers[product.seller]
        page = product.page.detail_page()
        rows.append(
            Product(
                seller_id=seller.pk,
                marketplace_id=marketplaces[seller.marketplace],
                asin=f"B0S{product.index:07d}",
                sku=f"SIM-{product.index:07d}",
                language=product.page.language,
                is_customizable=product.index % 7 == 0,
                updated_at=now,
                **page,
            )
        )
    for product, row in zip(products, Product.objects.bulk_create(rows, batch_size=500)):
        product.pk = row.pk


def agents_create(teams: dict, *, count_of: dict[str, int]) -> dict[str, list[int]]:
    """Users in the agents group, ``count_of[language]`` per team; returns
    their primary keys per team."""
    group = Group.objects.get(name="agents")
    made: dict[str, list[int]] = {}
    for language in sorted(teams):
        users = [
            User(username=f"sim-{language}-{n:03d}", first_name=f"Agent {language.upper()} {n}", is_active=True)
            for n in range(count_of[language])
        ]
        for user in users:
            user.set_unusable_password()
        users = User.objects.bulk_create(users)
        group.user_set.add(*users)
        StaffProfile.objects.bulk_create(
            [StaffProfile(user=user, language=language, time_zone=AGENT_ZONE.get(language, "UTC")) for user in users]
        )
        made[language] = [user.pk for user in users]
    return made
