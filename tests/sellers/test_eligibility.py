"""Eligibility: every unmet requirement at once; tracking number format."""

from datetime import timedelta

import pytest

from csba.errors import DomainError
from sellers.services import enrollment_eligibility, is_valid_tracking_number, seller_store_info_update
from tests.factories import T0, SellerFactory, marketplace

from .factories import invite, jp_seller

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value,expected",
    [
        ("123456789012", True),
        ("1234-5678-9012", True),
        ("EJ123456789JP", True),
        ("12345 67890", True),
        ("123456789", False),
        ("1" * 21, False),
        ("12345678901!", False),
        ("", False),
        ("ＡＢＣ1234567", False),
    ],
)
def test_tracking_number_format(value, expected):
    assert is_valid_tracking_number(value) is expected


def test_an_eligible_seller_has_no_unmet_requirement():
    seller = SellerFactory()
    invite(seller, "US", now=T0)
    result = enrollment_eligibility(seller=seller, marketplace=marketplace("US"), now=T0, terms_accepted=True)
    assert (result.is_eligible, result.unmet) == (True, [])


def test_every_unmet_requirement_is_listed_in_a_fixed_order():
    seller = jp_seller(plan="individual", standing="at_risk", business_country="US", store_contact_person="")
    result = enrollment_eligibility(seller=seller, marketplace=marketplace("JP"), now=T0, terms_accepted=False)
    assert [item.code for item in result.unmet] == [
        "plan",
        "standing",
        "business_country",
        "terms_accepted",
        "store_contact_person",
    ]
    assert result.field_errors()["business_country"] == [
        "The program does not run for businesses in US in this marketplace."
    ]


def test_an_open_invitation_counts_only_until_it_expires():
    seller = SellerFactory(business_country="DE")
    invitation = invite(seller, "DE", now=T0, expires_in=timedelta(hours=1))
    assert enrollment_eligibility(seller=seller, marketplace=marketplace("DE"), now=T0).invitation_id == invitation.pk
    later = enrollment_eligibility(seller=seller, marketplace=marketplace("DE"), now=T0 + timedelta(hours=1))
    assert [item.code for item in later.unmet] == ["invitation"]


def test_store_information_update_refuses_a_malformed_tracking_number_and_saves_nothing():
    seller = SellerFactory()
    with pytest.raises(DomainError) as raised:
        seller_store_info_update(
            seller_id=seller.pk,
            courier="Sagawa",
            courier_tracking_url="",
            contact_person="Li",
            sample_tracking_number="ABC",
            now=T0,
        )
    assert sorted(raised.value.field_errors) == ["store_courier_tracking_url", "store_sample_tracking_number"]
    seller.refresh_from_db()
    assert seller.store_courier == ""
