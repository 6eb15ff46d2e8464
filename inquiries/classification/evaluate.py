"""How good the classifier is, honestly measured.

    python -m inquiries.classification.evaluate [--cv] [--blind] [--folds 5] [--set FILE.jsonl]

- ``--cv``: grouped, stratified k-fold cross-validation on the training set
  (no fold tests a phrase it was trained on; the committed models'
  calibration, unsure threshold and cascade bar are applied to the
  out-of-fold scores of both models).
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
    """Out-of-fold decisions of the cascade with the committed model's
    calibration, unsure threshold and cascade bar; the n-gram model alone,
    the full model alone and the encoder's share are printed beside it."""
    from .calibration import cascade, decide
    from .features import featurise
    from .metrics import score
    from .model import get_model, softmax
    from .train import TRAINING_SET, cached_embeddings, oof_report, out_of_fold_logits, read_examples

    examples = read_examples(TRAINING_SET)
    features = featurise(examples.texts, embeddings=cached_embeddings(examples.texts))
    model = get_model()
    fast_logits, labels = out_of_fold_logits(examples, features, folds=folds, embeddings=False)
    full_logits, _ = out_of_fold_logits(examples, features, folds=folds)
    fast = softmax(fast_logits / model.fast.temperature + model.fast.offsets)
    full = softmax(full_logits / model.full.temperature + model.full.offsets)
    probabilities, encoded = cascade(fast, full, model.confident)
    truth = examples.labels.tolist()
    for name, alone in (("n-gram model alone", fast), ("full model alone", full)):
        figures = score(truth, decide(alone, labels, model.unsure_below)[0])
        print(
            f"  {name}: route {figures.route_accuracy:.1%}, out-of-scope kept {figures.out_of_scope_kept:.1%}, "
            f"reason {figures.reason_accuracy:.1%}"
        )
    print(f"  cascade (n-grams decide at >= {model.confident}): the encoder ran for {encoded.mean():.1%}")
    return oof_report(examples, probabilities, labels, model.unsure_below, folds=folds)


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
