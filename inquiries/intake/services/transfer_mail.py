"""Transfers by email: a seller forwards a buyer's mail to the CSBA transfer
address of its marketplace and origin (``sellers.TransferAddress``); the mail
becomes a seller-transfer contact on the buyer's order.

The original is the forwarded message — attached (message/rfc822) or inline
— and keeps its sender (the ticket's buyer when it is the order's) and its
Message-ID: the same buyer mail forwarded twice, or reaching CSBA directly
as well, is one contact (the second is a duplicate). Without a Message-ID
(most inline forwards) a digest of the original's sender, date, subject and
text stands in for it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from csba.errors import DomainError
from sellers.models import Order, SellerAccount, TransferAddress

from ...models import Channel
from ..contacts import Contact, IncomingAttachment, IntakeResult, message_key
from .receive import contact_receive

ORDER_NUMBER = re.compile(r"\b(\d{3}-\d{7}-\d{7})\b")
MAX_NOTE_CHARS = 2_000


@dataclass(frozen=True)
class Transfer:
    contact: Contact
    seller: SellerAccount


def transfer_address_for(recipients: list[str]) -> TransferAddress | None:
    """The transfer address among a mail's recipients, if any (one query)."""
    wanted = [address.lower() for address in recipients if address]
    if not wanted:
        return None
    found = {
        t.address.lower(): t for t in TransferAddress.objects.select_related("marketplace").filter(address__in=wanted)
    }
    return next((found[address] for address in wanted if address in found), None)


def _refused(code: str, message: str, field: str = "transfer") -> DomainError:
    return DomainError(message, code=code, field_errors={field: [message]})


def _forwarding_seller(address: TransferAddress, sender: str) -> SellerAccount:
    """The seller whose notification (or login) address sent the forward and
    whose origin the transfer address serves."""
    candidates = [
        seller
        for seller in SellerAccount.objects.select_related("user").filter(
            Q(notification_email__iexact=sender) | Q(user__email__iexact=sender)
        )
        if address.accepts(seller.business_country)
    ]
    if not candidates:
        raise _refused(
            "unknown_transfer_sender",
            f"{sender} is not the address of a seller this transfer address serves "
            f"({address.marketplace.code}, origin {address.origin or 'any'}).",
        )
    if len(candidates) > 1:
        raise _refused("ambiguous_transfer_sender", f"{sender} is the address of several sellers.")
    return candidates[0]


def _buyers_order(seller: SellerAccount, address: TransferAddress, texts: list[str], buyer_email: str | None) -> Order:
    """The order the buyer wrote about: a number named in the original (then
    in the seller's note), one of the seller's orders in the marketplace; else
    the buyer's latest order with the seller there."""
    orders = Order.objects.filter(seller=seller, marketplace=address.marketplace).select_related("buyer")
    for text in texts:
        for number in ORDER_NUMBER.findall(text or ""):
            order = orders.filter(order_number=number).first()
            if order is not None:
                return order
    if buyer_email:
        order = orders.filter(buyer__email__iexact=buyer_email).order_by("-placed_at", "-pk").first()
        if order is not None:
            return order
    raise _refused(
        "transfer_order_not_found",
        "No order of yours in this marketplace is named in the forwarded mail, nor one of its sender.",
        "order_number",
    )


def original_key(original) -> str:
    """The original's Message-ID as stored, or a digest of what identifies it."""
    if original.message_id:
        return message_key(original.message_id)
    material = "\x1f".join([original.from_address or "", original.date, original.subject, original.body_text])
    return "fwd:" + hashlib.sha256(material.encode("utf-8", "replace")).hexdigest()[:40]


def transfer_from_mail(*, parsed, address: TransferAddress, forward_message_id: str | None) -> Transfer:
    """The contact a seller's forward makes (nothing written). DomainError
    when the sender is not a seller of the address's origin, or no order of
    the seller is found."""
    seller = _forwarding_seller(address, parsed.from_address)
    original = parsed.forwarded
    if original is None:
        raise _refused("no_forwarded_message", "The mail holds no forwarded message: forward the buyer's mail.")
    order = _buyers_order(
        seller,
        address,
        [original.subject, original.body_text, parsed.subject, parsed.forward_note],
        original.from_address,
    )
    key = original_key(original)
    is_the_buyer = (original.from_address or "").lower() == order.buyer.email.lower()
    contact = Contact(
        channel=Channel.SELLER_TRANSFER,
        marketplace_code=address.marketplace.code,
        body=original.body_text,
        subject=original.subject or parsed.subject,
        buyer_email=original.from_address,
        buyer_name=original.from_name or None,
        order_number=order.order_number,
        idempotency_key=f"email-transfer:{key}"[:200],
        external_message_id=key,
        transferred_by_seller_id=seller.pk,
        attachments=[
            IncomingAttachment(a.filename or "attachment", a.content_type, a.payload) for a in parsed.attachments
        ],
        provenance={
            "transfer": {
                "by_email": True,
                "transfer_address": address.address,
                "forwarded_by": parsed.from_address,
                "forward_message_id": forward_message_id,
                "forwarded_as": original.how,
                "original_from": original.from_address,
                "original_from_name": original.from_name,
                "original_message_id": original.message_id,
                "original_date": original.date,
                "original_sender_is_the_buyer": is_the_buyer,
                "seller_note": (parsed.forward_note or "")[:MAX_NOTE_CHARS],
            }
        },
    )
    return Transfer(contact, seller)


def transfer_mail_receive(*, parsed, address: TransferAddress, now: datetime) -> IntakeResult:
    """Take in a seller's forward: ``contact_receive`` as a seller transfer
    (its checks: one of the seller's orders, a covered unit). A forward whose
    original is known already returns that ticket (created False)."""
    transfer = transfer_from_mail(parsed=parsed, address=address, forward_message_id=message_key(parsed.message_id))
    return contact_receive(contact=transfer.contact, now=now)


__all__ = ["Transfer", "original_key", "transfer_address_for", "transfer_from_mail", "transfer_mail_receive"]
