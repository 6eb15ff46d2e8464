"""Fit the engine's models on the development split (never the blind one)
and write ``models.json``.

    python -m inquiries.answering.train [--data DIR] [--dry-run]

1. Features of every development question's page (``engine.rank`` with
   ``score=False``: the very code that answers), with OSP/CQA/review
   candidates added as extra passages for the rankers (more labelled pairs;
   never on a page the engine answers from).
2. Rankers (semantic, lexical): out-of-fold logits by 5-fold
   cross-validation grouped by product, then a fit on everything.
3. Decision models on the out-of-fold rankings of the real pages, plus hard
   negatives: each answerable page again with its relevant passages taken
   out (same product, same topic, nothing that answers); plus the pages of
   ``hetpqa_answers_train.tsv`` (``devdata.load_answer_pages``: other
   products, never a development or blind one).
4. Per-language calibration (German, Japanese): Platt scaling of the lexical
   decision logit on that language's development questions.
5. Per-language thresholds: on each language's grouped k-fold outcomes,
   among those with precision >= 0.70 at coverage >= 0.50, the most precise
   one within a point of the best decision accuracy (``quality.choose_threshold``).

A page whose top passage is wrong although another passage answers weighs
``AMBIGUOUS_WEIGHT`` in the decision models: both decisions are wrong there.

``cross_validate`` returns the grouped k-fold outcomes that ``evaluate``
reports beside the blind split.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
SEMANTIC_COLUMNS = ("cosine", "cosine_gap", "cosine_z", "cosine_rank1", "name_cosine", "semantic")
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
    from .features import PAIR_FEATURES

    x = x.copy()
    for name in SEMANTIC_COLUMNS:
        x[:, PAIR_FEATURES.index(name)] = 0.0
    return x


def _statistics(pages_terms) -> object:
    from . import bm25
    from .tokenize import document_length

    stats = bm25.Statistics()
    for terms in pages_terms:
        stats.add(terms, document_length(terms))
    return stats


def build_samples(questions: list[dict], *, semantic: bool = True, extra: bool = True) -> list[Sample]:
    """Samples of the given questions: their real page ("page"), the page
    without its relevant passages ("hard_negative", answerable ones with two
    passages left), and, for hetPQA, the page with OSP/CQA/review passages
    ("training_page")."""
    from . import index
    from .answer import prepare_page, rank_parts
    from .devdata import page_and_labels

    variants = []  # (question, kind, page, labels)
    for q in questions:
        page, labels = page_and_labels(q)
        variants.append((q, "page", page, labels))
        if extra and q.get("candidates") and any(s in ("osp", "cqa", "review") for s, _t, _l in q["candidates"]):
            page_x, labels_x = page_and_labels(q, extra=True)
            variants.append((q, "training_page", page_x, labels_x))
    prepared = {}
    for q, _kind, page, _labels in variants:
        p = prepare_page(page=page, language=q["language"], question_terms={})
        prepared[id(page)] = p
    by_language: dict[str, object] = {}
    for language in {q["language"] for q in questions}:
        by_language[language] = _statistics(
            t
            for (q, kind, page, _l) in variants
            if q["language"] == language and kind == "page"
            for t in prepared[id(page)].terms
        )
    use_vectors = semantic and index.get_encoder() is not None
    if use_vectors:
        texts = []
        for q, _kind, page, _labels in variants:
            if q["language"] == "en":
                p = prepared[id(page)]
                texts += (
                    [s.text for s in p.passages]
                    + [s.text.split(":", 1)[0] for s in p.passages if s.source == "attribute"]
                    + [q["question"]]
                )
        texts = list(dict.fromkeys(texts))
        for start in range(0, len(texts), 2048):
            index.vectors(texts[start : start + 2048])
    samples = []
    for q, kind, page, labels in variants:
        p = prepared[id(page)]
        p.statistics = by_language[q["language"]]
        if use_vectors and q["language"] == "en" and p.passages:
            names = sorted({s.text.split(":", 1)[0] for s in p.passages if s.source == "attribute"})
            vectors = index.vectors([s.text for s in p.passages] + names)
            p.passage_vectors, p.name_vectors = vectors[: len(p.passages)], dict(zip(names, vectors[len(p.passages) :]))
        if not p.passages:
            samples.append(
                Sample(
                    id=q["id"],
                    group=q["group"],
                    language=q["language"],
                    x=np.zeros((0, 0)),
                    labels=np.zeros(0),
                    info=None,
                    kind=kind,
                )
            )
            continue
        ranking = rank_parts(p, [q["question"]], encode=index.vectors if use_vectors else None, score=False)[0]
        y = np.array([labels.get(s.passage.text, 0) for s in ranking.ranked], dtype=float)
        samples.append(
            Sample(
                id=q["id"],
                group=q["group"],
                language=q["language"],
                x=ranking.pair_rows,
                labels=y,
                demotion=ranking.demotion,
                info=ranking.info,
                kind=kind,
                answerable=bool(y.any()),
                meta={
                    "question": q["question"],
                    "texts": [s.passage.text for s in ranking.ranked],
                    "sources": [s.passage.source for s in ranking.ranked],
                },
            )
        )
        if kind == "page" and y.any() and (y == 0).sum() >= 2:
            keep = [i for i, s in enumerate(p.passages) if not labels.get(s.text, 0)]
            reduced = prepare_page(page={}, language=q["language"], question_terms={})
            reduced.passages = [p.passages[i] for i in keep]
            reduced.terms = [p.terms[i] for i in keep]
            reduced.statistics, reduced.title = p.statistics, p.title
            if p.passage_vectors is not None:
                reduced.passage_vectors, reduced.name_vectors = p.passage_vectors[keep], p.name_vectors
            r = rank_parts(reduced, [q["question"]], encode=index.vectors if use_vectors else None, score=False)[0]
            samples.append(
                Sample(
                    id=q["id"],
                    group=q["group"],
                    language=q["language"],
                    x=r.pair_rows,
                    labels=np.zeros(len(r.ranked)),
                    demotion=r.demotion,
                    info=r.info,
                    kind="hard_negative",
                )
            )
    return samples


def fit_ranker(samples: list[Sample], *, semantic: bool):
    from .features import PAIR_FEATURES
    from .model import fit_logistic

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


def _decision_row(sample: Sample, logits: np.ndarray):
    from .features import decision_features

    if sample.demotion is not None:
        logits = logits - sample.demotion
    order = np.array(sorted(range(len(logits)), key=lambda i: -logits[i]))
    return decision_features(info=sample.info, logits=logits, order=order, pair=sample.x), bool(sample.labels[order[0]])


def decision_weight(sample: Sample, top_correct: bool) -> float:
    weight = DECISION_WEIGHTS[sample.kind]
    return weight * AMBIGUOUS_WEIGHT if sample.labels.any() and not top_correct else weight


def out_of_fold(samples: list[Sample], *, semantic: bool) -> dict[int, tuple[np.ndarray, bool]]:
    """Per sample index with a page: (decision row, top correct) from rankers fitted without its fold."""
    from .quality import fold_of

    result = {}
    for k in range(FOLDS):
        train = [s for s in samples if fold_of(s.group) != k]
        ranker = fit_ranker(train, semantic=semantic)
        for i, s in enumerate(samples):
            if fold_of(s.group) == k and s.labels.size and s.kind in DECISION_WEIGHTS:
                x = s.x if semantic else lexical(s.x)
                result[i] = _decision_row(s, ranker.logit(x))
    return result


def fit_decision(samples: list[Sample], rows: dict, indices):
    from .features import DECISION_FEATURES
    from .model import fit_logistic

    indices = [i for i in indices if i in rows]
    x = np.array([rows[i][0] for i in indices])
    y = np.array([rows[i][1] for i in indices], dtype=float)
    weight = np.array([decision_weight(samples[i], rows[i][1]) for i in indices])
    return fit_logistic(x, y, DECISION_FEATURES, l2=DECISION_L2, sample_weight=weight)


def cross_validate(samples: list[Sample], *, semantic: bool, calibration=None) -> list:
    """Grouped k-fold outcomes of the real pages (``quality.Outcome``): rankers
    and decision models refitted without each fold."""
    from .model import sigmoid
    from .quality import Outcome, fold_of

    rows = out_of_fold(samples, semantic=semantic)
    outcomes = []
    for k in range(FOLDS):
        decision = fit_decision(samples, rows, [i for i, s in enumerate(samples) if fold_of(s.group) != k])
        for i, s in enumerate(samples):
            if fold_of(s.group) != k or s.kind != "page":
                continue
            if i not in rows:
                outcomes.append(Outcome(s.id, s.group, s.language, False, False, False, 0.0))
                continue
            logit = float(decision.logit(rows[i][0])[0])
            if calibration is not None:
                a, b = calibration
                logit = a * logit + b
            outcomes.append(Outcome(s.id, s.group, s.language, s.answerable, True, rows[i][1], float(sigmoid(logit))))
    return outcomes


def calibrate_language(samples: list[Sample], rankers, decision) -> tuple[tuple[float, float], list]:
    """Platt (a, b) for one language's lexical decision logits, and its grouped k-fold outcomes."""
    from .model import fit_platt, sigmoid
    from .quality import Outcome, fold_of

    pages = [s for s in samples if s.kind == "page" and s.labels.size]
    logits, correct = [], []
    for s in pages:
        row, top = _decision_row(s, rankers.logit(lexical(s.x)))
        logits.append(float(decision.logit(row)[0]))
        correct.append(top)
    logits, correct = np.array(logits), np.array(correct, dtype=float)
    outcomes = []
    for k in range(FOLDS):
        train = np.array([fold_of(s.group) != k for s in pages])
        a, b = fit_platt(logits[train], correct[train])
        for j, s in enumerate(pages):
            if not train[j]:
                outcomes.append(
                    Outcome(
                        s.id,
                        s.group,
                        s.language,
                        s.answerable,
                        True,
                        bool(correct[j]),
                        float(sigmoid(a * logits[j] + b)),
                    )
                )
    return fit_platt(logits, correct), outcomes


