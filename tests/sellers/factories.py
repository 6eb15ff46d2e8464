"""Helpers for the sellers tests (on top of tests/factories.py)."""

from __future__ import annotations

from datetime import timedelta

from sellers.models import Invitation
from tests.factories import SellerFactory, marketplace, seller_with_user

JP_STORE = {
    "store_courier": "Yamato Transport",
    "store_courier_tracking_url": "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko",
    "store_contact_person": "Wang Lei",
    "store_sample_tracking_number": "123456789012",
}


def jp_seller(**kwargs):
    values = {"business_country": "CN", "preferred_language": "zh-hans", "time_zone": "Asia/Shanghai", **JP_STORE}
    values.update(kwargs)
    return SellerFactory(**values)


def invite(seller, code="DE", *, now, expires_in=timedelta(days=30), **kwargs):
    return Invitation.objects.create(
        seller=seller,
        marketplace=marketplace(code),
        invited_at=now - timedelta(days=1),
        expires_at=now + expires_in if expires_in is not None else None,
        **kwargs,
    )


__all__ = ["JP_STORE", "invite", "jp_seller", "seller_with_user", "SellerFactory", "marketplace"]
