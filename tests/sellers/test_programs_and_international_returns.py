"""Issue 12, items 9 and 11: the JP Japanese-language service for
China-based sellers is a program whose scope is data (pre-order questions
and FBA orders included, free, CSBA the buyer's only interface); a seller
based outside the marketplace's country offers a domestic return address, a
prepaid return label or a returnless refund."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import MonthlyStatement, Promotion
from billing.services import month_close
from csba.errors import DomainError
from inquiries.intake.services import Contact, contact_receive
from inquiries.reasons import Route
from sellers.models import Enrollment, FulfillmentChannel, Program, ReturnPolicy
from sellers.services import return_policy_approve, return_policy_submit, seller_register
from tests.factories import OrderFactory, OrderItemFactory, ProductFactory, marketplace, operator_user

from .factories import JP_STORE, jp_seller

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
LATER = NOW + timedelta(days=20)


def _registered(country: str):
    return seller_register(
        name=f"{country} Store",
        business_country=country,
        notification_email=f"{country}@example.com",
        now=NOW,
        **JP_STORE,
    )


def _jp_seller(country: str):
    """A JP seller enrolled by the programs' own rules (default for CN, an application for JP)."""
    from sellers.services import enrollment_opt_in

    if country == "CN":
        return _registered("CN")
    seller = jp_seller(business_country="JP", registered_at=NOW - timedelta(days=800))  # no trial
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="JP", terms_accepted=True, now=NOW)
    return seller


def _order(seller, channel):
    jp = marketplace("JP")
    order = OrderFactory(seller=seller, marketplace=jp, placed_at=NOW + timedelta(days=2))
    OrderItemFactory(order=order, fulfillment_channel=channel, product__language="ja")
    return order


def _contact(text, *, order=None, asin=None):
    contact = Contact(
        channel="email",
        marketplace_code="JP",
        body=text,
        order_number=order.order_number if order else None,
        asin=asin,
        buyer_email=order.buyer.email if order else "buyer@example.jp",
        language="en",
    )
    return contact_receive(contact=contact, now=LATER).ticket


# --- 9. the JP program for China-based sellers ---------------------------------------------------------------


def test_a_china_based_seller_joins_the_japanese_language_service_program():
    seller = _registered("CN")
    window = Enrollment.objects.get(seller=seller, marketplace__code="JP")
    assert window.program.code == "china-japanese-service"
    assert (window.program.covers_fba, window.program.is_free, window.program.is_only_interface) == (True, True, True)
    assert Enrollment.objects.get(seller=seller, marketplace__code="US").program.code == "standard"


def test_fba_orders_of_the_program_go_to_csba_and_stay_with_the_seller_otherwise():
    cn, jp = _jp_seller("CN"), _jp_seller("JP")
    cn_ticket = _contact("Where is my package? It has not arrived yet.", order=_order(cn, FulfillmentChannel.FBA))
    jp_ticket = _contact("Where is my package? It has not arrived yet.", order=_order(jp, FulfillmentChannel.FBA))
    assert (cn_ticket.route, cn_ticket.seller_id) == (Route.CSBA, cn.pk)
    assert jp_ticket.route == Route.SELLER_MESSAGING and "Fulfilled by Amazon" in jp_ticket.route_reason


def test_pre_order_questions_on_the_programs_products_go_to_csba():
    cn, jp = _jp_seller("CN"), _jp_seller("JP")
    cn_product = ProductFactory(seller=cn, marketplace=marketplace("JP"))
    jp_product = ProductFactory(seller=jp, marketplace=marketplace("JP"))
    cn_ticket = _contact("Is this available in red before I order?", asin=cn_product.asin)
    jp_ticket = _contact("Is this available in red before I order?", asin=jp_product.asin)
    assert (cn_ticket.reason, cn_ticket.route, cn_ticket.seller_id) == ("pre_order", Route.CSBA, cn.pk)
    assert "Japanese-language service" in cn_ticket.route_reason
    assert (jp_ticket.reason, jp_ticket.route, jp_ticket.seller_id) == ("pre_order", Route.SELLER_MESSAGING, None)


def test_csba_is_the_only_interface_so_invoice_questions_stay_with_csba_too():
    cn = _jp_seller("CN")
    ticket = _contact("Can you send me an invoice with VAT for my order?", order=_order(cn, FulfillmentChannel.FBM))
    assert (ticket.reason, ticket.route) == ("invoice", Route.CSBA)


def test_the_programs_scope_is_data_an_operator_changes():
    # given the operator narrows the program: no FBA units, and CSBA no longer the only interface
    cn = _jp_seller("CN")
    client_program = Program.objects.get(code="china-japanese-service")
    Program.objects.filter(pk=client_program.pk).update(
        covers_fba=False, is_only_interface=False, reasons=["where_is_my_order", "pre_order"]
    )
    fba = _contact("Where is my package? It has not arrived yet.", order=_order(cn, FulfillmentChannel.FBA))
    invoice = _contact("Can you send me an invoice with VAT for my order?", order=_order(cn, FulfillmentChannel.FBM))
    assert fba.route == Route.SELLER_MESSAGING
    assert invoice.route == Route.SELLER_MESSAGING