def train(data_dir: Path | None = None) -> tuple[object, dict]:
    """Fit every model on the development split; returns (Models, grouped k-fold outcomes per language)."""
    from . import devdata
    from .model import Models

    english, _blind = devdata.split(devdata.load_english(data_dir))
    samples = build_samples(english)
    extra = build_samples(devdata.load_answer_pages(data_dir))
    for sample in extra:
        sample.kind = "extra_" + sample.kind
    samples += extra
    rankers, decisions, folds = {}, {}, {}
    for method, semantic in (("semantic", True), ("lexical", False)):
        # The extra pages train the English semantic decision only: the lexical one also
        # decides German and Japanese, whose cross-validated accuracy they lowered.
        used = samples if semantic else [s for s in samples if not s.kind.startswith("extra_")]
        rankers[method] = fit_ranker(used, semantic=semantic)
        rows = out_of_fold(used, semantic=semantic)
        decisions[method] = fit_decision(used, rows, range(len(used)))
        folds[f"en-{method}"] = cross_validate(used, semantic=semantic)
    calibration = {}
    for language in ("de", "ja"):
        if not (devdata.HERE / f"{language}.json").exists():
            continue
        written, _blind = devdata.split(devdata.load_written(language))
        language_samples = build_samples(written, semantic=False, extra=False)
        calibration[language], folds[language] = calibrate_language(
            language_samples, rankers["lexical"], decisions["lexical"]
        )
    from .engine import DEFAULT_THRESHOLD
    from .quality import choose_threshold

    keys = {"en-semantic": "en", "en-lexical": "en-lexical", "de": "de", "ja": "ja"}
    thresholds = {keys[name]: choose_threshold(outcomes, DEFAULT_THRESHOLD) for name, outcomes in folds.items()}
    meta = {
        "trained_on": "development split of ../shared/data/product_qa and devdata/{de,ja}.json",
        "english_questions": len(english),
        "extra_decision_questions": sum(1 for s in samples if s.kind == "extra_page"),
    }
    models = Models(rankers=rankers, decisions=decisions, calibration=calibration, meta=meta, thresholds=thresholds)
    return models, folds


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")
    sys.path.insert(0, str(HERE.parents[2]))
    import django

    django.setup()
    from django.conf import settings

    settings.ANSWERING_INDEX_PATH = str(Path(settings.VAR_DIR) / "answering-eval-vectors.sqlite3")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--dry-run", action="store_true", help="fit and report, do not write models.json")
    args = parser.parse_args(argv)
    setup_django()
    from .engine import DEFAULT_THRESHOLD
    from .model import save
    from .quality import metrics, nested_threshold

    models, folds = train(args.data)
    for name, outcomes in folds.items():
        language, _, method = name.partition("-")
        cutoff = models.threshold(language, method, DEFAULT_THRESHOLD)
        print(name, f"threshold {cutoff}", metrics(outcomes, cutoff))
        print(name, "nested threshold", metrics(nested_threshold(outcomes, DEFAULT_THRESHOLD), 0.5))
    if not args.dry_run:
        save(models)
        print("wrote", HERE.parent / "models.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
