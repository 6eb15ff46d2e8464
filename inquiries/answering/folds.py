"""Fitting by folds of product groups: the rankers, the answer/escalate
models and the grouped k-fold outcomes that ``train`` reports and chooses
thresholds on.

The association column (``association.py``) is learned from labels, so a
sample's value must not come from its own labels: every sample gets it from
a table counted without its own fold (``own_fold``), and in cross-validation
also without the held-out fold, so that nothing of the held-out fold reaches
the models that decide it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from . import association
from .features import DECISION_FEATURES, PAIR_FEATURES
from .model import fit_logistic, fit_platt, sigmoid
from .quality import Outcome, fold_of

# Columns the lexical models (German, Japanese, English without the sentence model) never see:
# the semantic ones, and the association (learned on English only).
SEMANTIC_COLUMNS = ("cosine", "cosine_gap", "cosine_z", "cosine_rank1", "name_cosine", "semantic", "association")
FOLDS = 5
RANKER_L2 = 1.0
DECISION_L2 = 2.0
HARD_NEGATIVE_WEIGHT = 0.3  # a page with its answer taken out counts 0.3 of a real page
# Weight of each kind of sample in the answer/escalate model; "extra_" samples come from
# hetpqa_answers_train.tsv (devdata.load_answer_pages): they train the decision, not the rankers
# (which ranked worse with them in cross-validation).
DECISION_WEIGHTS = {
    "page": 1.0,
    "hard_negative": HARD_NEGATIVE_WEIGHT,
    "extra_page": 1.0,
    "extra_hard_negative": HARD_NEGATIVE_WEIGHT,
}
# Weight of a page that has an answer but whose top passage is not it: answering quotes the wrong
# passage and escalating leaves an answerable question unanswered, so either decision is wrong and
# the sample says nothing about which one to take (in cross-validation, 0 beat 1: accuracy +0.016
# at 0.35, +0.005 at the best threshold).
AMBIGUOUS_WEIGHT = 0.0


@dataclass
class Sample:
    id: str
    group: str
    language: str
    x: np.ndarray  # pair features, rows = passages
    labels: np.ndarray
    info: object
    demotion: np.ndarray | None = None  # title demotion of each row (engine.rank)
    kind: str = "page"  # "page" | "hard_negative" | "training_page" (with extra passages)
    answerable: bool = False
    meta: dict = field(default_factory=dict)


def lexical(x: np.ndarray) -> np.ndarray:
    x = x.copy()
    for name in SEMANTIC_COLUMNS:
        x[:, PAIR_FEATURES.index(name)] = 0.0
    return x


ASSOCIATION = PAIR_FEATURES.index("association")


def fold_counts(samples: list[Sample]) -> list[association.Counts]:
    """Association counts per fold, from the English pages the rankers train on."""
    counts = [association.Counts() for _ in range(FOLDS)]
    for s in samples:
        if s.language == "en" and s.kind in ("page", "training_page") and s.labels.size and s.labels.any():
            counts[fold_of(s.group)].add(s.meta["question_keys"], s.meta["passage_keys"], s.labels)
    answered = set().union(*(c.answers for c in counts))
    for c in counts:  # a table needs the sightings of answered pairs only
        c.seen = Counter({pair: n for pair, n in c.seen.items() if pair in answered})
    return counts


def total(counts: list[association.Counts], excluded=frozenset()) -> association.Counts:
    result = association.Counts()
    for k, c in enumerate(counts):
        if k not in excluded:
            result += c
    return result


def own_fold(sample: Sample) -> frozenset:
    return frozenset({fold_of(sample.group)})


def associated(samples: list[Sample], counts: list[association.Counts], excluded_for) -> list[Sample]:
    """Copies of the English samples with their association column from a table without the
    folds ``excluded_for(sample)`` names (the samples themselves without ``counts``: the lexical
    models never see the column)."""
    if counts is None:
        return samples
    tables: dict[frozenset, dict] = {}
    result = []
    for s in samples:
        if s.language != "en" or not s.labels.size or "passage_keys" not in s.meta:
            result.append(s)
            continue
        excluded = excluded_for(s)
        if excluded not in tables:
            tables[excluded] = association.table(total(counts, excluded))
        lifts, words = tables[excluded], s.meta["question_keys"]
        x = s.x.copy()
        x[:, ASSOCIATION] = [association.strength(lifts, words, keys) for keys in s.meta["passage_keys"]]
        result.append(replace(s, x=x))
    return result


def fit_ranker(samples: list[Sample], *, semantic: bool):
    rows = [
        s
        for s in samples
        if s.kind in ("page", "training_page") and s.labels.size and s.labels.any() and not s.labels.all()
    ]
    x = np.vstack([s.x for s in rows])
    y = np.concatenate([s.labels for s in rows])
    # Each page weighs the same, whatever its number of passages.
    w = np.concatenate([np.full(len(s.labels), 1.0 / len(s.labels)) for s in rows])
    return fit_logistic(x if semantic else lexical(x), y, PAIR_FEATURES, l2=RANKER_L2, sample_weight=w * len(rows))


def decision_row(sample: Sample, logits: np.ndarray):
    from .features import decision_features

    if sample.demotion is not None:
        logits = logits - sample.demotion
    order = np.array(sorted(range(len(logits)), key=lambda i: -logits[i]))
    return decision_features(info=sample.info, logits=logits, order=order, pair=sample.x), bool(sample.labels[order[0]])


def decision_weight(sample: Sample, top_correct: bool) -> float:
    weight = DECISION_WEIGHTS[sample.kind]
    return weight * AMBIGUOUS_WEIGHT if sample.labels.any() and not top_correct else weight


def _rows(samples: list[Sample], fold: int, ranker, *, semantic: bool) -> dict:
    return {
        i: decision_row(s, ranker.logit(s.x if semantic else lexical(s.x)))
        for i, s in enumerate(samples)
        if fold_of(s.group) == fold and s.labels.size and s.kind in DECISION_WEIGHTS
    }


def out_of_fold(
    samples: list[Sample], counts, *, semantic: bool, held_out: int | None = None
) -> dict[int, tuple[np.ndarray, bool]]:
    """Per sample index with a page: (decision row, top correct) from a ranker fitted without
    its fold (and without ``held_out``, which gets no rows), association values likewise."""
    result = {}
    for k in range(FOLDS):
        if k == held_out:
            continue
        skip = {k} if held_out is None else {k, held_out}
        x = associated(samples, counts, lambda s, skip=skip: frozenset(skip | {fold_of(s.group)}))
        ranker = fit_ranker([s for s in x if fold_of(s.group) not in skip], semantic=semantic)
        result.update(_rows(x, k, ranker, semantic=semantic))
    return result


def fit_decision(samples: list[Sample], rows: dict, indices):
    indices = [i for i in indices if i in rows]
    x = np.array([rows[i][0] for i in indices])
    y = np.array([rows[i][1] for i in indices], dtype=float)
    weight = np.array([decision_weight(samples[i], rows[i][1]) for i in indices])
    return fit_logistic(x, y, DECISION_FEATURES, l2=DECISION_L2, sample_weight=weight)


def cross_validate(samples: list[Sample], counts, *, semantic: bool) -> list[Outcome]:
    """Grouped k-fold outcomes of the real pages: for each held-out fold, the association
    tables, the rankers and the decision model fitted without it."""
    outcomes = []
    for k in range(FOLDS):
        x = associated(samples, counts, lambda s, k=k: frozenset({k, fold_of(s.group)}))
        ranker = fit_ranker([s for s in x if fold_of(s.group) != k], semantic=semantic)
        rows = out_of_fold(samples, counts, semantic=semantic, held_out=k)
        decision = fit_decision(samples, rows, rows)
        held = _rows(x, k, ranker, semantic=semantic)
        for i, s in enumerate(samples):
            if fold_of(s.group) != k or s.kind != "page":
                continue
            if i not in held:
                outcomes.append(Outcome(s.id, s.group, s.language, False, False, False, 0.0))
                continue
            row, top = held[i]
            outcomes.append(
                Outcome(s.id, s.group, s.language, s.answerable, True, top, float(sigmoid(decision.logit(row)[0])))
            )
    return outcomes


def calibrate_language(samples: list[Sample], rankers, decision) -> tuple[tuple[float, float], list]:
    """Platt (a, b) for one language's lexical decision logits, and its grouped k-fold outcomes."""
    pages = [s for s in samples if s.kind == "page" and s.labels.size]
    logits, correct = [], []
    for s in pages:
        row, top = decision_row(s, rankers.logit(lexical(s.x)))
        logits.append(float(decision.logit(row)[0]))
        correct.append(top)
    logits, correct = np.array(logits), np.array(correct, dtype=float)
    outcomes = []
    for k in range(FOLDS):
        train = np.array([fold_of(s.group) != k for s in pages])
        a, b = fit_platt(logits[train], correct[train])
        for j, s in enumerate(pages):
            if not train[j]:
                probability = float(sigmoid(a * logits[j] + b))
                outcomes.append(Outcome(s.id, s.group, s.language, s.answerable, True, bool(correct[j]), probability))
    return fit_platt(logits, correct), outcomes
