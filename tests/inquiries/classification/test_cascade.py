"""The cascade: the n-gram model decides alone where it is confident; the
sentence encoder runs only for the rest."""

import numpy as np
import pytest

from inquiries.classification import classify, classify_many
from inquiries.classification import features as features_module
from inquiries.classification.calibration import MAX_CASCADE_COST, cascade, choose_confident
from inquiries.classification.model import get_model


@pytest.fixture
def bar():
    """Set the cascade's bar for one test."""
    model = get_model()
    saved = model.confident

    def set_bar(value):
        model.confident = value

    yield set_bar
    model.confident = saved


@pytest.fixture
def encoder_calls(monkeypatch):
    calls = []
    real = features_module.embed

    def counting(texts, **kwargs):
        calls.append(list(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(features_module, "embed", counting)
    return calls


def test_a_confident_n_gram_model_decides_without_the_encoder(bar, encoder_calls):
    # given a bar every contact reaches
    bar(0.0)
    # when
    results = classify_many(["where is my order", "Passwort vergessen", "返品したい"])
    # then no text was encoded, and each result says the n-gram model decided
    assert encoder_calls == []
    assert [r.reason for r in results] == ["where_is_my_order", "account", "return_request"]
    assert {r.decided_by for r in results} == {"ngrams"}


def test_contacts_below_the_bar_go_through_the_encoder_and_only_those(bar, encoder_calls):
    # given the committed bar, one contact the n-gram model is sure of and one it cannot be sure of
    model = get_model()
    texts = ["I forgot my password and cannot log in", "hmm"]
    fast = model.fast.probabilities(features_module.featurise(texts, embedded=False)).max(axis=1)
    assert fast[0] >= model.confident > fast[1]
    # when
    sure, unsure = classify_many(texts)
    # then only the second was encoded
    assert encoder_calls == [["hmm"]]
    assert (sure.decided_by, unsure.decided_by) == ("ngrams", "encoder")


def test_a_bar_above_one_sends_everything_through_the_encoder(bar, encoder_calls):
    bar(1.01)
    results = classify_many(["where is my order", "do you ship to Canada?"])
    assert len(encoder_calls) == 1 and len(encoder_calls[0]) == 2
    assert {r.decided_by for r in results} == {"encoder"}
    assert classify("do you ship to Canada?").reason == "pre_order"


def test_the_bar_is_the_lowest_that_costs_at_most_the_allowed_fraction():
    # given out-of-fold probabilities where the n-gram model is wrong when below 0.9 and right above
    labels = ("account", "where_is_my_order")
    truth = np.array(["account"] * 6 + ["where_is_my_order"] * 4)
    full = np.array([[0.9, 0.1]] * 6 + [[0.1, 0.9]] * 4)
    fast = np.array([[0.95, 0.05]] * 6 + [[0.85, 0.15]] * 4)  # the last four wrong, at 0.85
    # when
    confident = choose_confident(fast, full, labels, truth, unsure_below=0.0)
    # then the bar leaves the 0.85 rows to the full model, and the cascade is as good as it
    assert 0.85 < confident <= 0.95
    probabilities, encoded = cascade(fast, full, confident)
    assert encoded.tolist() == [False] * 6 + [True] * 4
    assert (probabilities.argmax(axis=1) == full.argmax(axis=1)).all()
    assert MAX_CASCADE_COST < 0.01
