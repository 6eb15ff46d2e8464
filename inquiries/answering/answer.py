"""One question against one detail page: ranking, decision, reply, evidence,
highlights. Shared by the live path (tickets) and the batch command; they
differ only in where statistics and passage vectors come from."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable

import numpy as np

from . import bm25
from .compose import compose_reply, highlight_spans
from .encoder import get_encoder
from .engine import MAX_EVIDENCE, decide, passage_terms, rank, semantic_enabled
from .passages import extract_passages
from .text import clean_question, language_of
from .tokenize import document_length, query_terms

logger = logging.getLogger(__name__)

StatisticsFor = Callable[[str, dict], "bm25.Statistics | None"]
VectorsFor = Callable[[list[str]], "np.ndarray | None"]


def local_statistics(terms) -> bm25.Statistics:
    """Statistics of the page alone: the fallback while the catalog index is empty."""
    stats = bm25.Statistics()
    for t in terms:
        stats.add(t, document_length(t))
    return stats


def without_title_words(question: str, title: str, language: str) -> str:
    """The question without the words it shares with the title (the product's
    name: "bottle" in "What colour is the bottle?"), or "" if none is shared
    or nothing would be left to ask."""
    if not title or not isinstance(title, str):
        return ""
    title_terms = set(query_terms(title, language))
    kept, dropped = [], False
    for word in re.findall(r"\S+", question):
        terms = set(query_terms(word, language))
        if terms and terms <= title_terms:
            dropped = True
            continue
        kept.append(word)
    reduced = " ".join(kept)
    return reduced if dropped and query_terms(reduced, language) else ""


def answer_page(*, page: dict, question, language: str, reply_language: str | None = None,
                statistics_for: StatisticsFor | None = None, vectors_for: VectorsFor | None = None,
                buyer_name: str = "", cutoff: float | None = None) -> dict:
    """The answer dict: decision, reply, evidence [{source, text, score}],
    reason, highlights, confidence, method, language. DomainError for a bad question."""
    question = clean_question(question)
    language = language_of(language)
    reply_language = language_of(reply_language or language)
    passages = extract_passages(page or {}, language)
    if not passages:
        return {"decision": "escalate", "reason": "empty_detail_page", "evidence": [], "highlights": [],
                "reply": compose_reply(decision="escalate", evidence=[], language=reply_language, buyer_name=buyer_name),
                "confidence": 0.0, "method": "none", "language": reply_language}
    terms = passage_terms(passages, language)
    statistics = None
    if statistics_for is not None:
        try:
            statistics = statistics_for(language, query_terms(question, language))
        except Exception:  # the index is an optimisation: never fail a suggestion for it
            logger.exception("answer index statistics unavailable; using the page's own")
    if statistics is None:
        statistics = local_statistics(terms)
    passage_vectors = question_vector = None
    if vectors_for is not None and semantic_enabled(language):
        encoder = get_encoder()
        if encoder is not None:
            try:
                passage_vectors = vectors_for([p.text for p in passages])
            except Exception:
                logger.exception("passage vectors unavailable; ranking lexically")
            if passage_vectors is not None:
                variants = [question]
                reduced = without_title_words(question, page.get("title") or "", language)
                if reduced:
                    variants.append(reduced)
                question_vector = encoder.encode(variants)
    ranking = rank(question=question, passages=passages, language=language, statistics=statistics, terms=terms,
                   passage_vectors=passage_vectors, question_vector=question_vector,
                   title=page.get("title") if isinstance(page.get("title"), str) else "")
    decision, reason = decide(ranking, cutoff=cutoff)
    top = [s for s in ranking.ranked[:MAX_EVIDENCE] if s.score > 0 or s.bm25 > 0 or s is ranking.ranked[0]]
    evidence = [{"source": s.passage.source, "text": s.passage.text, "score": round(float(s.score), 4)} for s in top]
    highlights = [{"evidence": i, "spans": highlight_spans(s.passage.text, ranking)} for i, s in enumerate(top)]
    second_cutoff = top[0].score - 0.05 if top and decision == "answer" else None
    reply = compose_reply(decision=decision, evidence=top, language=reply_language, buyer_name=buyer_name,
                          second_cutoff=second_cutoff)
    return {"decision": decision, "reply": reply, "evidence": evidence, "reason": reason, "highlights": highlights,
            "confidence": round(ranking.probability, 4), "method": ranking.method, "language": reply_language}
