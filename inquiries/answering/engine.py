"""Rank a page's passages for a question and decide: answer or escalate.

First stage: every passage gets BM25 (global IDF over the catalog) and the
IDF-weighted share of the question's terms it contains ("coverage"); for
English, where the sentence model is installed and enabled, also the
MiniLM cosine with the question (and, for attributes, with the attribute's
name). Re-rank: a logistic model over those and structural features
(``features.PAIR_FEATURES``: the kind of fact asked for and carried, yes/no
values for yes/no questions, numbers for "how many" questions, source, …)
gives each passage the probability that it answers the question; for
English it also sees the learned association of the question's words with
the passage's (``association.py``, a table in ``models.json``). Only the
``RERANK_DEPTH`` best passages by the first stage are re-ranked (a page
can have hundreds of attributes).

The title names the product: it ranks as evidence only when it carries
the kind of fact asked for (a "12-inch" title for a size question);
otherwise it goes below every other passage.

Decision: a second logistic model (``features.DECISION_FEATURES``: the top
passage's and the runner-up's scores, the question's kind, …), trained with
hard negatives and calibrated per language, gives the probability that the
top passage answers the question; the engine answers when it reaches the
threshold: ``settings.ANSWERING_THRESHOLD`` if the operator set it, else the
language's threshold in ``models.json`` (chosen by ``train`` on grouped
cross-validated outcomes), else ``DEFAULT_THRESHOLD``. docs/answering.md has
the precision–coverage curve.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.conf import settings

from . import association, bm25, model
from .features import PAIR_FEATURES, QuestionInfo, decision_features, pair_features, passage_kinds, question_info
from .passages import Passage
from .tokenize import document_length, document_terms, query_terms

# Decision threshold where models.json has none for a language: see docs/answering.md.
DEFAULT_THRESHOLD = 0.35
MAX_EVIDENCE = 3
RERANK_DEPTH = 40
TITLE_TERM_WEIGHT = 0.3
TITLE_DEMOTION = 8.0  # logits: below any passage that matches at all
TITLE_CARRYING_DEMOTION = 1.5  # a title with the asked fact still yields to a passage that has it too
COMPOUND_PART_MIN = 4


ASSOCIATION_COLUMN = PAIR_FEATURES.index("association")


@lru_cache(maxsize=65536)
def _passage_keys(source: str, text: str) -> tuple[str, ...]:
    return tuple(association.passage_keys(source, text))


def threshold(language: str = "en", method: str = "semantic") -> float:
    """The operator's ``ANSWERING_THRESHOLD`` (every language) if set, else the threshold
    ``train`` chose for this language and method on cross-validated outcomes, else
    ``DEFAULT_THRESHOLD``."""
    value = getattr(settings, "ANSWERING_THRESHOLD", None)
    if value not in (None, ""):
        return float(value)
    return model.load().threshold(language, method, DEFAULT_THRESHOLD)


def semantic_enabled(language: str) -> bool:
    """The MiniLM features are English-only (the model is); off with ANSWERING_SEMANTIC=0."""
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
    score: float = 0.0  # p(this passage answers the question)
    terms: Counter = field(default_factory=Counter, repr=False)


@dataclass
class Ranking:
    question: str
    language: str
    query: dict[str, float]
    ranked: list[Scored]
    probability: float
    method: str  # "semantic" | "lexical"
    info: QuestionInfo | None = None
    decision_row: np.ndarray | None = field(default=None, repr=False)
    pair_rows: np.ndarray | None = field(default=None, repr=False)  # rows in ``ranked`` order
    demotion: np.ndarray | None = field(default=None, repr=False)  # logits taken off (titles), same rows

    @property
    def top(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None


def passage_terms(passages: list[Passage], language: str) -> list[Counter]:
    return [document_terms(p.text, language) for p in passages]


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


def _name_coverage(name: str, query: dict[str, float], language: str) -> float:
    """Share of the attribute name's words that the question uses ("batteries required" in
    "does it require batteries?" -> 1)."""
    terms = [t for t in document_terms(name.replace("_", " "), language) if t[0] not in "#~"]
    if not terms:
        return 0.0
    if language == "de":
        present = compound_matches(dict.fromkeys(terms, 1.0), Counter(query))
        return sum(1 for t in terms if t in present) / len(terms)
    return sum(1 for t in terms if t in query) / len(terms)


def title_carries_fact(info: QuestionInfo, title: str) -> bool:
    """Whether the title can answer: it carries the kind of fact asked for
    (a size, a capacity, a colour …), not merely the product's name."""
    return bool(info.kinds & passage_kinds(title))


