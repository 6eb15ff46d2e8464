"""One question against one detail page: parts, ranking, decision, reply,
evidence, highlights, and the drafts of an escalation. Shared by the live
path (tickets), the batch command and the evaluation; they differ only in
where statistics and vectors come from.

A question that asks several things (``parts.split_question``) is ranked
and decided part by part: it is answered when every part is, and escalated
otherwise, with the seller asked only about the parts the page does not
cover (the buyer's holding reply still quotes what the page does say).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import bm25
from .compose import compose_case_question, compose_reply, highlight_spans
from .encoder import get_encoder
from .engine import MAX_EVIDENCE, Ranking, decide, passage_terms, rank, semantic_enabled
from .parts import split_question
from .passages import Passage, extract_passages
from .text import clean_question, language_of
from .tokenize import document_length, document_terms, query_terms

logger = logging.getLogger(__name__)

StatisticsFor = Callable[[str, dict], "bm25.Statistics | None"]
VectorsFor = Callable[[list[str]], "np.ndarray | None"]
Encode = Callable[[list[str]], np.ndarray]


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
    title_terms = set(document_terms(title, language))
    kept, dropped = [], False
    for word in re.findall(r"\S+", question):
        terms = set(query_terms(word, language))
        if terms and terms <= title_terms:
            dropped = True
            continue
        kept.append(word)
    reduced = " ".join(kept)
    return reduced if dropped and query_terms(reduced, language) else ""


@dataclass
class Page:
    """A page ready to rank questions against: passages, terms, statistics, vectors."""

    passages: list[Passage]
    terms: list
    title: str
    language: str
    statistics: bm25.Statistics
    passage_vectors: np.ndarray | None = None
    name_vectors: dict | None = None


def prepare_page(
    *,
    page: dict,
    language: str,
    question_terms: dict,
    statistics_for: StatisticsFor | None = None,
    vectors_for: VectorsFor | None = None,
) -> Page:
    passages = extract_passages(page or {}, language)
    terms = passage_terms(passages, language)
    statistics = None
    if statistics_for is not None and passages:
        try:
            statistics = statistics_for(language, question_terms)
        except Exception:  # the index is an optimisation: never fail a suggestion for it
            logger.exception("answer index statistics unavailable; using the page's own")
    title = page.get("title") if isinstance((page or {}).get("title"), str) else ""
    prepared = Page(
        passages=passages,
        terms=terms,
        title=title or "",
        language=language,
        statistics=statistics or local_statistics(terms),
    )
    if vectors_for is not None and passages and semantic_enabled(language) and get_encoder() is not None:
        names = sorted({p.text.split(":", 1)[0] for p in passages if p.source == "attribute"})
        try:
            vectors = vectors_for([p.text for p in passages] + names)
        except Exception:
            logger.exception("passage vectors unavailable; ranking lexically")
            vectors = None
        if vectors is not None:
            prepared.passage_vectors = vectors[: len(passages)]
            prepared.name_vectors = dict(zip(names, vectors[len(passages) :]))
    return prepared


def question_variants(question: str, page: Page) -> list[str]:
    variants = [question]
    reduced = without_title_words(question, page.title, page.language)
    if reduced:
        variants.append(reduced)
    return variants


def rank_parts(
    page: Page, parts: list[str], *, encode: Encode | None = None, models=None, score: bool = True
) -> list[Ranking]:
    """One ranking per part; the questions' sentence vectors in one encoder call."""
    variants = [question_variants(p, page) for p in parts]
    vectors = None
    if page.passage_vectors is not None:
        if encode is None:
            encoder = get_encoder()
            encode = encoder.encode if encoder is not None else None
        if encode is not None:
            vectors = encode([v for vs in variants for v in vs])
    rankings, start = [], 0
    for part, vs in zip(parts, variants):
        qv = vectors[start : start + len(vs)] if vectors is not None else None
        start += len(vs)
        rankings.append(
            rank(
                question=part,
                passages=page.passages,
                language=page.language,
                statistics=page.statistics,
                terms=page.terms,
                passage_vectors=page.passage_vectors,
                question_vector=qv,
                name_vectors=page.name_vectors,
                title=page.title,
                models=models,
                score=score,
            )
        )
    return rankings


