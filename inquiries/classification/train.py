"""Trains the contact classifier and writes ``classifier.npz``.

    python -m inquiries.classification.train [--corrections FILE.jsonl ...]

Logistic regression (scikit-learn) over the features of ``features.py``.
Grouped, stratified k-fold cross-validation gives out-of-fold scores, from
which the calibration temperature and the unsure threshold are chosen; then
the model is fitted on all examples. The blind split is never read here.
Sentence embeddings of training texts are cached under ``var/cache/``."""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from csba import clock

from .features import ENCODER_LAYERS, HASHED_DIMENSION, Featurised, embed, featurise, normalise
from .metrics import Report
from .model import MODEL_FILE, LinearModel, softmax

HERE = Path(__file__).parent
TRAINING_SET = HERE / "data" / "training.jsonl"
CACHE = HERE.parent.parent / "var" / "cache" / f"classification-embeddings-{ENCODER_LAYERS}-layers.npz"
UNSURE_REASON = "other"
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


def design_matrix(features: Featurised, *, embedding_weight: float = EMBEDDING_WEIGHT):
    """One sparse row per contact: hashed columns, then the embedding."""
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
    return sparse.hstack([hashed, sparse.csr_matrix(features.embeddings * embedding_weight)], format="csr")


def fit(
    features: Featurised,
    labels: np.ndarray,
    *,
    regularisation: float = REGULARISATION,
    embedding_weight: float = EMBEDDING_WEIGHT,
) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    matrix = design_matrix(features, embedding_weight=embedding_weight)
    fitted = LogisticRegression(C=regularisation, max_iter=1000, tol=1e-3).fit(matrix, labels)
    coef = fitted.coef_.T.astype(np.float32)  # (features, labels)
    hashed, embedding = coef[:HASHED_DIMENSION], coef[HASHED_DIMENSION:] * embedding_weight
    columns = np.flatnonzero(np.abs(hashed).max(axis=1) > 1e-4).astype(np.int32)
    return LinearModel(
        labels=tuple(str(label) for label in fitted.classes_),
        columns=columns,
        hashed_weights=hashed[columns],
        embedding_weights=embedding,
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
        model = fit(subset(features, train_index), examples.labels[train_index], **options)
        assert model.labels == labels
        logits[test_index] = model.logits(subset(features, test_index))
    return logits, labels


def subset(features: Featurised, index: np.ndarray) -> Featurised:
    return Featurised(hashed=[features.hashed[i] for i in index], embeddings=features.embeddings[index])


def fit_temperature(logits: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that minimises the log loss of the out-of-fold scores."""
    candidates = np.exp(np.linspace(np.log(0.2), np.log(5.0), 81))
    losses = [-np.log(softmax(logits / t)[np.arange(len(truth)), truth] + 1e-12).mean() for t in candidates]
    return float(candidates[int(np.argmin(losses))])


def decide(probabilities: np.ndarray, labels: tuple, unsure_below: float) -> tuple[list[str], np.ndarray]:
    """The reason of each row, ``other`` (unsure) where the best is below the threshold."""
    best = probabilities.argmax(axis=1)
    confidence = probabilities[np.arange(len(best)), best]
    reasons = [UNSURE_REASON if value < unsure_below else labels[index] for index, value in zip(best, confidence)]
    return reasons, confidence


def decision_score(reasons: list[str], truth_labels: np.ndarray) -> float:
    """What a decision rule is chosen for: reasons and routes right, and few
    out-of-scope contacts kept by CSBA (they weigh double: CSBA would bill
    and answer what the seller or marketplace support must)."""
    from ..reasons import Route, route_for_reason

    truth_routes = np.array([route_for_reason(label) for label in truth_labels])
    routes = np.array([route_for_reason(reason) for reason in reasons])
    out_of_scope = truth_routes != Route.CSBA
    kept = float(np.mean(routes[out_of_scope] == Route.CSBA)) if out_of_scope.any() else 0.0
    return float(np.mean(np.array(reasons) == truth_labels)) + float(np.mean(routes == truth_routes)) - 2 * kept


def choose_threshold(probabilities: np.ndarray, labels: tuple, truth_labels: np.ndarray) -> float:
    """The unsure threshold that scores best (``decision_score``)."""
    scored = [
        (decision_score(decide(probabilities, labels, threshold)[0], truth_labels), -threshold)
        for threshold in np.arange(0.0, 0.61, 0.025)
    ]
    return round(-max(scored)[1], 3)


def choose_offsets(log_probabilities: np.ndarray, labels: tuple, truth_labels: np.ndarray) -> np.ndarray:
    """One offset for the out-of-scope reasons' log-probabilities, the one
    that scores best (``decision_score``) on out-of-fold scores."""
    from ..reasons import Route, route_for_reason

    out_of_scope = np.array([route_for_reason(label) != Route.CSBA for label in labels], dtype=np.float32)
    scored = []
    for offset in np.arange(0.0, 2.01, 0.1):
        reasons, _ = decide(softmax(log_probabilities + offset * out_of_scope), labels, 0.0)
        scored.append((decision_score(reasons, truth_labels), -offset))
    return (-max(scored)[1] * out_of_scope).astype(np.float32)


def train(paths: list[Path], *, output: Path = MODEL_FILE, folds: int = FOLDS, log=print) -> LinearModel:
    examples = read_examples(*paths)
    log(f"{len(examples.texts)} examples; embedding (cached under {CACHE.parent}) ...")
    features = featurise(examples.texts, embeddings=cached_embeddings(examples.texts))
    log(f"{folds}-fold cross-validation for calibration ...")
    logits, labels = out_of_fold_logits(examples, features, folds=folds)
    truth = np.array([labels.index(label) for label in examples.labels])
    temperature = fit_temperature(logits, truth)
    offsets = choose_offsets(logits / temperature, labels, examples.labels)
    unsure_below = choose_threshold(softmax(logits / temperature + offsets), labels, examples.labels)
    log(
        f"temperature {temperature:.3f}, out-of-scope offset {offsets.max():.1f}, unsure below {unsure_below}; "
        "fitting on all examples ..."
    )
    reasons, confidence = decide(softmax(logits / temperature + offsets), labels, unsure_below)
    report = Report(
        title=f"{folds}-fold cross-validation (grouped by phrase), calibrated",
        truth=examples.labels.tolist(),
        predicted=reasons,
        languages=examples.languages.tolist(),
        unsure=(confidence < unsure_below).tolist(),
    )
    log("\n".join(report.lines()))
    model = fit(features, examples.labels)
    model.temperature, model.unsure_below, model.offsets = temperature, unsure_below, offsets
    model.meta = {
        "trained_on": [str(Path(path).name) for path in paths],
        "examples": len(examples.texts),
        "fingerprint": examples.fingerprint(),
        "regularisation": REGULARISATION,
        "embedding_weight": EMBEDDING_WEIGHT,
        "embeddings": bool(np.abs(features.embeddings).sum() > 0),
        "encoder_layers": ENCODER_LAYERS,
        "trained_at": clock.now().date().isoformat(),
    }
    model.save(output)
    log(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB, {len(model.columns)} hashed columns)")
    return model


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
    arguments = parser.parse_args(argv)
    import django

    django.setup()
    train([TRAINING_SET, *arguments.corrections], output=arguments.output)


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")
    main()
