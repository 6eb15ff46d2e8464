"""The reply to the buyer, in their language, quoting its evidence; and the
spans of the evidence the agent console highlights.

Replies are extractive: the engine quotes the detail page rather than
paraphrasing it, so the agent can see at a glance what the answer rests on
and accept, edit or discard it."""
from __future__ import annotations

import re

from .engine import Ranking, Scored
from .text import language_of, normalise
from .tokenize import _HAS_JA, _JA_RUN, _german_ngrams, _latin_words, _stem

TEXTS = {
    "en": {
        "greeting": "Hello {name},", "greeting_anonymous": "Hello,",
        "answer": "Thank you for your question. The product detail page says:",
        "also": "It also says:",
        "escalate": "Thank you for your question. The product detail page does not answer it, so we have asked the "
                    "seller and will get back to you as soon as we hear from them.",
        "closing": "Kind regards,\nCustomer Service",
        "title": "product title", "bullet": "product features", "description": "product description",
        "attribute": "product details", "quote": "“{text}” ({source})",
    },
    "de": {
        "greeting": "Guten Tag {name},", "greeting_anonymous": "Guten Tag,",
        "answer": "Vielen Dank für Ihre Frage. Auf der Produktdetailseite steht:",
        "also": "Außerdem steht dort:",
        "escalate": "Vielen Dank für Ihre Frage. Die Produktdetailseite beantwortet sie nicht; wir haben den Verkäufer "
                    "gefragt und melden uns, sobald wir seine Antwort haben.",
        "closing": "Mit freundlichen Grüßen\nIhr Kundenservice",
        "title": "Produkttitel", "bullet": "Produktmerkmale", "description": "Produktbeschreibung",
        "attribute": "Produktdetails", "quote": "„{text}“ ({source})",
    },
    "ja": {
        "greeting": "{name} 様", "greeting_anonymous": "お客様",
        "answer": "お問い合わせありがとうございます。商品詳細ページには次のように記載されています。",
        "also": "また、次の記載もございます。",
        "escalate": "お問い合わせありがとうございます。商品詳細ページではお答えできない内容のため、出品者に確認しております。"
                    "回答があり次第ご連絡いたします。",
        "closing": "今後ともよろしくお願いいたします。\nカスタマーサービス",
        "title": "商品名", "bullet": "商品の特徴", "description": "商品説明", "attribute": "商品詳細",
        "quote": "「{text}」（{source}）",
    },
}


def _wrap(t: dict, buyer_name: str, body: str) -> str:
    greeting = t["greeting"].format(name=buyer_name) if buyer_name else t["greeting_anonymous"]
    return f"{greeting}\n\n{body}\n\n{t['closing']}"


def compose_reply(*, decision: str, evidence: list[Scored], language: str, buyer_name: str = "",
                  second_cutoff: float | None = None) -> str:
    """Answer: quote the top passage (and the runner-up where it scores almost
    as well: ``second_cutoff``). Escalate: tell the buyer the seller is asked."""
    t = TEXTS[language_of(language)]
    if decision != "answer" or not evidence:
        return _wrap(t, buyer_name, t["escalate"])
    quotes = [t["quote"].format(text=evidence[0].passage.text, source=t[evidence[0].passage.source])]
    if second_cutoff is not None and len(evidence) > 1 and evidence[1].score >= second_cutoff:
        quotes.append(t["also"] + "\n" + t["quote"].format(text=evidence[1].passage.text, source=t[evidence[1].passage.source]))
    return _wrap(t, buyer_name, t["answer"] + "\n" + "\n".join(quotes))


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
                    if run[i:i + 2] in query:
                        spans.append({"start": start + i, "end": start + i + 2, "term": run[i:i + 2]})
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
        if merged and not text[merged[-1]["end"]:span["start"]].strip(" -/"):  # touching or one space apart
            merged[-1]["end"] = max(merged[-1]["end"], span["end"])
            merged[-1]["term"] = text[merged[-1]["start"]:merged[-1]["end"]]
        else:
            merged.append(dict(span))
    return merged