def _evidence(ranking: Ranking) -> list:
    return [s for s in ranking.ranked[:MAX_EVIDENCE] if s.score >= 0.05 or s is ranking.ranked[0]]


def answer_page(
    *,
    page: dict,
    question,
    language: str,
    reply_language: str | None = None,
    statistics_for: StatisticsFor | None = None,
    vectors_for: VectorsFor | None = None,
    buyer_name: str = "",
    cutoff: float | None = None,
    seller_reply_hours: int | None = None,
    encode: Encode | None = None,
    split: bool = True,
) -> dict:
    """The answer dict: decision, reply, evidence [{source, text, score}], reason,
    highlights, confidence, method, language, parts [{question, decision,
    confidence, evidence}], and for an escalation ``case_question`` (the
    draft to the seller, asking only what the page does not say).
    DomainError for a bad question."""
    question = clean_question(question)
    language = language_of(language)
    reply_language = language_of(reply_language or language)
    parts = split_question(question, language) if split else [question]
    prepared = prepare_page(
        page=page,
        language=language,
        question_terms=query_terms(question, language),
        statistics_for=statistics_for,
        vectors_for=vectors_for,
    )
    rankings = rank_parts(prepared, parts, encode=encode) if prepared.passages else []
    decided = [(r, *decide(r, cutoff=cutoff)) for r in rankings]
    if not prepared.passages:
        decision, reason, confidence, method = "escalate", "empty_detail_page", 0.0, "none"
    else:
        confidence = min(r.probability for r in rankings)
        method = rankings[0].method
        decision = "answer" if all(d == "answer" for _r, d, _ in decided) else "escalate"
        reason = (
            ""
            if decision == "answer"
            else ("part_not_covered" if any(d == "answer" for _r, d, _ in decided) else "no_relevant_passage")
        )
    # Evidence: each part's best passage first (the most confident part first), then the rest.
    ordered = sorted(range(len(rankings)), key=lambda i: -rankings[i].probability)
    top, seen = [], set()
    for group in [rankings[i].ranked[:1] for i in ordered] + [_evidence(rankings[i])[1:] for i in ordered]:
        for s in group:
            if s.passage.position not in seen and len(top) < MAX_EVIDENCE + len(parts) - 1:
                seen.add(s.passage.position)
                top.append((s, next(r for r in rankings if s in r.ranked)))
    evidence = [{"source": s.passage.source, "text": s.passage.text, "score": round(float(s.score), 4)} for s, _ in top]
    highlights = [{"evidence": i, "spans": highlight_spans(s.passage.text, r)} for i, (s, r) in enumerate(top)]
    part_rows = [
        {
            "question": part,
            "decision": d,
            "confidence": round(r.probability, 4),
            "evidence": [
                {"source": s.passage.source, "text": s.passage.text, "score": round(float(s.score), 4)}
                for s in (_evidence(r) if d == "answer" else r.ranked[:1])
            ],
        }
        for part, (r, d, _reason) in zip(parts, decided)
    ]
    answered = [(row["question"], r.ranked[0]) for row, (r, d, _) in zip(part_rows, decided) if d == "answer"]
    open_parts = [row["question"] for row in part_rows if row["decision"] != "answer"] or (
        [question] if decision != "answer" else []
    )
    reply = compose_reply(
        decision=decision,
        answered=answered,
        open_parts=open_parts,
        multi_part=len(parts) > 1,
        language=reply_language,
        buyer_name=buyer_name,
        seller_reply_hours=seller_reply_hours,
    )
    result = {
        "decision": decision,
        "reply": reply,
        "evidence": evidence,
        "reason": reason,
        "highlights": highlights,
        "confidence": round(float(confidence), 4),
        "method": method,
        "language": reply_language,
        "parts": part_rows,
    }
    if decision == "escalate":
        result["case_question"] = compose_case_question(
            open_parts=open_parts, question=question, page_title=prepared.title, language=reply_language
        )
    return result
