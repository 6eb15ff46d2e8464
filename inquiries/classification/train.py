"""Trains the contact classifier and writes ``classifier.npz``.

    python -m inquiries.classification.train [--corrections FILE.jsonl ...]

Two logistic regressions (scikit-learn) over the features of
``features.py``: the n-gram model (hashed n-grams and words) and the full
model (the same and the sentence embedding). Grouped, stratified k-fold
cross-validation gives out-of-fold scores of both, from which each model's
calibration temperature and out-of-scope offset, the unsure threshold and the
cascade's confidence bar are chosen; then both are fitted on all examples.
The blind split is never read here.
Sentence embeddings of training texts are cached under ``var/cache/``."""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from csba import clock

from .calibration import (
    MAX_CASCADE_COST,
    calibrate,
    cascade,
    cascade_cost,
    choose_confident,
    choose_threshold,
    decide,
)
from .features import ENCODER_LAYERS, HASHED_DIMENSION, Featurised, embed, featurise, normalise
from .metrics import Report
from .model import MODEL_FILE, Cascade, LinearModel, softmax

HERE = Path(__file__).parent
TRAINING_SET = HERE / "data" / "training.jsonl"
CACHE = HERE.parent.parent / "var" / "cache" / f"classification-embeddings-{ENCODER_LAYERS}-layers.npz"
# Chosen by cross-validation (see docs/intake.md), never on the blind split.
REGULARISATION = 10.0
EMBEDDING_WEIGHT = 1.0
FOLDS = 5
SEED = 14


@dataclass(frozen=True)
class Examples:
    texts: list[str]
    labels: np.ndarray  # label strings
    languages: np.ndarray
    groups: np.ndarray

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for text, label in zip(self.texts, self.labels):
            digest.update(f"{label}\t{text}\n".encode())
        return digest.hexdigest()[:16]


def read_examples(*paths: Path) -> Examples:
    rows = []
    for path in paths:
        with Path(path).open(encoding="utf-8") as lines:
            rows += [json.loads(line) for line in lines if line.strip()]
    return Examples(
        texts=[row["text"] for row in rows],
        labels=np.array([row["reason"] for row in rows]),
        languages=np.array([row.get("language", "?") for row in rows]),
        groups=np.array([row.get("group") or row.get("id") or str(number) for number, row in enumerate(rows)]),
    )


def cached_embeddings(texts: list[str], cache: Path = CACHE) -> np.ndarray:
    """Embeddings of the (normalised) texts, computing only those not cached."""
    keys = [hashlib.sha1(normalise(text).encode("utf-8")).hexdigest() for text in texts]
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"]))
    missing = sorted({key for key in keys if key not in known})
    if missing:
        by_key = {key: normalise(text) for key, text in zip(keys, texts)}
        vectors = embed([by_key[key] for key in missing])
        known.update(zip(missing, vectors))
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, keys=np.array(list(known)), vectors=np.array(list(known.values()), dtype=np.float32))
    return np.array([known[key] for key in keys], dtype=np.float32).reshape(len(texts), -1)


def design_matrix(features: Featurised, *, embeddings: bool = True, embedding_weight: float = EMBEDDING_WEIGHT):
    """One sparse row per contact: hashed columns, then (``embeddings``) the sentence embedding."""
    from scipy import sparse

    rows, columns, values = [], [], []
    for number, (hashed_columns, hashed_values) in enumerate(features.hashed):
        rows.append(np.full(len(hashed_columns), number, dtype=np.int32))
        columns.append(hashed_columns)
        values.append(hashed_values)
    hashed = sparse.csr_matrix(
        (
            np.concatenate(values) if values else [],
            (np.concatenate(rows) if rows else [], np.concatenate(columns) if columns else []),
        ),
        shape=(len(features.hashed), HASHED_DIMENSION),
        dtype=np.float32,
    )
    if not embeddings:
        return hashed
    assert features.embeddings is not None
    return sparse.hstack([hashed, sparse.csr_matrix(features.embeddings * embedding_weight)], format="csr")


