"""Generated training contacts: request frames × verb/noun phrases ×
statements × slot values × greetings, context (before or after purchase)
and noise. Deterministic for a seed. See ../README.md."""

from __future__ import annotations

import random
import re

from .noise import noisy
from .phrases import phrases

# The phrases (phrases/*.json, see phrases.py), and each language's table of reasons.
PHRASES = phrases()
TABLES = {language: PHRASES[language].reasons for language in PHRASES}
MARKETPLACES = {"en": ("US", "UK", "US", "CA"), "de": ("DE",), "ja": ("JP",)}
# Reasons whose contacts come after a purchase, and before it.
AFTER = {
    "where_is_my_order",
    "cancel_order",
    "change_order",
    "return_request",
    "refund",
    "damaged_or_defective",
    "wrong_or_missing_item",
    "payment",
    "invoice",
    "customization",
    "feedback_complaint",
}
BEFORE = {"pre_order", "product_question"}

_DIGITS = "0123456789"


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(_DIGITS) for _ in range(count))


def _order_number(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.35:
        return f"{_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 7)}"
    if shape < 0.6:
        return "#" + _digits(rng, rng.choice((5, 6, 8)))
    if shape < 0.75:
        return rng.choice(("ORD", "SO", "INV", "R")) + "-" + _digits(rng, 6)
    if shape < 0.88:
        return _digits(rng, rng.choice((7, 9, 10)))
    return rng.choice(("{{Order Number}}", "[order number]", "<order id>", "XXXX-XXXX", "{order_id}"))


SLOTS = {
    "en": {
        "name": [
            "Sarah",
            "Mike Jones",
            "Ahmed",
            "Chloe",
            "Mr. Patel",
            "Jessica L.",
            "Carlos",
            "Ben",
            "Amy Chen",
            "Olivia",
            "{{Person Name}}",
            "Kwame",
            "Rachel",
            "Greg",
        ],
        "amt": ["$19.99", "$45", "£30.00", "$7.25", "€60", "$129.50", "$3.99", "£12", "$1,240"],
        "item": [
            "blender",
            "sofa cover",
            "running shoes",
            "laptop stand",
            "coffee maker",
            "baby monitor",
            "jacket",
            "smartwatch",
            "printer ink",
            "bike helmet",
            "lamp",
            "sweater",
            "phone charger",
            "tent",
            "vacuum",
        ],
        "when": [
            "last week",
            "on Monday",
            "3 days ago",
            "yesterday",
            "two weeks ago",
            "on the 12th",
            "a month ago",
            "this morning",
            "last Friday",
            "10 days ago",
        ],
        "place": [
            "Canada",
            "Australia",
            "the UK",
            "Ireland",
            "Mexico",
            "my office",
            "Alaska",
            "Germany",
            "my work address",
        ],
        "method": [
            "PayPal",
            "Apple Pay",
            "Klarna",
            "a credit card",
            "Google Pay",
            "bank transfer",
            "a gift card",
            "Amex",
            "debit card",
            "Venmo",
            "Afterpay",
        ],
        "plan": ["premium", "business", "pro", "gold", "standard", "family", "platinum", "free", "{{Account Type}}"],
        "carrier": ["UPS", "FedEx", "USPS", "Royal Mail", "DHL", "Evri"],
    },
    "de": {
        "name": ["Klaus", "Frau Schmidt", "Mehmet", "Anna B.", "Herr Wagner", "Sophie"],
        "amt": ["19,99 €", "45 €", "7,50 EUR", "129 Euro"],
        "item": ["Mixer", "Laufschuh", "Drucker", "Kaffeemaschine", "Jacke", "Lampe", "Föhn", "Toaster"],
        "when": ["letzte Woche", "am Montag", "vor 3 Tagen", "gestern", "vor zwei Wochen"],
        "place": ["die Schweiz", "Österreich", "Italien", "meine Firma", "die Packstation"],
        "method": ["PayPal", "Kreditkarte", "Klarna", "Sofortüberweisung", "Lastschrift", "Apple Pay"],
        "plan": ["Business", "Premium", "Firmen"],
        "carrier": ["DHL", "Hermes", "DPD", "GLS"],
    },
    "ja": {
        "name": ["高橋", "いとう", "中村", "小林", "渡辺"],
        "amt": ["2,500円", "980円", "12,000円", "¥3,300"],
        "item": ["ミキサー", "スマホケース", "掃除機", "Tシャツ", "コーヒーメーカー", "イヤホン"],
        "when": ["先週", "3日前に", "昨日", "月曜日に", "2週間前に"],
        "place": ["沖縄", "海外", "会社", "実家", "北海道"],
        "method": ["PayPay", "クレジットカード", "コンビニ払い", "代引き", "楽天ペイ", "銀行振込"],
        "plan": ["プレミアム", "ビジネス"],
        "carrier": ["ヤマト運輸", "佐川急便", "日本郵便"],
    },
}
_SLOT = re.compile(r"\{(order|name|amt|item|when|place|method|plan|carrier)\}")

_DOUBLED = {"stop", "get", "set", "swap", "scrap", "chat", "put", "ship", "plan"}
_KEEP_E = {"see", "be", "free"}


def gerund(phrase: str) -> str:
    """ "cancel my order" -> "cancelling my order" (the first word takes -ing)."""
    verb, _, rest = phrase.partition(" ")
    if verb in _DOUBLED:
        verb = verb + verb[-1] + "ing"
    elif verb == "cancel":
        verb = "cancelling"
    elif verb.endswith("e") and verb not in _KEEP_E:
        verb = verb[:-1] + "ing"
    else:
        verb = verb + "ing"
    return (verb + " " + rest).strip()


def fill(text: str, language: str, rng: random.Random) -> str:
    slots = SLOTS[language]
    return _SLOT.sub(lambda m: _order_number(rng) if m.group(1) == "order" else rng.choice(slots[m.group(1)]), text)


def _body(reason: str, language: str, rng: random.Random) -> tuple[str, str]:
    """The request and the phrase it came from (rows of one phrase share a
    cross-validation group, so no fold tests a phrase it trained on)."""
    language_phrases, table = PHRASES[language], TABLES[language][reason]
    kinds = [kind for kind, weight in (("act", 5), ("topic", 2), ("say", 5)) if table.get(kind) for _ in range(weight)]
    kind = rng.choice(kinds)
    index = rng.randrange(len(table[kind]))
    group = f"{language}:{reason}:{kind}:{index}"
    if kind == "say":
        return table["say"][index], group
    if kind == "topic":
        return rng.choice(language_phrases.topic_frames).replace("{t}", table["topic"][index]), group
    act = table["act"][index]
    frame = rng.choice(language_phrases.act_frames)
    if language == "ja":
        return frame.replace("{o}", act[0]).replace("{v}", act[1]), group
    return frame.replace("{a}", act).replace("{g}", gerund(act) if language == "en" else act), group


def _sentence(text: str, language: str, rng: random.Random) -> str:
    text = text[:1].upper() + text[1:] if rng.random() < 0.6 else text
    if language == "ja" or text[-1:] in "?!.:":
        return text
    question = re.match(
        r"(?i)(how|where|what|when|can|could|is|are|do|does|will|would|wie|wo|was|wann|kann|können|ist|gibt|liefern|akzeptieren)\b",
        text,
    )
    return text + (rng.choice(("?", "?", "")) if question else rng.choice((".", "", "", "!")))


def contact(reason: str, language: str, rng: random.Random) -> tuple[str, str]:
    language_phrases = PHRASES[language]
    body, group = _body(reason, language, rng)
    body = _sentence(body, language, rng)
    parts = []
    if reason in AFTER and rng.random() < 0.2:
        parts.append(rng.choice(language_phrases.after_purchase))
    elif reason in BEFORE and rng.random() < 0.15:
        parts.append(rng.choice(language_phrases.before_purchase))
    parts.append(body)
    separator = "" if language == "ja" else " "
    text = rng.choice(language_phrases.openers) + separator.join(parts) + rng.choice(language_phrases.closers)
    text = fill(text, language, rng).strip()
    return (noisy(text, language, rng) if rng.random() < 0.5 else text), group


def generate(per_reason: dict[str, int], *, seed: int) -> list[dict]:
    """``per_reason``: contacts per reason for each language. Duplicates are dropped."""
    rng = random.Random(seed)
    rows, seen = [], set()
    for language, count in per_reason.items():
        for reason in TABLES[language]:
            made = attempts = 0
            while made < count and attempts < count * 5:
                attempts += 1
                text, group = contact(reason, language, rng)
                key = (text.lower(), language)
                if key in seen:
                    continue
                seen.add(key)
                made += 1
                rows.append(
                    {
                        "id": f"gen-{language}-{reason}-{made:04d}",
                        "text": text,
                        "marketplace": rng.choice(MARKETPLACES[language]),
                        "language": language,
                        "reason": reason,
                        "source": "generated",
                        "group": group,
                    }
                )
    return rows
