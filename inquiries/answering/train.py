"""Fit the engine's models on the development split (never the blind one)
and write ``models.json``.

    python -m inquiries.answering.train [--data DIR] [--dry-run]

1. Features of every development question's page (``engine.rank`` with
   ``score=False``: the very code that answers), with OSP/CQA/review
   candidates added as extra passages for the rankers (more labelled pairs;
   never on a page the engine answers from).
2. The association of question words with passage words
   (``association.py``), counted per fold; every sample's value comes from
   the other folds' counts. Rankers (semantic, lexical): out-of-fold logits
   by 5-fold cross-validation grouped by product, then a fit on everything.
3. Decision models on the out-of-fold rankings of the real pages, plus hard
   negatives: each answerable page again with its relevant passages taken
   out (same product, same topic, nothing that answers); plus the pages of
   ``hetpqa_answers_train.tsv`` (``devdata.load_answer_pages``: other
   products, and the development products, in their products' folds; never
   a blind product or question).
4. Per-language calibration (German, Japanese): Platt scaling of the lexical
   decision logit on that language's development questions.
5. Per-language thresholds: on each language's grouped k-fold outcomes,
   among those with precision >= 0.70 at coverage >= 0.50, the one of best
   decision accuracy (``quality.choose_threshold``).

A page whose top passage is wrong although another passage answers weighs
``AMBIGUOUS_WEIGHT`` in the decision models: both decisions are wrong there.

The fitting by folds is in ``folds.py``; its ``cross_validate`` gives the
grouped k-fold outcomes that ``evaluate`` reports beside the blind splits
(association tables, rankers and decision models all refitted without the
held-out fold).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .folds import Sample

HERE = Path(__file__).resolve()


def _statistics(pages_terms) -> object:
    from . import bm25
    from .tokenize import document_length

    stats = bm25.Statistics()
    for terms in pages_terms:
        stats.add(terms, document_length(terms))
    return stats


def _meta(question: str, ranking) -> dict:
    """What a sample keeps of its ranking: texts and sources, and (English) the words the
    association pairs (``association.py``)."""
    from . import association

    meta = {
        "question": question,
        "texts": [s.passage.text for s in ranking.ranked],
        "sources": [s.passage.source for s in ranking.ranked],
    }
    if ranking.language == "en":
        meta["question_keys"] = association.question_keys(ranking.query)
        meta["passage_keys"] = [association.passage_keys(s.passage.source, s.passage.text) for s in ranking.ranked]
    return meta


def build_samples(questions: list[dict], *, semantic: bool = True, extra: bool = True) -> list[Sample]:
    """Samples of the given questions: their real page ("page"), the page
    without its relevant passages ("hard_negative", answerable ones with two
    passages left), and, for hetPQA, the page with OSP/CQA/review passages
    ("training_page")."""
    from . import index
    from .answer import prepare_page, rank_parts
    from .devdata import page_and_labels
    from .folds import Sample

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
                meta=_meta(q["question"], ranking),
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
                    meta=_meta(q["question"], r),
                )
            )
    return samples


def train(data_dir: Path | None = None) -> tuple[object, dict]:
    """Fit every model on the development split; returns (Models, grouped k-fold outcomes per language)."""
    from . import association, devdata, folds
    from .model import Models

    english, _blind = devdata.split(devdata.load_english(data_dir))
    samples = build_samples(english)
    extra = build_samples(
        devdata.load_answer_pages(data_dir) + devdata.load_answer_pages(data_dir, products="development")
    )
    for sample in extra:
        sample.kind = "extra_" + sample.kind
    samples += extra
    all_counts = folds.fold_counts(samples)
    rankers, decisions, outcomes = {}, {}, {}
    for method, semantic in (("semantic", True), ("lexical", False)):
        # The extra pages train the English semantic decision only: the lexical one also
        # decides German and Japanese, whose cross-validated accuracy they lowered.
        used = samples if semantic else [s for s in samples if not s.kind.startswith("extra_")]
        counts = all_counts if semantic else None
        rankers[method] = folds.fit_ranker(folds.associated(used, counts, folds.own_fold), semantic=semantic)
        rows = folds.out_of_fold(used, counts, semantic=semantic)
        decisions[method] = folds.fit_decision(used, rows, range(len(used)))
        outcomes[f"en-{method}"] = folds.cross_validate(used, counts, semantic=semantic)
    calibration = {}
    for language in ("de", "ja"):
        if not (devdata.HERE / f"{language}.json").exists():
            continue
        written, _blind = devdata.split(devdata.load_written(language))
        language_samples = build_samples(written, semantic=False, extra=False)
        calibration[language], outcomes[language] = folds.calibrate_language(
            language_samples, rankers["lexical"], decisions["lexical"]
        )
    from .engine import DEFAULT_THRESHOLD
    from .quality import choose_threshold

    keys = {"en-semantic": "en", "en-lexical": "en-lexical", "de": "de", "ja": "ja"}
    thresholds = {keys[name]: choose_threshold(rows, DEFAULT_THRESHOLD) for name, rows in outcomes.items()}
    meta = {
        "trained_on": "development split of ../shared/data/product_qa and devdata/{de,ja}.json",
        "english_questions": len(english),
        "extra_decision_questions": sum(1 for s in samples if s.kind == "extra_page"),
    }
    models = Models(
        rankers=rankers,
        decisions=decisions,
        calibration=calibration,
        meta=meta,
        thresholds=thresholds,
        association=association.table(folds.total(all_counts)),
    )
    return models, outcomes


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
