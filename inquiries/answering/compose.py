"""The reply to the buyer, in their language, quoting its evidence; and the
spans of the evidence the agent console highlights.

Replies are extractive: the engine quotes the detail page rather than
paraphrasing it, so the agent can see at a glance what the answer rests on
and accept, edit or discard it."""

from __future__ import annotations

import re

from .engine import Ranking
from .text import language_of, normalise
from .tokenize import _HAS_JA, _JA_RUN, _german_ngrams, _latin_words, _stem

TEXTS = {
    "en": {
        "greeting": "Hello {name},",
        "greeting_anonymous": "Hello,",
        "answer": "Thank you for your question. The product detail page says:",
        "thanks": "Thank you for your question.",
        "part": "About “{part}”, the product detail page says:",
        "holding": "Thank you for your question. The product detail page does not answer it, so we are asking the "
        "seller.",
        "holding_part": "The product detail page does not say {parts}, so we are asking the seller about that.",
        "promise_hours": "The seller has {hours} hours to reply. We will write to you again with their answer, or "
        "with our own if they have not replied by then.",
        "promise": "We will write to you again as soon as we have their answer.",
        "closing": "Kind regards,\nCustomer Service",
        "title": "product title",
        "bullet": "product features",
        "description": "product description",
        "attribute": "product details",
        "quote": "“{text}” ({source})",
        "and": " and ",
        "marks": "“{text}”",
        "case": "A buyer asks about {product}: {questions}\nThe product detail page does not answer this. Please "
        "reply with the answer (and consider adding it to the detail page).",
        "this_product": "this product",
    },
    "de": {
        "greeting": "Guten Tag {name},",
        "greeting_anonymous": "Guten Tag,",
        "answer": "Vielen Dank für Ihre Frage. Auf der Produktdetailseite steht:",
        "thanks": "Vielen Dank für Ihre Frage.",
        "part": "Zu „{part}“ steht auf der Produktdetailseite:",
        "holding": "Vielen Dank für Ihre Frage. Die Produktdetailseite beantwortet sie nicht; deshalb fragen wir den "
        "Verkäufer.",
        "holding_part": "Die Produktdetailseite sagt nichts zu {parts}; dazu fragen wir den Verkäufer.",
        "promise_hours": "Der Verkäufer hat {hours} Stunden Zeit zu antworten. Wir schreiben Ihnen wieder, mit seiner "
        "Antwort oder, falls er bis dahin nicht geantwortet hat, mit unserer eigenen.",
        "promise": "Wir schreiben Ihnen wieder, sobald wir seine Antwort haben.",
        "closing": "Mit freundlichen Grüßen\nIhr Kundenservice",
        "title": "Produkttitel",
        "bullet": "Produktmerkmale",
        "description": "Produktbeschreibung",
        "attribute": "Produktdetails",
        "quote": "„{text}“ ({source})",
        "and": " und ",
        "marks": "„{text}“",
        "case": "Ein Käufer fragt zu {product}: {questions}\nDie Produktdetailseite beantwortet das nicht. Bitte "
        "antworten Sie (und ergänzen Sie die Angabe gern auf der Detailseite).",
        "this_product": "diesem Produkt",
    },
    "ja": {
        "greeting": "{name} 様",
        "greeting_anonymous": "お客様",
        "answer": "お問い合わせありがとうございます。商品詳細ページには次のように記載されています。",
        "thanks": "お問い合わせありがとうございます。",
        "part": "「{part}」について、商品詳細ページには次のように記載されています。",
        "holding": "お問い合わせありがとうございます。商品詳細ページには記載がないため、出品者に確認いたします。",
        "holding_part": "{parts}については商品詳細ページに記載がないため、出品者に確認いたします。",
        "promise_hours": "出品者の回答期限は{hours}時間です。出品者の回答、または期限までに回答がない場合は当社の判断で、"
        "改めてご連絡いたします。",
        "promise": "回答があり次第、改めてご連絡いたします。",
        "closing": "今後ともよろしくお願いいたします。\nカスタマーサービス",
        "title": "商品名",
        "bullet": "商品の特徴",
        "description": "商品説明",
        "attribute": "商品詳細",
        "quote": "「{text}」（{source}）",
        "and": "と",
        "marks": "「{text}」",
        "case": "{product}について購入者から質問がありました：{questions}\n商品詳細ページに記載がありません。"
        "ご回答ください（詳細ページへの追記もご検討ください）。",
        "this_product": "この商品",
    },
}


