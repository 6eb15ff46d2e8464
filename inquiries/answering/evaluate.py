"""Figures of the engine: grouped k-fold on the development split and the
blind split, per language.

    python -m inquiries.answering.evaluate [--threshold P] [--export-jsonl FILE [--blind]]

- ``cross_validated``: the models refitted 5 times, each time without one
  fold of product groups, and applied to that fold (``folds.cross_validate``:
  rankers, decision models and the German/Japanese calibration alike);
- ``blind``: the shipped models (``models.json``) on the held-out questions
  of ``devdata/blind_split.txt``, asked through ``answer.answer_page``
  exactly as ``answer_questions`` asks them (IDF over the evaluated pages,
  multi-part questions split). Those questions were never used for fitting
  or for choosing anything; their errors are not looked at.
- ``blind2``: the same on the second blind split (``devdata/blind_split2.txt``:
  questions of ``hetpqa_answers_train.tsv`` on the first split's products,
  never trained or tuned on; weak labels: only the question's own passages
  count as relevant);
- ``nonempty``: the same without hetPQA questions that have no detail-page
  candidate at all (always escalated, and trivially right);
- ``nested_threshold`` (cross-validated only): each fold decided at the
  threshold chosen on the other folds, so that choosing the per-language
  threshold is cross-validated as well.

Each language is read at its own threshold (``models.json``, chosen by
``train``) unless ``--threshold`` or ``ANSWERING_THRESHOLD`` sets one for all.

Figures are defined in ``quality.py``. ``--export-jsonl`` writes questions
as ``answer_questions`` input (with ``--blind``, the blind ones).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve()


def blind_outcomes(questions: list[dict], cutoff: float) -> list:
    """Outcomes of the shipped engine on ``questions`` (one language at a time)."""
    from . import index
    from .answer import answer_page, local_statistics
    from .devdata import page_and_labels
    from .engine import passage_terms
    from .passages import extract_passages
    from .quality import Outcome

    pages = [page_and_labels(q) for q in questions]
    seen, terms = set(), []
    for q, (page, _labels) in zip(questions, pages):
        key = json.dumps(page, sort_keys=True, ensure_ascii=False)
        if key not in seen:
            seen.add(key)
            terms += passage_terms(extract_passages(page, q["language"]), q["language"])
    statistics = local_statistics(terms)
    outcomes = []
    for q, (page, labels) in zip(questions, pages):
        result = answer_page(
            page=page,
            question=q["question"],
            language=q["language"],
            statistics_for=lambda _language, _terms: statistics,
            vectors_for=index.vectors,
            encode=index.vectors,
            cutoff=cutoff,
        )
        top = result["evidence"][0]["text"] if result["evidence"] else None
        outcomes.append(
            Outcome(
                q["id"],
                q["group"],
                q["language"],
                answerable=any(labels.values()),
                has_page=bool(result["evidence"]),
                top_correct=bool(top and labels.get(top)),
                probability=result["confidence"]
                if result["decision"] == "answer"
                else min(result["confidence"], cutoff - 1e-9),
            )
        )
    return outcomes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--export-jsonl", type=Path)
    parser.add_argument("--blind", action="store_true", help="with --export-jsonl: the blind questions")
    parser.add_argument("--no-cv", action="store_true", help="blind figures only")
    args = parser.parse_args(argv)
    from .train import setup_django

    setup_django()
    from . import devdata
    from .devdata import page_and_labels
    from .engine import DEFAULT_THRESHOLD, semantic_enabled, threshold
    from .quality import curve, metrics, nested_threshold

    def cutoff_for(language: str, method: str) -> float:
        return threshold(language, method) if args.threshold is None else args.threshold

    english = devdata.load_english(args.data)
    languages = {
        "en": devdata.split(english),
        "de": devdata.split(devdata.load_written("de")),
        "ja": devdata.split(devdata.load_written("ja")),
    }
    if args.export_jsonl:
        marketplace = {"en": "US", "de": "DE", "ja": "JP"}
        with open(args.export_jsonl, "w", encoding="utf-8") as out:
            for language, (development, blind) in languages.items():
                for q in blind if args.blind else development:
                    page, _labels = page_and_labels(q)
                    out.write(
                        json.dumps(
                            {
                                "id": q["id"],
                                "marketplace": marketplace[language],
                                "question": q["question"],
                                "product": page,
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
        print(f"wrote {args.export_jsonl}")
        return 0
    report: dict = {"threshold": {}, "cross_validated": {}, "blind": {}, "blind2": {}}
    if not args.no_cv:
        from .train import train

        models, folds = train(args.data)
        for name, outcomes in folds.items():
            language, _, method = name.partition("-")
            # The thresholds of the models just fitted (what `train` would write).
            cutoff = (
                args.threshold if args.threshold is not None else models.threshold(language, method, DEFAULT_THRESHOLD)
            )
            report["cross_validated"][name] = {
                "threshold": cutoff,
                "all": metrics(outcomes, cutoff),
                "nonempty": metrics([o for o in outcomes if o.has_page], cutoff),
                "nested_threshold": metrics(nested_threshold(outcomes, DEFAULT_THRESHOLD), 0.5),
            }
        report["cross_validated"]["en-semantic"]["curve"] = curve(folds["en-semantic"])
    for language, (_development, blind) in languages.items():
        cutoff = cutoff_for(language, "semantic" if semantic_enabled(language) else "lexical")
        report["threshold"][language] = cutoff
        outcomes = blind_outcomes(blind, cutoff)
        report["blind"][language] = {
            "all": metrics(outcomes, cutoff),
            "nonempty": metrics([o for o in outcomes if o.has_page], cutoff),
        }
    second = devdata.blind_ids(devdata.BLIND2_FILE)
    questions = [q for q in devdata.load_answer_pages(args.data, products="blind") if q["id"] in second]
    outcomes = blind_outcomes(questions, report["threshold"]["en"])
    report["blind2"]["en"] = {
        "all": metrics(outcomes, report["threshold"]["en"]),
        "nonempty": metrics([o for o in outcomes if o.has_page], report["threshold"]["en"]),
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