def test_operators_edit_a_programs_scope_in_the_admin(client):
    client.force_login(operator_user())
    program = Program.objects.get(code="china-japanese-service")
    url = reverse("admin:sellers_program_change", args=[program.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "marketplace": program.marketplace_id,
            "code": program.code,
            "name": program.name,
            "business_countries": "cn, hk",
            "reasons": ["pre_order", "where_is_my_order"],
            "covers_fbm": "on",
            "covers_fba": "on",
            "is_free": "on",
        },
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.business_countries == ["CN", "HK"] and program.reasons == ["pre_order", "where_is_my_order"]
    assert program.is_only_interface is False
    # a program covering no channel is refused
    refused = client.post(url, {"marketplace": program.marketplace_id, "code": program.code, "name": "x"})
    assert refused.status_code == 200 and "at least one fulfilment channel" in refused.content.decode()


def test_the_program_is_free_without_any_promotion():
    # given the JP free-service promotion removed: the program itself is free
    Promotion.objects.filter(marketplace__code="JP", kind="free_service").delete()
    cn = _jp_seller("CN")
    jp = _jp_seller("JP")
    for seller in (cn, jp):
        order = _order(seller, FulfillmentChannel.FBM)
        from sellers.models import Shipment

        shipment = Shipment.objects.create(order=order, carrier="Yamato", shipped_at=NOW + timedelta(days=3))
        order.items.update(shipment=shipment, quantity=10)
    month_close(marketplace="JP", month=datetime(2026, 3, 1).date(), now=datetime(2026, 4, 2, tzinfo=UTC))
    cn_statement = MonthlyStatement.objects.get(seller=cn)
    jp_statement = MonthlyStatement.objects.get(seller=jp)
    assert (cn_statement.units, cn_statement.fee, cn_statement.discount_percent) == (10, Decimal("0"), Decimal("100"))
    assert "free_service" in cn_statement.flags
    assert jp_statement.fee > 0


# --- 11. international returns ----------------------------------------------------------------------------------


def _submit(seller, **fields):
    values = {"window_days": 30, "has_prepaid_labels": True, "restocking_fee_percent": Decimal("0"), **fields}
    return return_policy_submit(seller_id=seller.pk, marketplace_code="US", now=NOW, **values)


def test_a_seller_based_abroad_must_offer_one_of_the_international_returns_options():
    cn = _registered("CN")
    with pytest.raises(DomainError) as refused:
        _submit(cn)
    assert "international_returns" in refused.value.field_errors
    assert not ReturnPolicy.objects.exists()


@pytest.mark.parametrize(
    "fields,problem",
    [
        (
            {"international_returns": "domestic_address", "return_address": "", "return_address_country": "US"},
            "return_address",
        ),
        (
            {"international_returns": "domestic_address", "return_address": "Shenzhen", "return_address_country": "CN"},
            "return_address_country",
        ),
        ({"international_returns": "prepaid_label", "has_prepaid_labels": False}, "has_prepaid_labels"),
    ],
)
def test_an_incomplete_international_option_is_refused(fields, problem):
    with pytest.raises(DomainError) as refused:
        _submit(_registered("CN"), **fields)
    assert problem in refused.value.field_errors
    assert not ReturnPolicy.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {
            "international_returns": "domestic_address",
            "return_address": "1 Main St, Reno NV",
            "return_address_country": "us",
        },
        {"international_returns": "prepaid_label"},
        {"international_returns": "returnless", "has_prepaid_labels": False},
    ],
)
def test_each_international_option_is_accepted_and_approved(fields):
    policy = _submit(_registered("CN"), **fields)
    approved = return_policy_approve(policy_id=policy.pk, now=NOW)
    assert approved.status == "approved" and approved.international_returns == fields["international_returns"]


def test_a_seller_based_in_the_marketplaces_country_needs_no_international_option():
    assert _submit(_registered("US")).international_returns == ""


def test_the_portal_says_international_returns_apply(client):
    from tests.factories import UserFactory

    seller = _registered("CN")
    seller.user = UserFactory(username="cn-portal", roles=["sellers"])
    seller.save(update_fields=["user"])
    client.force_login(seller.user)
    page = client.get(reverse("seller:return_policy", args=["US"])).content.decode()
    assert "international returns apply" in page
    response = client.post(
        reverse("seller:return_policy", args=["US"]),
        {"window_days": 30, "has_prepaid_labels": "on", "restocking_fee_percent": "0"},
    )
    assert response.status_code == 400 and "Your business is outside US" in response.content.decode()


def test_the_billing_portal_shows_the_program_free(client, clock):
    from tests.factories import UserFactory

    Promotion.objects.filter(marketplace__code="JP", kind="free_service").delete()
    cn = _jp_seller("CN")
    cn.user = UserFactory(username="cn-jp", roles=["sellers"])
    cn.save(update_fields=["user"])
    clock.set(NOW + timedelta(days=40))
    client.force_login(cn.user)
    overviews = {o.marketplace.code: o for o in client.get("/seller/billing/").context["overviews"]}
    assert overviews["JP"].rate == Decimal("0") and overviews["JP"].discount_percent == Decimal("100")