def fit(
    features: Featurised,
    labels: np.ndarray,
    *,
    embeddings: bool = True,
    regularisation: float = REGULARISATION,
    embedding_weight: float = EMBEDDING_WEIGHT,
) -> LinearModel:
    """The full model (n-grams and embedding), or with ``embeddings=False`` the n-gram model."""
    from sklearn.linear_model import LogisticRegression

    matrix = design_matrix(features, embeddings=embeddings, embedding_weight=embedding_weight)
    fitted = LogisticRegression(C=regularisation, max_iter=1000, tol=1e-3).fit(matrix, labels)
    coef = fitted.coef_.T.astype(np.float32)  # (features, labels)
    hashed = coef[:HASHED_DIMENSION]
    columns = np.flatnonzero(np.abs(hashed).max(axis=1) > 1e-4).astype(np.int32)
    return LinearModel(
        labels=tuple(str(label) for label in fitted.classes_),
        columns=columns,
        hashed_weights=hashed[columns],
        embedding_weights=coef[HASHED_DIMENSION:] * embedding_weight if embeddings else None,
        bias=fitted.intercept_.astype(np.float32),
    )


def out_of_fold_logits(
    examples: Examples, features: Featurised, *, folds: int = FOLDS, **options
) -> tuple[np.ndarray, tuple]:
    """Scores of every example from a model that did not train on its group."""
    from sklearn.model_selection import StratifiedGroupKFold

    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
    labels = tuple(sorted(set(examples.labels.tolist())))
    logits = np.zeros((len(examples.texts), len(labels)), dtype=np.float32)
    for train_index, test_index in splitter.split(examples.texts, examples.labels, examples.groups):
        model = fit(features.subset(train_index), examples.labels[train_index], **options)
        assert model.labels == labels
        logits[test_index] = model.logits(features.subset(test_index))
    return logits, labels


@dataclass
class Calibration:
    """How the cascade decides, chosen on out-of-fold scores: each model's
    temperature and out-of-scope offsets, the unsure threshold, the cascade's bar."""

    fast_temperature: float
    fast_offsets: np.ndarray
    full_temperature: float
    full_offsets: np.ndarray
    unsure_below: float
    confident: float
    source: str  # "cross-validated", or the fingerprint of the data it was chosen on

    @classmethod
    def of(cls, model: Cascade) -> Calibration:
        meta = model.meta or {}
        return cls(
            model.fast.temperature,
            model.fast.offsets,
            model.full.temperature,
            model.full.offsets,
            round(model.unsure_below, 4),  # stored as float32
            round(model.confident, 4),
            source=meta.get("calibrated_on") or meta.get("fingerprint", "?"),
        )


def cross_validated_calibration(examples: Examples, features: Featurised, *, folds: int, log=print) -> Calibration:
    log(f"{folds}-fold cross-validation of both models for calibration ...")
    fast_logits, labels = out_of_fold_logits(examples, features, folds=folds, embeddings=False)
    full_logits, _ = out_of_fold_logits(examples, features, folds=folds)
    fast_temperature, fast_offsets = calibrate(fast_logits, labels, examples.labels)
    full_temperature, full_offsets = calibrate(full_logits, labels, examples.labels)
    fast = softmax(fast_logits / fast_temperature + fast_offsets)
    full = softmax(full_logits / full_temperature + full_offsets)
    unsure_below = choose_threshold(full, labels, examples.labels)
    confident = choose_confident(fast, full, labels, examples.labels, unsure_below)
    for bar, share, figures in cascade_cost(fast, full, labels, examples.labels, unsure_below):
        log(
            f"  n-grams decide at >= {bar}: encoder for {share:.1%}, reason {figures.reason_accuracy:.2%}, "
            f"route {figures.route_accuracy:.2%}, out-of-scope kept {figures.out_of_scope_kept:.2%}"
        )
    probabilities, _ = cascade(fast, full, confident)
    log("\n".join(oof_report(examples, probabilities, labels, unsure_below, folds=folds).lines()))
    return Calibration(
        fast_temperature,
        fast_offsets,
        full_temperature,
        full_offsets,
        unsure_below,
        confident,
        source=examples.fingerprint(),
    )


