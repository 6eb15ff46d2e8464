"""Answers to order questions from order, shipment, return-policy and refund
data: where is my order, return requests, refund status. Each answer carries
its evidence; a missing or invalid tracking number escalates to the seller."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch

from sellers.models import OrderItem, Shipment
from sellers.return_policy import applicable_policy, return_window_start

TEXTS = {
    "en": {
        "delivered": "Your order {order} was delivered on {date} by {carrier} (tracking {tracking}: {url}).",
        "in_transit": "Your order {order} shipped on {shipped} with {carrier}. Tracking number {tracking}: {url}. "
        "Estimated delivery: {eta}.",
        "no_tracking": "We are checking the shipping status of your order {order} with the seller and will get back to you.",
        "not_shipped": "Your order {order} has not shipped yet. We have asked the seller for the dispatch date.",
        "return_ok": "You can return {item} until {deadline} ({days} days left under the {source} return policy). "
        "{label}",
        "label_yes": "A prepaid return label is included: we will send it once the return is authorized.",
        "label_no": "Please send the item back at your own cost; the seller does not provide prepaid labels.",
        "return_closed": "The {window}-day return window for {item} ended on {deadline}. We are checking with the seller "
        "what we can do for you.",
        "refund_done": "A {kind} refund of {amount} {currency} for {item} was issued on {date}. It usually reaches your "
        "account within 3–5 business days.",
        "refund_none": "No refund has been issued on order {order} yet.",
        "greeting": "Hello {name},",
        "closing": "Kind regards,\nCustomer Service",
        "full": "full",
        "partial": "partial",
        "standard": "standard",
        "seller": "seller's",
    },
    "de": {
        "delivered": "Ihre Bestellung {order} wurde am {date} von {carrier} zugestellt (Sendungsnummer {tracking}: {url}).",
        "in_transit": "Ihre Bestellung {order} wurde am {shipped} mit {carrier} versandt. Sendungsnummer {tracking}: "
        "{url}. Voraussichtliche Zustellung: {eta}.",
        "no_tracking": "Wir klären den Versandstatus Ihrer Bestellung {order} mit dem Verkäufer und melden uns bei Ihnen.",
        "not_shipped": "Ihre Bestellung {order} wurde noch nicht versandt. Wir haben den Verkäufer nach dem Versanddatum gefragt.",
        "return_ok": "Sie können {item} bis zum {deadline} zurücksenden (noch {days} Tage nach der {source} "
        "Rückgaberichtlinie). {label}",
        "label_yes": "Ein vorfrankiertes Rücksendeetikett ist enthalten: Sie erhalten es, sobald die Rücksendung genehmigt ist.",
        "label_no": "Bitte senden Sie den Artikel auf eigene Kosten zurück; der Verkäufer stellt keine Etiketten bereit.",
        "return_closed": "Die Rückgabefrist von {window} Tagen für {item} endete am {deadline}. Wir klären mit dem "
        "Verkäufer, was wir für Sie tun können.",
        "refund_done": "Eine {kind} Erstattung über {amount} {currency} für {item} wurde am {date} veranlasst. Sie ist "
        "in der Regel innerhalb von 3–5 Werktagen auf Ihrem Konto.",
        "refund_none": "Für die Bestellung {order} wurde noch keine Erstattung veranlasst.",
        "greeting": "Guten Tag {name},",
        "closing": "Mit freundlichen Grüßen\nIhr Kundenservice",
        "full": "vollständige",
        "partial": "teilweise",
        "standard": "Standard-",
        "seller": "Verkäufer-",
    },
    "ja": {
        "delivered": "ご注文 {order} は {date} に {carrier} によりお届け済みです（追跡番号 {tracking}：{url}）。",
        "in_transit": "ご注文 {order} は {shipped} に {carrier} で発送されました。追跡番号 {tracking}：{url}。"
        "お届け予定日：{eta}。",
        "no_tracking": "ご注文 {order} の配送状況を出品者に確認しております。確認でき次第ご連絡いたします。",
        "not_shipped": "ご注文 {order} はまだ発送されていません。出品者に発送予定日を確認しております。",
        "return_ok": "{item} は {deadline} まで返品いただけます（{source}返品ポリシーにより残り {days} 日）。{label}",
        "label_yes": "返品が承認されましたら、着払い（プリペイド）返品ラベルをお送りします。",
        "label_no": "恐れ入りますが、返送料はお客様のご負担となります。",
        "return_closed": "{item} の返品期限（{window} 日）は {deadline} に終了しました。出品者と対応を確認いたします。",
        "refund_done": "{item} について {amount} {currency} の{kind}返金を {date} に行いました。通常 3～5 営業日で反映されます。",
        "refund_none": "ご注文 {order} の返金はまだ行われていません。",
        "greeting": "{name} 様",
        "closing": "今後ともよろしくお願いいたします。\nカスタマーサービス",
        "full": "全額",
        "partial": "一部",
        "standard": "標準",
        "seller": "出品者の",
    },
}


@dataclass
class OrderAnswer:
    decision: str  # "answer" | "escalate"
    reply: str
    evidence: list[dict] = field(default_factory=list)
    reason: str = ""

    def as_dict(self) -> dict:
        return {
            "decision": self.decision,
            "reply": self.reply,
            "evidence": self.evidence,
            "reason": self.reason,
            "highlights": self.highlights(),
        }

    def highlights(self) -> list[dict]:
        """Spans of the evidence the agent console highlights: tracking numbers,
        dates and amounts (the facts the reply rests on), same shape as product answers."""
        import re

        pattern = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d+(?:\.\d+)? [A-Z]{3}\b|\b\d+-day\b|\b[0-9A-Z]{10,}\b")
        return [
            {
                "evidence": i,
                "spans": [
                    {"start": m.start(), "end": m.end(), "term": m.group()}
                    for m in pattern.finditer(item.get("text", ""))
                ],
            }
            for i, item in enumerate(self.evidence)
        ]


def _texts(language: str) -> dict:
    return TEXTS.get((language or "en")[:2], TEXTS["en"])


def _date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "—"


def _wrap(texts: dict, buyer_name: str, body: str) -> str:
    return f"{texts['greeting'].format(name=buyer_name)}\n\n{body}\n\n{texts['closing']}"


def answer_where_is_my_order(order, *, language: str, buyer_name: str, now: datetime) -> OrderAnswer:
    t = _texts(language)
    shipments: list[Shipment] = list(order.shipments.all())
    if not shipments:
        return OrderAnswer(
            "escalate",
            _wrap(t, buyer_name, t["not_shipped"].format(order=order.order_number)),
            [{"source": "order", "text": f"Order {order.order_number} has no shipment.", "score": 1.0}],
            "not_shipped",
        )
    shipment = max(shipments, key=lambda s: s.shipped_at)
    evidence = [
        {
            "source": "shipment",
            "score": 1.0,
            "text": (
                f"{shipment.carrier} {shipment.tracking_number or '(no tracking number)'}; shipped {_date(shipment.shipped_at)}; "
                f"valid tracking: {'yes' if shipment.has_valid_tracking else 'no'}; delivered {_date(shipment.delivered_at)}"
            ),
        }
    ]
    if not shipment.tracking_number or not shipment.has_valid_tracking:
        return OrderAnswer(
            "escalate",
            _wrap(t, buyer_name, t["no_tracking"].format(order=order.order_number)),
            evidence,
            "missing_or_invalid_tracking",
        )
    values = dict(
        order=order.order_number,
        carrier=shipment.carrier,
        tracking=shipment.tracking_number,
        url=shipment.tracking_url or "—",
        shipped=_date(shipment.shipped_at),
        eta=_date(shipment.estimated_delivery_at),
        date=_date(shipment.delivered_at),
    )
    key = "delivered" if shipment.delivered_at else "in_transit"
    return OrderAnswer("answer", _wrap(t, buyer_name, t[key].format(**values)), evidence, key)


def answer_return_request(item: OrderItem, *, language: str, buyer_name: str, now: datetime) -> OrderAnswer:
    t = _texts(language)
    policy = applicable_policy(seller_id=item.order.seller_id, marketplace=item.order.marketplace)
    order = item.order
    start = return_window_start(
        placed_at=order.placed_at, item_shipment=item.shipment, order_shipments=order.shipments.all()
    )
    deadline = policy.return_deadline(start)
    evidence = [
        {
            "source": "policy",
            "score": 1.0,
            "text": (
                f"{policy.source} policy: {policy.window_days}-day window from {_date(start)}, "
                f"prepaid label: {'yes' if policy.has_prepaid_labels else 'no'}, restocking fee {policy.restocking_fee_percent}%"
            ),
        }
    ]
    name = item.product.title[:80]
    if now > deadline:
        body = t["return_closed"].format(window=policy.window_days, item=name, deadline=_date(deadline))
        return OrderAnswer("escalate", _wrap(t, buyer_name, body), evidence, "return_window_closed")
    body = t["return_ok"].format(
        item=name,
        deadline=_date(deadline),
        days=policy.days_left(start, now=now),
        source=t[policy.source],
        label=t["label_yes" if policy.has_prepaid_labels else "label_no"],
    )
    return OrderAnswer("answer", _wrap(t, buyer_name, body), evidence, "return_window_open")


def answer_refund_status(order, *, language: str, buyer_name: str, now: datetime) -> OrderAnswer:
    t = _texts(language)
    refunds = [refund for item in order.items.all() for refund in item.refunds.all()]
    if not refunds:
        return OrderAnswer(
            "escalate",
            _wrap(t, buyer_name, t["refund_none"].format(order=order.order_number)),
            [{"source": "refund", "text": "No refund on this order.", "score": 1.0}],
            "no_refund",
        )
    lines, evidence = [], []
    for refund in sorted(refunds, key=lambda r: r.issued_at):
        item_title = next(i.product.title[:60] for i in order.items.all() if i.pk == refund.order_item_id)
        lines.append(
            t["refund_done"].format(
                kind=t[refund.kind],
                amount=refund.amount,
                currency=refund.currency,
                item=item_title,
                date=_date(refund.issued_at),
            )
        )
        evidence.append(
            {
                "source": "refund",
                "score": 1.0,
                "text": f"{refund.kind} refund {refund.amount} {refund.currency} on {_date(refund.issued_at)}",
            }
        )
    return OrderAnswer("answer", _wrap(t, buyer_name, "\n".join(lines)), evidence, "refund_issued")


def order_prefetch():
    return [
        "shipments",
        Prefetch("items", queryset=OrderItem.objects.select_related("product", "shipment").prefetch_related("refunds")),
    ]
