"""Texts of CSBA's decisions: outcome labels, grounds, the buyer's replies (en/de/ja)."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from csba import formatting


class Outcome:
    REFUND = "refund"
    RETURN = "return"
    RETURN_AND_REFUND = "return_and_refund"
    CANCEL = "cancel"
    ANSWER = "answer"
    DECLINED = "declined"
    APOLOGY = "apology"


OUTCOME_LABELS = {
    Outcome.REFUND: _("Refund issued"),
    Outcome.RETURN: _("Return authorised"),
    Outcome.RETURN_AND_REFUND: _("Return authorised and refund issued"),
    Outcome.CANCEL: _("Order cancelled and refunded"),
    Outcome.ANSWER: _("Buyer answered"),
    Outcome.DECLINED: _("Return declined (outside the return window)"),
    Outcome.APOLOGY: _("Apology to the buyer"),
}


def outcome_label(outcome: str) -> str:
    label = OUTCOME_LABELS.get(outcome)
    return str(label) if label is not None else outcome


# The grounds, in the seller's language where shown (portal, email); the
# case stores the code and its parameters.
GROUND_TEXTS = {
    "seller_no_reply": _("The seller did not reply within {hours} hours (deadline {deadline})."),
    "return_window_open": _("The item is within the {days}-day return window of {policy} (until {until})."),
    "return_window_closed": _("The {days}-day return window of {policy} ended on {until}."),
    "defect_reported": _(
        "The buyer reported the item damaged, defective, wrong or missing; CSBA accepts such "
        "returns whatever the return window."
    ),
    "already_refunded": _("The item had already been refunded in full."),
    "return_exists": _("A return ({rma}) had already been authorised for the item."),
    "return_received": _("The buyer's return {rma} was received or has a carrier scan."),
    "no_shipment": _("No shipment was confirmed for the order."),
    "no_valid_tracking": _("The shipment has no valid tracking (no carrier scan)."),
    "late_in_transit": _("The package was due by {date} and was not delivered {grace} days later."),
    "a_to_z_refund": _("Refunded under the A-to-z Guarantee."),
    "delivered_per_carrier": _("The carrier shows the package delivered on {date}."),
    "in_transit_on_time": _("The package is in transit with valid tracking; estimated delivery {date}."),
    "a_to_z_claim": _("The buyer filed an A-to-z Guarantee claim and the seller did not respond."),
    "answered_from_detail_page": _("The answer was found on the product detail page."),
    "no_answer_on_detail_page": _("The product detail page does not answer the question."),
    "no_order_item": _("The inquiry is not about a single item of an order, so nothing was refunded or returned."),
    "apology_only": _("No action on the order was warranted; the buyer received an apology."),
    "not_shipped_cancelled": _("The order had not shipped: CSBA cancelled it and refunded the buyer."),
    "shipped_cannot_cancel": _("The order had already shipped: a return was authorised instead of a cancellation."),
}

POLICY_NAMES = {"standard": _("the standard return policy"), "seller": _("your approved return policy")}

BUYER_TEXTS = {
    "en": {
        "greeting": "Hello {name},",
        "greeting_anonymous": "Hello,",
        "closing": "Kind regards,\nCustomer Service",
        "intro": "We asked the seller about your request but did not hear back in time, so we have decided for you.",
        "refund": "We have refunded {amount} for {item} to your original payment method. It usually "
        "reaches your account within 3–5 business days.",
        "refund_a_to_z": "Under the A-to-z Guarantee we have refunded {amount} for {item} to your original "
        "payment method. It usually reaches your account within 3–5 business days.",
        "return": "You can return {item} with return number {rma}. {label}",
        "label_yes": "A prepaid return label is included.",
        "label_no": "Please send the item back at your own cost.",
        "refund_no_wait": "You do not need to wait for the return: the refund is already on its way.",
        "return_then_refund": "We will refund you as soon as the return is on its way back.",
        "declined": "The {days}-day return window for {item} ended on {until}, so we cannot accept a return. We are "
        "sorry we cannot do more.",
        "already_refunded": "{item} has already been refunded in full.",
        "return_exists": "A return for {item} has already been authorised (return number {rma}).",
        "delivered": "The carrier shows your order {order} as delivered on {date} ({carrier}, tracking {tracking}). "
        "Please check with neighbours or your building's reception; if you still cannot find it, reply "
        "to this message.",
        "in_transit": "Your order {order} is on its way with {carrier} (tracking {tracking}) and should arrive by "
        "{date}.",
        "cancelled": "Your order {order} had not shipped yet: we cancelled it and refunded {amount}.",
        "cannot_cancel": "Your order {order} has already shipped, so it can no longer be cancelled.",
        "apology": "We are sorry: the seller did not answer our question in time and we could not find the answer "
        "ourselves.",
        "return_offer": "If the item does not meet your expectations, you can return it until {until}.",
    },
    "de": {
        "greeting": "Guten Tag {name},",
        "greeting_anonymous": "Guten Tag,",
        "closing": "Mit freundlichen Grüßen\nIhr Kundenservice",
        "intro": "Wir haben den Verkäufer zu Ihrem Anliegen befragt, aber rechtzeitig keine Antwort erhalten. Daher "
        "haben wir für Sie entschieden.",
        "refund": "Wir haben Ihnen {amount} für {item} auf Ihr ursprüngliches Zahlungsmittel erstattet. Der "
        "Betrag ist in der Regel innerhalb von 3–5 Werktagen auf Ihrem Konto.",
        "refund_a_to_z": "Im Rahmen der A-bis-z-Garantie haben wir Ihnen {amount} für {item} erstattet. "
        "Der Betrag ist in der Regel innerhalb von 3–5 Werktagen auf Ihrem Konto.",
        "return": "Sie können {item} mit der Rücksendenummer {rma} zurücksenden. {label}",
        "label_yes": "Ein vorfrankiertes Rücksendeetikett liegt bei.",
        "label_no": "Bitte senden Sie den Artikel auf eigene Kosten zurück.",
        "refund_no_wait": "Sie müssen nicht auf die Rücksendung warten: Die Erstattung ist bereits veranlasst.",
        "return_then_refund": "Wir erstatten Ihnen den Betrag, sobald die Rücksendung unterwegs ist.",
        "declined": "Die Rückgabefrist von {days} Tagen für {item} endete am {until}; eine Rücksendung ist daher "
        "nicht mehr möglich. Es tut uns leid, dass wir nicht mehr tun können.",
        "already_refunded": "{item} wurde bereits vollständig erstattet.",
        "return_exists": "Eine Rücksendung für {item} ist bereits genehmigt (Rücksendenummer {rma}).",
        "delivered": "Laut Zusteller wurde Ihre Bestellung {order} am {date} zugestellt ({carrier}, Sendungsnummer "
        "{tracking}). Bitte fragen Sie bei Nachbarn nach; falls Sie sie nicht finden, antworten Sie auf "
        "diese Nachricht.",
        "in_transit": "Ihre Bestellung {order} ist mit {carrier} unterwegs (Sendungsnummer {tracking}) und sollte bis "
        "{date} ankommen.",
        "cancelled": "Ihre Bestellung {order} war noch nicht versandt: Wir haben sie storniert und {amount} erstattet.",
        "cannot_cancel": "Ihre Bestellung {order} wurde bereits versandt und kann nicht mehr storniert werden.",
        "apology": "Es tut uns leid: Der Verkäufer hat unsere Frage nicht rechtzeitig beantwortet, und wir konnten die "
        "Antwort nicht selbst finden.",
        "return_offer": "Falls der Artikel nicht Ihren Erwartungen entspricht, können Sie ihn bis zum {until} "
        "zurücksenden.",
    },
    "ja": {
        "greeting": "{name} 様",
        "greeting_anonymous": "お客様",
        "closing": "今後ともよろしくお願いいたします。\nカスタマーサービス",
        "intro": "お問い合わせについて出品者に確認しましたが、期限内に回答がなかったため、当社で対応を決定しました。",
        "refund": "{item} の代金 {amount} を元のお支払い方法に返金しました。通常 3～5 営業日で反映されます。",
        "refund_a_to_z": "Amazonマーケットプレイス保証により、{item} の代金 {amount} を返金しました。"
        "通常 3～5 営業日で反映されます。",
        "return": "{item} は返品番号 {rma} で返品いただけます。{label}",
        "label_yes": "返品用のプリペイドラベルをお送りします。",
        "label_no": "恐れ入りますが、返送料はお客様のご負担となります。",
        "refund_no_wait": "返品をお待ちいただく必要はありません。返金はすでに手続き済みです。",
        "return_then_refund": "返品の発送が確認でき次第、返金いたします。",
        "declined": "{item} の返品期限（{days} 日）は {until} に終了したため、返品をお受けできません。申し訳ございません。",
        "already_refunded": "{item} はすでに全額返金済みです。",
        "return_exists": "{item} の返品はすでに承認されています（返品番号 {rma}）。",
        "delivered": "配送業者の記録では、ご注文 {order} は {date} にお届け済みです（{carrier}、追跡番号 {tracking}）。"
        "ご近所や管理人室をご確認いただき、見つからない場合はこのメッセージにご返信ください。",
        "in_transit": "ご注文 {order} は {carrier}（追跡番号 {tracking}）で配送中で、{date} までに到着予定です。",
        "cancelled": "ご注文 {order} は未発送のためキャンセルし、{amount} を返金しました。",
        "cannot_cancel": "ご注文 {order} はすでに発送済みのため、キャンセルできません。",
        "apology": "申し訳ございません。出品者から期限内に回答がなく、当社でも回答を見つけることができませんでした。",
        "return_offer": "商品にご満足いただけない場合は、{until} まで返品いただけます。",
    },
}


def ground_text(ground: dict, language: str | None = None) -> str:
    """One ground as a sentence, in ``language`` (default: the active one)."""
    code = ground.get("code", "")
    if code not in GROUND_TEXTS:
        return code
    language = language or translation.get_language() or "en"
    key = (language, code)
    if key not in _translated:
        with translation.override(language):
            _translated[key] = str(GROUND_TEXTS[code])
            _translated.update({(language, f"policy:{k}"): str(v) for k, v in POLICY_NAMES.items()})
    params = dict(ground.get("params", {}))
    if "source" in params:
        params["policy"] = _translated.get((language, f"policy:{params['source']}"), params["source"])
    moments = MOMENTS.intersection(params)
    if moments and language == translation.get_language():
        params.update({name: _shown(params[name]) for name in moments})
    elif moments:
        with translation.override(language):
            params.update({name: _shown(params[name]) for name in moments})
    try:
        return _translated[key].format(**params)
    except (KeyError, IndexError):
        return _translated[key]


# Parameters of grounds that are moments (ISO datetimes; older cases "YYYY-MM-DD HH:MM UTC") or days (ISO dates).
MOMENTS = {"deadline", "until", "date"}


def _shown(value) -> str:
    """A ground's date or deadline in the reader's language and time zone."""
    text = str(value)
    with suppress(ValueError):
        moment = datetime.fromisoformat(text.replace(" UTC", "+00:00"))
        return formatting.when(moment) if moment.tzinfo is not None else formatting.day(moment.date())
    return text


# (language, ground code) → the translated template; catalogs do not change while a process runs.
_translated: dict[tuple[str, str], str] = {}