def train(
    paths: list[Path],
    *,
    output: Path = MODEL_FILE,
    folds: int = FOLDS,
    keep_calibration: Cascade | None = None,
    log=print,
) -> Cascade:
    """Both models fitted on the examples, calibrated by cross-validation; or,
    with ``keep_calibration``, with that model's calibration (for a small
    addition such as agents' corrections, where the cross-validation's
    40 minutes on shared cores buy little: the figures are those of the run
    that chose it, ``meta["calibrated_on"]``)."""
    examples = read_examples(*paths)
    log(f"{len(examples.texts)} examples; embedding (cached under {CACHE.parent}) ...")
    features = featurise(examples.texts, embeddings=cached_embeddings(examples.texts))
    if keep_calibration is None:
        chosen = cross_validated_calibration(examples, features, folds=folds, log=log)
    else:
        chosen = Calibration.of(keep_calibration)
        log(f"calibration kept from the model calibrated on data {chosen.source} (no cross-validation)")
    log(
        f"temperatures {chosen.fast_temperature:.3f} / {chosen.full_temperature:.3f}, out-of-scope offsets "
        f"{chosen.fast_offsets.max():.1f} / {chosen.full_offsets.max():.1f}, unsure below {chosen.unsure_below}, "
        f"n-grams decide at >= {chosen.confident}; fitting on all examples ..."
    )
    model = Cascade(
        fast=fit(features, examples.labels, embeddings=False),
        full=fit(features, examples.labels),
        confident=chosen.confident,
        unsure_below=chosen.unsure_below,
    )
    model.fast.temperature, model.fast.offsets = chosen.fast_temperature, chosen.fast_offsets
    model.full.temperature, model.full.offsets = chosen.full_temperature, chosen.full_offsets
    assert features.embeddings is not None
    model.meta = {
        "trained_on": [str(Path(path).name) for path in paths],
        "examples": len(examples.texts),
        "fingerprint": examples.fingerprint(),
        "calibrated_on": chosen.source,
        "regularisation": REGULARISATION,
        "embedding_weight": EMBEDDING_WEIGHT,
        "embeddings": bool(np.abs(features.embeddings).sum() > 0),
        "encoder_layers": ENCODER_LAYERS,
        "max_cascade_cost": MAX_CASCADE_COST,
        "trained_at": clock.now().date().isoformat(),
    }
    model.save(output)
    log(
        f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB, "
        f"{len(model.fast.columns)} / {len(model.full.columns)} hashed columns)"
    )
    return model


def oof_report(examples: Examples, probabilities: np.ndarray, labels: tuple, unsure_below: float, *, folds: int):
    """The figures of out-of-fold decisions."""
    reasons, confidence = decide(probabilities, labels, unsure_below)
    return Report(
        title=f"{folds}-fold cross-validation (grouped by phrase), {len(reasons)} training contacts",
        truth=examples.labels.tolist(),
        predicted=reasons,
        languages=examples.languages.tolist(),
        unsure=(confidence < unsure_below).tolist(),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--corrections",
        type=Path,
        nargs="*",
        default=[],
        help="agents' corrections exported by `manage.py export_corrections`, folded into training",
    )
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    parser.add_argument(
        "--keep-calibration",
        action="store_true",
        help="keep the committed model's calibration instead of cross-validating (small additions only)",
    )
    arguments = parser.parse_args(argv)
    import django

    django.setup()
    from .model import get_model

    kept = get_model() if arguments.keep_calibration else None
    train([TRAINING_SET, *arguments.corrections], output=arguments.output, keep_calibration=kept)


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")
    main()