def _wrap(t: dict, buyer_name: str, body: str) -> str:
    greeting = t["greeting"].format(name=buyer_name) if buyer_name else t["greeting_anonymous"]
    return f"{greeting}\n\n{body}\n\n{t['closing']}"


def _quote(t: dict, scored) -> str:
    return t["quote"].format(text=scored.passage.text, source=t[scored.passage.source])


def _quoted_parts(t: dict, parts: list[str]) -> str:
    return t["and"].join(t["marks"].format(text=p.rstrip("?？ ")) for p in parts)


def compose_reply(
    *,
    decision: str,
    answered: list,
    open_parts: list[str],
    language: str,
    buyer_name: str = "",
    multi_part: bool = False,
    seller_reply_hours: int | None = None,
) -> str:
    """The buyer's reply. ``answered``: (part, best passage) for each part
    the page answers, quoted; ``open_parts``: the parts it does not, which the
    seller is asked about. An escalation promises only what will happen: the
    seller is asked, has ``seller_reply_hours`` to reply, and the buyer hears
    again either way."""
    t = TEXTS[language_of(language)]
    lines: list[str] = []
    if answered:
        if multi_part:
            lines.append(t["thanks"])
            for part, scored in answered:
                lines.append(t["part"].format(part=part.rstrip("?？ ")) + "\n" + _quote(t, scored))
        else:
            lines.append(t["answer"] + "\n" + _quote(t, answered[0][1]))
    if decision != "answer":
        if answered:
            lines.append(t["holding_part"].format(parts=_quoted_parts(t, open_parts)))
        else:
            lines.append(t["holding"])
        lines.append(t["promise_hours"].format(hours=seller_reply_hours) if seller_reply_hours else t["promise"])
    return _wrap(t, buyer_name, "\n\n".join(lines))


def compose_case_question(*, open_parts: list[str], question: str, page_title: str, language: str) -> str:
    """The draft of the case to the seller: only what the page does not answer."""
    t = TEXTS[language_of(language)]
    asked = open_parts or [question]
    product = f"“{page_title}”" if page_title else t["this_product"]
    return t["case"].format(product=product, questions=" ".join(p.strip() for p in asked))


_LATIN_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)?", re.UNICODE)


def highlight_spans(text: str, ranking: Ranking) -> list[dict]:
    """Character spans of ``text`` whose terms occur in the question: [{start, end, term}]."""
    query = ranking.query
    language = language_of(ranking.language)
    spans: list[dict] = []
    if language == "ja" or (language != "de" and _HAS_JA.search(text)):
        normalised = "".join(normalise(ch)[:1] or ch for ch in text)  # one char per char: offsets stay
        for match in _JA_RUN.finditer(normalised):
            run, kind, start = match.group(), match.lastgroup, match.start()
            if kind == "latin":
                for word in _LATIN_WORD.finditer(run):
                    if _stem(word.group(), "en") in query:
                        spans.append({"start": start + word.start(), "end": start + word.end(), "term": word.group()})
            elif kind != "hiragana":
                if len(run) == 1 and ("~" + run) in query:
                    spans.append({"start": start, "end": start + 1, "term": run})
                for i in range(len(run) - 1):
                    if run[i : i + 2] in query:
                        spans.append({"start": start + i, "end": start + i + 2, "term": run[i : i + 2]})
        return _merge(spans, text)
    for match in _LATIN_WORD.finditer(text):
        words = _latin_words(match.group(), language)
        if not words:
            continue
        word = words[0]
        hit = _stem(word, language) in query
        if not hit and language == "de":
            grams = _german_ngrams(word)
            hit = sum(1 for g in grams if g in query) >= 3
        if hit:
            spans.append({"start": match.start(), "end": match.end(), "term": match.group()})
    return _merge(spans, text)


def _merge(spans: list[dict], text: str) -> list[dict]:
    merged: list[dict] = []
    for span in sorted(spans, key=lambda s: s["start"]):
        if merged and not text[merged[-1]["end"] : span["start"]].strip(" -/"):  # touching or one space apart
            merged[-1]["end"] = max(merged[-1]["end"], span["end"])
            merged[-1]["term"] = text[merged[-1]["start"] : merged[-1]["end"]]
        else:
            merged.append(dict(span))
    return merged
