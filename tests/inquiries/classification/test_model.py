"""The training data, the training pipeline and the committed model file."""

import json
from collections import Counter

import numpy as np
import pytest

from inquiries.classification import REASONS
from inquiries.classification.evaluate import BLIND_SET, evaluate_file, read_labelled
from inquiries.classification.features import ENCODER_LAYERS, featurise, hashed, normalise
from inquiries.classification.model import MODEL_FILE, LinearModel, get_model
from inquiries.classification.train import TRAINING_SET, choose_threshold, fit, fit_temperature, read_examples


def test_the_training_set_covers_every_reason_in_every_language():
    rows = read_labelled(TRAINING_SET)
    assert len(rows) >= 3000
    counts = Counter((row["language"], row["reason"]) for row in rows)
    for language in ("en", "de", "ja"):
        for reason in REASONS:
            assert counts[(language, reason)] >= 100, (language, reason)
    assert all(row["source"] for row in rows)


def test_the_blind_split_is_separate_from_the_training_set():
    blind = read_labelled(BLIND_SET)
    assert len(blind) >= 600
    assert {row["reason"] for row in blind} == set(REASONS)
    assert {row["language"] for row in blind} == {"en", "de", "ja"}
    training = {normalise(row["text"]) for row in read_labelled(TRAINING_SET)}
    assert not [row["text"] for row in blind if normalise(row["text"]) in training]


def test_the_committed_model_was_trained_on_the_committed_data():
    # A change of the training data without `python -m inquiries.classification.train` fails here.
    model = get_model()
    assert model.meta["fingerprint"] == read_examples(TRAINING_SET).fingerprint()
    assert model.meta["embeddings"] is True and model.meta["encoder_layers"] == ENCODER_LAYERS
    assert MODEL_FILE.stat().st_size < 8_000_000


@pytest.mark.slow
def test_the_blind_figures_stay_above_the_bar():
    # A guard against regressions, at the figures of the README (route 94.9 %, out-of-scope kept 2.3 %,
    # reason 90.2 %). Issue 14 asks for route >= 0.95: not met yet (Japanese route 89.6 %), see docs/intake.md.
    report, _ = evaluate_file(BLIND_SET, title="blind")
    overall = report.overall()
    assert overall.route_accuracy >= 0.94
    assert overall.out_of_scope_kept < 0.05
    assert overall.reason_accuracy >= 0.88


def test_hashed_features_survive_typos_and_order_numbers():
    def vector(text):
        columns, values = hashed(normalise(text))
        dense = np.zeros(1 << 19, dtype=np.float32)
        dense[columns] = values
        return dense

    right, typo, other = vector("forgot my password"), vector("forgot my pasword"), vector("where is my parcel")
    assert right @ typo > 0.6 > right @ other
    assert np.array_equal(vector("order #12345"), vector("order #99871"))


def test_training_fits_calibrates_and_round_trips(tmp_path):
    # given a small labelled set
    texts = [
        "where is my parcel",
        "my package has not arrived",
        "parcel still not here",
        "forgot my password",
        "cannot log in",
        "reset my password please",
        "cancel my order",
        "please cancel the order",
        "I want to cancel",
    ] * 3
    labels = np.array(["where_is_my_order"] * 3 + ["account"] * 3 + ["cancel_order"] * 3).repeat(1)
    labels = np.tile(labels, 3)
    features = featurise(texts)
    # when
    model = fit(features, labels, regularisation=10.0)
    model.temperature = fit_temperature(model.logits(features), np.array([model.labels.index(x) for x in labels]))
    model.unsure_below = choose_threshold(model.probabilities(features), model.labels, labels)
    model.meta = {"fingerprint": "test"}
    model.save(tmp_path / "m.npz")
    loaded = LinearModel.load(tmp_path / "m.npz")
    # then
    probabilities = loaded.probabilities(featurise(["my parcel has not arrived yet", "I forgot the password"]))
    assert [loaded.labels[i] for i in probabilities.argmax(axis=1)] == ["where_is_my_order", "account"]
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert loaded.meta == {"fingerprint": "test"} and 0.2 <= loaded.temperature <= 5.0


def test_the_generator_is_deterministic():
    from inquiries.classification.data.training.generate import generate

    first = generate({"en": 5, "de": 2, "ja": 2}, seed=3)
    assert first == generate({"en": 5, "de": 2, "ja": 2}, seed=3)
    assert json.dumps(first) != json.dumps(generate({"en": 5, "de": 2, "ja": 2}, seed=4))
