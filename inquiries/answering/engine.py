"""Rank a page's passages for a question and decide: answer or escalate.

Ranking. Every passage gets BM25 (global IDF) and the IDF-weighted share of
the question's terms it contains ("coverage"). For English, where the
sentence model is installed and enabled, passages are re-ranked by
``cosine + COVERAGE_WEIGHT * coverage`` (cosine of all-MiniLM-L6-v2
embeddings); otherwise by BM25 with coverage breaking ties.

Decision. A logistic model turns the top passage's score and its lead over
the runner-up into the probability that the top passage answers the
question; the engine answers when that probability reaches the threshold
(``settings.ANSWERING_THRESHOLD``, default ``DEFAULT_THRESHOLD``). The two
models' three coefficients each were fitted on the development data by
``evaluate.py --fit``; docs/answering.md has the figures and why the
threshold is where it is (a wrong answer costs twice an escalation).
"""
from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from . import bm25
from .passages import Passage
from .tokenize import document_length, document_terms, query_terms

COVERAGE_WEIGHT = 0.2
# Runner-up score assumed where a page has a single passage (or the runner-up
# scores lower): the median semantic score of irrelevant passages on the dev data.
SEMANTIC_FLOOR = 0.10
# p(top passage answers) = sigmoid(a * top + b * lead + c), fitted by evaluate.py --fit.
SEMANTIC_MODEL = (2.555, 6.155, -1.686)
LEXICAL_MODEL = (2.358, 5.689, -1.546)
# Answer when p >= threshold. With a wrong answer costing twice an
# escalation, answering pays from p = 2/3 on.
DEFAULT_THRESHOLD = 0.67
MAX_EVIDENCE = 3
# The title names the product: a question that names it too ("is the bottle
# dishwasher safe?") matches the title without being answered by it. Titles
# rank a little lower, and the semantic re-rank also compares passages with
# the question stripped of the title's words (the better of the two counts).
TITLE_PENALTY = 0.1
TITLE_TERM_WEIGHT = 0.3


def threshold() -> float:
    value = getattr(settings, "ANSWERING_THRESHOLD", None)
    return float(value) if value else DEFAULT_THRESHOLD


def semantic_enabled(language: str) -> bool:
    """The MiniLM re-rank is English-only (the model is); off with ANSWERING_SEMANTIC=0."""
    if language != "en":
        return False
    value = getattr(settings, "ANSWERING_SEMANTIC", None)
    if value is None:
        value = os.environ.get("ANSWERING_SEMANTIC", "1").strip().lower() not in ("0", "false", "no", "off")
    return bool(value)


@dataclass
class Scored:
    passage: Passage
    bm25: float
    coverage: float
    cosine: float | None = None
    score: float = 0.0
    terms: Counter = field(default_factory=Counter, repr=False)


@dataclass
class Ranking:
    question: str
    language: str
    query: dict[str, float]
    ranked: list[Scored]
    probability: float
    method: str  # "semantic" | "lexical"

    @property
    def top(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def passage_terms(passages: list[Passage], language: str) -> list[Counter]:
    return [document_terms(p.text, language) for p in passages]


COMPOUND_PART_MIN = 4


def compound_matches(query: dict[str, float], terms: Counter) -> Counter:
    """German decompounding at match time: a question word that starts or ends
    with a passage word, or the other way round ("Induktionsherd" and
    "Induktion", "Spülmaschine" and "spülmaschinenfest", "Akku" and
    "Akkulaufzeit"), counts as present in the passage. Parts shorter than
    4 letters do not count."""
    words = [w for w in terms if w[0] not in "#~" and len(w) >= COMPOUND_PART_MIN and not w[0].isdigit()]
    extra = Counter()
    for q in query:
        if q in terms or q[0] in "#~" or len(q) < COMPOUND_PART_MIN or q[0].isdigit():
            continue
        for w in words:
            if q.startswith(w) or w.startswith(q) or q.endswith(w) or w.endswith(q):
                extra[q] = max(extra[q], terms[w])
    if not extra:
        return terms
    merged = Counter(terms)
    merged.update(extra)
    return merged


def rank(*, question: str, passages: list[Passage], language: str, statistics: bm25.Statistics,
         terms: list[Counter] | None = None, passage_vectors: np.ndarray | None = None,
         question_vector: np.ndarray | None = None, title: str = "") -> Ranking:
    """Passages best first with the probability that the first answers the question.
    ``passage_vectors``/``question_vector`` (unit-length; several question
    vectors as rows: a passage counts its best) switch on the semantic re-rank."""
    query = query_terms(question, language)
    if title:
        # Words of the title name the product rather than the aspect asked about.
        named_terms = document_terms(title, language)
        named = set(compound_matches(query, named_terms) if language == "de" else named_terms)
        if any(t not in named for t in query):
            query = {t: w * (TITLE_TERM_WEIGHT if t in named else 1.0) for t, w in query.items()}
    if terms is None:
        terms = passage_terms(passages, language)
    idf = {t: statistics.idf(t) for t in query}
    average = statistics.average_length
    scored = []
    for i, passage in enumerate(passages):
        t = terms[i]
        if language == "de":
            t = compound_matches(query, t)
        scored.append(Scored(passage=passage, bm25=bm25.score(query, idf, t, document_length(t), average),
                             coverage=bm25.coverage(query, idf, t), terms=t))
    semantic = passage_vectors is not None and question_vector is not None and len(passages) == len(passage_vectors)
    if semantic:
        cosines = passage_vectors @ np.atleast_2d(question_vector).T
        for s, cos in zip(scored, cosines.max(axis=1)):
            s.cosine = float(cos)
            s.score = s.cosine + COVERAGE_WEIGHT * s.coverage - (TITLE_PENALTY if s.passage.source == "title" else 0.0)
        scored.sort(key=lambda s: (-s.score, s.passage.position))
        floor, model, method = SEMANTIC_FLOOR, SEMANTIC_MODEL, "semantic"
    else:
        for s in scored:
            s.score = s.coverage - (TITLE_PENALTY if s.passage.source == "title" else 0.0)
            if s.passage.source == "title":
                s.bm25 *= 1.0 - TITLE_PENALTY
        scored.sort(key=lambda s: (-s.bm25, -s.coverage, s.passage.position))
        floor, model, method = 0.0, LEXICAL_MODEL, "lexical"
    probability = 0.0
    if scored:
        top = scored[0].score
        runner_up = max((s.score for s in scored[1:]), default=floor)
        lead = top - max(runner_up, floor)
        a, b, c = model
        probability = _sigmoid(a * top + b * lead + c) if (query and (semantic or top > 0)) else 0.0
    return Ranking(question=question, language=language, query=query, ranked=scored, probability=probability,
                   method=method)


def decide(ranking: Ranking, *, cutoff: float | None = None) -> tuple[str, str]:
    """("answer", "") or ("escalate", reason)."""
    if not ranking.ranked:
        return "escalate", "empty_detail_page"
    if not ranking.query and ranking.method == "lexical":
        return "escalate", "no_relevant_passage"
    if ranking.probability >= (threshold() if cutoff is None else cutoff):
        return "answer", ""
    return "escalate", "no_relevant_passage"
