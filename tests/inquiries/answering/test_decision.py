"""The answer/escalate decision: per-language thresholds chosen on cross-validated
outcomes, the operator's override, and what the decision model is trained on."""

import numpy as np
import pytest

from inquiries.answering import model
from inquiries.answering.engine import DEFAULT_THRESHOLD, Ranking, decide, threshold
from inquiries.answering.folds import AMBIGUOUS_WEIGHT, DECISION_WEIGHTS, Sample, decision_weight
from inquiries.answering.quality import Outcome, choose_threshold, fold_of, metrics, nested_threshold


def outcome(i, *, answerable, top_correct, probability):
    return Outcome(f"q{i}", f"group-{i}", "en", answerable, True, top_correct, probability)


def test_choose_threshold_takes_the_most_accurate_one_whose_precision_meets_the_floor():
    rows = (
        # confident and right, or unanswerable and not confident: a low threshold is right here ...
        [outcome(i, answerable=True, top_correct=True, probability=0.9) for i in range(40)]
        + [outcome(100 + i, answerable=False, top_correct=False, probability=0.1) for i in range(20)]
        # ... and answerable questions with middling confidence, right 3 times in 4
        + [outcome(200 + i, answerable=True, top_correct=i % 4 != 0, probability=0.4) for i in range(40)]
    )
    chosen = choose_threshold(rows, DEFAULT_THRESHOLD)
    # Answering the middling ones gains 30 right and loses nothing (escalating them is wrong too).
    assert chosen <= 0.4
    assert metrics(rows, chosen)["decision_accuracy"] == 0.9
    assert metrics(rows, chosen)["decision_accuracy"] > metrics(rows, 0.5)["decision_accuracy"]


def test_choose_threshold_takes_the_best_accuracy_even_for_less_than_a_point_and_less_precision():
    rows = (
        [outcome(i, answerable=True, top_correct=True, probability=0.9) for i in range(250)]
        + [outcome(300 + i, answerable=True, top_correct=i < 3, probability=0.3) for i in range(4)]
        + [outcome(400 + i, answerable=False, top_correct=False, probability=0.05) for i in range(146)]
    )
    assert 0 < metrics(rows, 0.3)["decision_accuracy"] - metrics(rows, 0.35)["decision_accuracy"] < 0.01
    chosen = choose_threshold(rows, DEFAULT_THRESHOLD)
    assert 0.05 < chosen <= 0.3
    assert metrics(rows, chosen)["decision_accuracy"] == metrics(rows, 0.3)["decision_accuracy"]
    assert metrics(rows, chosen)["precision"] < metrics(rows, 0.35)["precision"] == 1.0


def test_choose_threshold_breaks_an_accuracy_tie_to_the_more_precise_threshold():
    rows = (
        [outcome(i, answerable=True, top_correct=True, probability=0.9) for i in range(70)]
        # between 0.3 and 0.5: one right answer and one wrong one (an unanswerable question)
        + [outcome(100, answerable=True, top_correct=True, probability=0.4)]
        + [outcome(101, answerable=False, top_correct=False, probability=0.4)]
        + [outcome(200 + i, answerable=False, top_correct=False, probability=0.05) for i in range(28)]
    )
    assert metrics(rows, 0.3)["decision_accuracy"] == metrics(rows, 0.5)["decision_accuracy"]
    chosen = choose_threshold(rows, DEFAULT_THRESHOLD)
    assert chosen > 0.4
    assert metrics(rows, chosen)["precision"] == 1.0


def test_choose_threshold_never_goes_below_the_precision_floor_and_falls_back_to_the_default():
    # Answered, these would be 20 % precise: no threshold keeps 0.70 at coverage >= 0.50.
    rows = [outcome(i, answerable=True, top_correct=i % 5 == 0, probability=0.6) for i in range(50)]
    assert choose_threshold(rows, 0.42) == 0.42
    rows += [outcome(100 + i, answerable=True, top_correct=True, probability=0.95) for i in range(60)]
    # answering the 20 % ones too is more accurate (every question is answerable) but 64 % precise
    assert metrics(rows, 0.6)["decision_accuracy"] > metrics(rows, 0.65)["decision_accuracy"]
    assert metrics(rows, 0.6)["precision"] < 0.7
    chosen = choose_threshold(rows, 0.42)
    assert chosen > 0.6
    assert metrics(rows, chosen)["precision"] >= 0.7 and metrics(rows, chosen)["coverage"] >= 0.5


def test_nested_threshold_decides_each_fold_at_a_threshold_chosen_without_it():
    rows = [outcome(i, answerable=i % 3 != 0, top_correct=i % 3 == 1, probability=(i % 10) / 10) for i in range(300)]
    nested = nested_threshold(rows, DEFAULT_THRESHOLD)
    assert sorted(r.id for r in nested) == sorted(r.id for r in rows)
    assert {r.probability for r in nested} <= {0.0, 1.0}
    for k in range(5):
        cutoff = choose_threshold([r for r in rows if fold_of(r.group) != k], DEFAULT_THRESHOLD)
        by_id = {r.id: r for r in rows}
        for r in nested:
            if fold_of(r.group) == k:
                assert r.probability == (1.0 if by_id[r.id].probability >= cutoff else 0.0)


def _ranking(language, method, probability):
    return Ranking(question="q", language=language, query={}, ranked=[object()], probability=probability, method=method)


def test_each_language_decides_at_its_own_threshold_unless_the_operator_sets_one(settings):
    settings.ANSWERING_THRESHOLD = None
    shipped = model.load().thresholds
    assert {"en", "en-lexical", "de", "ja"} <= set(shipped)
    for language, method, key in (("en", "semantic", "en"), ("en", "lexical", "en-lexical"), ("de", "lexical", "de")):
        assert threshold(language, method) == shipped[key]
        assert decide(_ranking(language, method, shipped[key]))[0] == "answer"
        assert decide(_ranking(language, method, shipped[key] - 0.01)) == ("escalate", "no_relevant_passage")
    settings.ANSWERING_THRESHOLD = 0.97
    assert threshold("de", "lexical") == threshold("en") == 0.97
    assert decide(_ranking("en", "semantic", 0.96))[0] == "escalate"
    assert decide(_ranking("en", "semantic", 0.96), cutoff=0.5)[0] == "answer"


def test_models_round_trip_their_thresholds(tmp_path):
    shipped = model.load()
    path = tmp_path / "models.json"
    model.save(shipped, path)
    again = model.load(path)
    model.load.cache_clear()
    assert again.thresholds == pytest.approx(shipped.thresholds)
    assert again.threshold("xx", "lexical", 0.123) == 0.123  # a language without one: the default


def _sample(labels, kind="page"):
    labels = np.array(labels, dtype=float)
    return Sample(id="q", group="g", language="en", x=np.zeros((len(labels), 1)), labels=labels, info=None, kind=kind)


def test_a_page_whose_answer_was_ranked_below_the_top_does_not_train_the_decision():
    assert AMBIGUOUS_WEIGHT == 0.0
    # both decisions are wrong on it: answering quotes the wrong passage, escalating leaves it unanswered
    assert decision_weight(_sample([0, 1, 0]), top_correct=False) == 0.0
    assert decision_weight(_sample([1, 0, 0]), top_correct=True) == DECISION_WEIGHTS["page"]
    assert decision_weight(_sample([0, 0, 0]), top_correct=False) == DECISION_WEIGHTS["page"]
    assert (
        decision_weight(_sample([0, 0], kind="hard_negative"), top_correct=False) == DECISION_WEIGHTS["hard_negative"]
    )
