"""Canned responses: the defaults seeded for the demo and fresh installations
(operators manage the rest in the admin)."""

from __future__ import annotations

DEFAULT_MACROS = [
    (
        "Greeting and follow-up",
        "en",
        "",
        "Hello {buyer_name},\n\nThank you for contacting us about order {order_number}. \n\nKind regards,\nCustomer Service",
    ),
    (
        "Tracking shared",
        "en",
        "where_is_my_order",
        "Hello {buyer_name},\n\nYour order {order_number} is on its way; you can follow it with the tracking link in "
        "your order details. Reference: {ticket_reference}.\n\nKind regards,\nCustomer Service",
    ),
    (
        "Refund issued",
        "en",
        "refund",
        "Hello {buyer_name},\n\nWe have issued a refund for order {order_number}. It usually reaches your account within "
        "3–5 business days.\n\nKind regards,\nCustomer Service",
    ),
    (
        "Begrüßung",
        "de",
        "",
        "Guten Tag {buyer_name},\n\nvielen Dank für Ihre Nachricht zur Bestellung {order_number}. \n\nMit freundlichen "
        "Grüßen\nIhr Kundenservice",
    ),
    (
        "Erstattung veranlasst",
        "de",
        "refund",
        "Guten Tag {buyer_name},\n\nwir haben für die Bestellung {order_number} eine Erstattung veranlasst. Sie ist in der "
        "Regel innerhalb von 3–5 Werktagen auf Ihrem Konto.\n\nMit freundlichen Grüßen\nIhr Kundenservice",
    ),
    (
        "ご挨拶",
        "ja",
        "",
        "{buyer_name} 様\n\nご注文 {order_number} についてお問い合わせいただきありがとうございます。\n\n今後ともよろしくお願いいたします。",
    ),
    (
        "返金のお知らせ",
        "ja",
        "refund",
        "{buyer_name} 様\n\nご注文 {order_number} の返金手続きを行いました。通常 3～5 営業日で反映されます。\n\n"
        "今後ともよろしくお願いいたします。",
    ),
]


def macro_seed_defaults() -> int:
    """Create the default macros that are missing (by name and language);
    for the demo and fresh installations. Returns how many were created."""
    from ...models import Macro

    created = 0
    for name, language, reason, body in DEFAULT_MACROS:
        _, is_new = Macro.objects.get_or_create(name=name, language=language, defaults={"reason": reason, "body": body})
        created += is_new
    return created