def rank(
    *,
    question: str,
    passages: list[Passage],
    language: str,
    statistics: bm25.Statistics,
    terms: list[Counter] | None = None,
    passage_vectors: np.ndarray | None = None,
    question_vector: np.ndarray | None = None,
    name_vectors: dict[str, np.ndarray] | None = None,
    title: str = "",
    models: model.Models | None = None,
    score: bool = True,
) -> Ranking:
    """Passages best first with the probability that the first answers the question.
    ``passage_vectors``/``question_vector`` (unit length; several question
    vectors as rows: a passage counts its best) switch on the semantic
    features; ``name_vectors`` maps attribute names to their vectors.
    ``score=False`` computes the features only (training)."""
    query = query_terms(question, language)
    if title:
        # Words of the title name the product rather than the aspect asked about.
        named_terms = document_terms(title, language)
        named = set(compound_matches(query, named_terms) if language == "de" else named_terms)
        if any(t not in named for t in query):
            query = {t: w * (TITLE_TERM_WEIGHT if t in named else 1.0) for t, w in query.items()}
    if terms is None:
        terms = passage_terms(passages, language)
    info = question_info(question, language)
    idf = {t: statistics.idf(t) for t in query}
    average = statistics.average_length
    scored = []
    for i, passage in enumerate(passages):
        t = compound_matches(query, terms[i]) if language == "de" else terms[i]
        scored.append(
            Scored(
                passage=passage,
                bm25=bm25.score(query, idf, t, document_length(t), average),
                coverage=bm25.coverage(query, idf, t),
                terms=t,
            )
        )
    semantic = (
        passage_vectors is not None
        and question_vector is not None
        and len(passages) == len(passage_vectors)
        and len(passages) > 0
    )
    method = "semantic" if semantic else "lexical"
    if not scored:
        return Ranking(
            question=question, language=language, query=query, ranked=[], probability=0.0, method=method, info=info
        )
    cosines = None
    if semantic:
        cosines = (passage_vectors @ np.atleast_2d(question_vector).T).max(axis=1)
        for s, cos in zip(scored, cosines):
            s.cosine = float(cos)
    # First stage: a cheap score picks the candidates the learned model re-ranks.
    first = np.array([s.coverage + (s.cosine or 0.0) for s in scored])
    keep = np.argsort(-first, kind="stable")[:RERANK_DEPTH]
    keep.sort()
    kept = [scored[i] for i in keep]
    names = [p.passage.text.split(":", 1)[0] if p.passage.source == "attribute" else "" for p in kept]
    name_cosine = None
    if semantic and name_vectors:
        qv = np.atleast_2d(question_vector)
        name_cosine = np.array([float((qv @ name_vectors[n]).max()) if n in name_vectors else 0.0 for n in names])
    x = pair_features(
        info=info,
        sources=[s.passage.source for s in kept],
        texts=[s.passage.text for s in kept],
        coverage=np.array([s.coverage for s in kept]),
        bm25=np.array([s.bm25 for s in kept]),
        cosine=np.array([s.cosine for s in kept]) if semantic else None,
        name_coverage=np.array([_name_coverage(n, query, language) if n else 0.0 for n in names]),
        name_cosine=name_cosine,
        kinds=[passage_kinds(s.passage.text) for s in kept],
    )
    demotion = np.array(
        [
            0.0
            if s.passage.source != "title"
            else TITLE_CARRYING_DEMOTION
            if title_carries_fact(info, s.passage.text)
            else TITLE_DEMOTION
            for s in kept
        ]
    )
    if not score:
        return Ranking(
            question=question,
            language=language,
            query=query,
            ranked=kept,
            probability=0.0,
            method=method,
            info=info,
            pair_rows=x,
            demotion=demotion,
        )
    models = models or model.load()
    if language == "en" and models.association:
        question_words = association.question_keys(query)
        x[:, ASSOCIATION_COLUMN] = [
            association.strength(models.association, question_words, _passage_keys(s.passage.source, s.passage.text))
            for s in kept
        ]
    logits = models.rankers[method].logit(x) - demotion
    order = np.array(sorted(range(len(kept)), key=lambda i: (-logits[i], kept[i].passage.position)))
    probabilities = model.sigmoid(logits)
    for i, s in enumerate(kept):
        s.score = float(probabilities[i])
    row = decision_features(info=info, logits=logits, order=order, pair=x)
    probability = 0.0
    # Without the sentence model, a page that shares no word with the question has nothing to quote.
    if semantic or kept[order[0]].coverage > 0:
        probability = models.calibrate(float(models.decisions[method].logit(row)[0]), language)
    rest = [scored[i] for i in range(len(scored)) if i not in set(keep.tolist())]
    ranked = [kept[i] for i in order] + sorted(rest, key=lambda s: (-s.coverage, s.passage.position))
    return Ranking(
        question=question,
        language=language,
        query=query,
        ranked=ranked,
        probability=probability,
        method=method,
        info=info,
        decision_row=row,
        pair_rows=x[order],
        demotion=demotion[order],
    )


def decide(ranking: Ranking, *, cutoff: float | None = None) -> tuple[str, str]:
    """("answer", "") or ("escalate", reason)."""
    if not ranking.ranked:
        return "escalate", "empty_detail_page"
    if ranking.probability >= (threshold(ranking.language, ranking.method) if cutoff is None else cutoff):
        return "answer", ""
    return "escalate", "no_relevant_passage"
