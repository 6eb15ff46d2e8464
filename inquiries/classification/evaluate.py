"""How good the classifier is, honestly measured.

    python -m inquiries.classification.evaluate [--cv] [--blind] [--folds 5] [--set FILE.jsonl]

- ``--cv``: grouped, stratified k-fold cross-validation on the training set
  (no fold tests a phrase it was trained on; the committed model's
  calibration and unsure threshold are applied to the out-of-fold scores).
- ``--blind``: the committed model on the blind split, written before the
  training data and never used for tuning. Only the figures are printed,
  never the misclassified contacts.
- ``--set``: the committed model on any labelled JSON Lines file
  ("text", "reason", optional "language", "marketplace"), with its errors.

Both are reported overall, per language and per reason, with the confusion
matrix (docs/intake.md quotes them)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from .metrics import Report

HERE = Path(__file__).parent
BLIND_SET = HERE / "data" / "blind" / "blind.jsonl"


def read_labelled(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def evaluate_file(path: Path, *, title: str) -> tuple[Report, list[tuple]]:
    """The committed model on a labelled file: the report and the errors."""
    from .classifier import classify_many

    rows = read_labelled(path)
    results = classify_many([row["text"] for row in rows], marketplaces=[row.get("marketplace") for row in rows])
    report = Report(
        title=title,
        truth=[row["reason"] for row in rows],
        predicted=[r.reason for r in results],
        languages=[row.get("language") or r.language for row, r in zip(rows, results)],
        unsure=[r.unsure for r in results],
    )
    errors = [
        (row.get("id"), row["reason"], r.reason, r.confidence, row["text"])
        for row, r in zip(rows, results)
        if r.reason != row["reason"]
    ]
    return report, errors


def cross_validate(*, folds: int) -> Report:
    from .features import featurise
    from .model import get_model, softmax
    from .train import TRAINING_SET, cached_embeddings, decide, out_of_fold_logits, read_examples

    examples = read_examples(TRAINING_SET)
    features = featurise(examples.texts, embeddings=cached_embeddings(examples.texts))
    logits, labels = out_of_fold_logits(examples, features, folds=folds)
    model = get_model()
    reasons, confidence = decide(softmax(logits / model.temperature + model.offsets), labels, model.unsure_below)
    return Report(
        title=f"{folds}-fold cross-validation (grouped by phrase), {len(reasons)} training contacts",
        truth=examples.labels.tolist(),
        predicted=reasons,
        languages=examples.languages.tolist(),
        unsure=(confidence < model.unsure_below).tolist(),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Cross-validated and blind figures of the contact classifier.")
    parser.add_argument("--cv", action="store_true", help="k-fold cross-validation on the training set")
    parser.add_argument("--blind", action="store_true", help="the blind split (figures only)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--set", type=Path, help="another labelled file, errors listed")
    arguments = parser.parse_args(argv)
    if not (arguments.cv or arguments.blind or arguments.set):
        arguments.cv = arguments.blind = True
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")
    import django

    django.setup()
    np.set_printoptions(precision=3)
    if arguments.blind:
        report, _ = evaluate_file(BLIND_SET, title=f"blind split ({BLIND_SET.name})")
        print("\n".join(report.lines()))
    if arguments.cv:
        print("\n".join(cross_validate(folds=arguments.folds).lines()))
    if arguments.set:
        report, errors = evaluate_file(arguments.set, title=str(arguments.set))
        print("\n".join(report.lines()))
        print("  errors (id, expected, got, confidence, text):")
        for error in errors:
            print("   ", *error)


if __name__ == "__main__":
    main()
