"""A seller's reply templates: its own, named, used in the case's reply form."""

import pytest

from csba.errors import DomainError, NotFound
from inquiries.caselog.services import reply_template_delete, reply_template_save
from inquiries.models import SellerReplyTemplate

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


def test_a_seller_keeps_named_templates_of_its_own(clock, seller, other_seller):
    saved = reply_template_save(
        seller_id=seller.pk, name="Tracking", body="Shipped, tracking {ticket_reference}", now=clock.now
    )
    with pytest.raises(DomainError) as duplicate:
        reply_template_save(seller_id=seller.pk, name="Tracking", body="again", now=clock.now)
    assert duplicate.value.code == "duplicate_template"
    with pytest.raises(DomainError) as empty:
        reply_template_save(seller_id=seller.pk, name=" ", body="", now=clock.now)
    assert set(empty.value.field_errors) == {"name", "body"}
    with pytest.raises(NotFound):
        reply_template_save(seller_id=other_seller.pk, name="Mine now", body="x", now=clock.now, template_id=saved.pk)
    with pytest.raises(NotFound):
        reply_template_delete(seller_id=other_seller.pk, template_id=saved.pk)
    assert SellerReplyTemplate.objects.get().name == "Tracking"


def test_the_templates_page_adds_changes_and_deletes(client, clock, seller):
    client.force_login(seller.user)
    response = client.post("/seller/templates/", {"name": "Late", "body": "Sorry, shipped today: {order_number}"})
    assert response.status_code == 302
    template = SellerReplyTemplate.objects.get()
    client.post(f"/seller/templates/{template.pk}/", {"name": "Late parcel", "body": "Sorry!"})
    template.refresh_from_db()
    assert (template.name, template.body) == ("Late parcel", "Sorry!")
    assert client.post("/seller/templates/", {"name": "", "body": ""}).status_code == 400
    client.post(f"/seller/templates/{template.pk}/", {"delete": "1"})
    assert not SellerReplyTemplate.objects.exists()


def test_the_case_page_offers_the_templates_filled_in_for_the_case(client, clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    reply_template_save(
        seller_id=seller.pk, name="Order", body="About {order_number} ({ticket_reference})", now=clock.now
    )
    client.force_login(seller.user)
    page = client.get(f"/seller/cases/{case.pk}/").content.decode()
    expected = f"About {case.ticket.order.order_number} ({case.ticket.reference})"
    assert f'data-text="{expected}"' in page
    # without the script: the chosen template fills the reply box
    template = SellerReplyTemplate.objects.get()
    page = client.get(f"/seller/cases/{case.pk}/", {"template": template.pk}).content.decode()
    assert f">\n{expected}</textarea>" in page
