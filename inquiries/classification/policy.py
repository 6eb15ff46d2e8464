"""Domain rules that encode policy, not vocabulary, applied after the model.

Only one so far: an invoice is the seller's document (CSBA cannot issue it),
so a contact that asks for an invoice or receipt goes to the seller as an
invoice contact even where it also speaks of a refund or a payment, when the
model itself names ``invoice`` as the close second. "Pay by invoice" (a way
to pay, asked before buying) is not a request for the document."""

from __future__ import annotations

import re

from ..reasons import Reason

_INVOICE_REQUEST = re.compile(
    r"(?i)(?:\b(?:send|need|want|get|issue|email|resend|re-issue|reissue|copy of|where is)\b[^.?!]{0,40}"
    r"\b(?:invoice|receipt)s?\b)"
    r"|(?:\b(?:rechnung|quittung|beleg)\b[^.?!]{0,30}\b(?:schicken|senden|ausstellen|zusenden|bitte|benötige|brauche)\b)"
    r"|(?:\b(?:brauche|benötige|bitte um)\b[^.?!]{0,30}\b(?:rechnung|quittung)\b)"
    r"|(?:(?:領収書|請求書|インボイス)[^。？]{0,12}(?:ください|発行|送って|ほしい|欲しい|お願い))"
)
_PAY_BY_INVOICE = re.compile(r"(?i)\bauf rechnung\b|\bpay (?:by|with|via) invoice\b|請求書払い")
_DOCUMENT_BESIDE = {Reason.REFUND.value, Reason.PAYMENT.value}


def settle(text: str, best: str, runner_up: str) -> str:
    """The reason after the rules of policy (``best`` where none applies)."""
    if (
        best in _DOCUMENT_BESIDE
        and runner_up == Reason.INVOICE.value
        and _INVOICE_REQUEST.search(text)
        and not _PAY_BY_INVOICE.search(text)
    ):
        return Reason.INVOICE.value
    return best
