"""The learned association of question words with passage words: its table,
its use in ranking, and that training never gives a sample a value learned
from its own labels; the second blind split's products are never trained on."""

import csv
import math
from dataclasses import replace

import numpy as np
import pytest

from inquiries.answering import association, devdata, folds, model
from inquiries.answering.answer import local_statistics
from inquiries.answering.engine import ASSOCIATION_COLUMN, passage_terms, rank
from inquiries.answering.folds import Sample
from inquiries.answering.passages import Passage
from inquiries.answering.quality import fold_of


def test_the_table_keeps_pairs_that_answer_more_often_than_the_base_rate():
    counts = association.Counts()
    # "last" questions: the "life" passage answers 3 times in 3, "colour" never.
    for _ in range(3):
        counts.add(["last"], [["life"], ["colour"], ["brand"]], [1, 0, 0])
    counts.add(["red"], [["colour"], ["life"]], [1, 0])
    lifts = association.table(counts, alpha=2.0)
    base = 4 / 11
    assert lifts["last\tlife"] == pytest.approx(math.log(((3 + 2 * base) / (3 + 2)) / base), abs=1e-4)
    assert "last\tcolour" not in lifts and "last\tbrand" not in lifts and "red\tlife" not in lifts
    assert association.strength(lifts, ["last", "battery"], ["life"]) == lifts["last\tlife"]
    assert association.strength(lifts, ["battery"], ["life"]) == 0.0  # no known pair
    assert association.passage_keys("attribute", "Battery life: 40 hours") == ["batteri", "life"]
    assert "hour" in association.passage_keys("bullet", "40 hours of battery life")


def test_ranking_reads_the_shipped_table_for_english_only():
    passages = [Passage("attribute", "run time: 40 hours", 0), Passage("attribute", "colour: red", 1)]
    shipped = model.load()
    table = {"last\trun": 2.0, "last\ttime": 1.0}
    models = replace(shipped, association=table)

    def ranking(language, models):
        terms = passage_terms(passages, language)
        return rank(
            question="How long does it last?",
            passages=passages,
            language=language,
            statistics=local_statistics(terms),
            terms=terms,
            models=models,
        )

    english = ranking("en", models)
    values = {s.passage.text: row[ASSOCIATION_COLUMN] for s, row in zip(english.ranked, english.pair_rows)}
    assert values == {"run time: 40 hours": 2.0, "colour: red": 0.0}
    german = ranking("de", models)
    assert not german.pair_rows[:, ASSOCIATION_COLUMN].any()
    empty = ranking("en", replace(shipped, association={}))
    assert not empty.pair_rows[:, ASSOCIATION_COLUMN].any()


def _groups_in_two_folds():
    found = {}
    for n in range(200):
        found.setdefault(fold_of(f"g{n}"), f"g{n}")
        if len(found) >= 2:
            break
    (fa, ga), (fb, gb) = list(found.items())[:2]
    return (fa, ga), (fb, gb)


def _page(group):
    return Sample(
        id=group,
        group=group,
        language="en",
        x=np.zeros((2, len(model.load().rankers["semantic"].names))),
        labels=np.array([1.0, 0.0]),
        info=None,
        answerable=True,
        meta={"question_keys": ["last"], "passage_keys": [["life"], ["colour"]]},
    )


def test_a_sample_never_gets_an_association_learned_from_its_own_fold():
    (fa, ga), (fb, gb) = _groups_in_two_folds()
    only_a = _page(ga)
    counts = folds.fold_counts([only_a])
    assert counts[fa].answers and not counts[fb].answers
    alone = folds.associated([only_a, _page(gb)], counts, folds.own_fold)
    assert alone[0].x[:, folds.ASSOCIATION].tolist() == [0.0, 0.0]  # its own fold is the only evidence
    assert alone[1].x[0, folds.ASSOCIATION] > 0  # the other fold's page learns from it
    assert only_a.x[0, folds.ASSOCIATION] == 0  # copies: the sample itself is untouched
    held_out = folds.associated([_page(gb)], counts, lambda s: frozenset({fa, fold_of(s.group)}))
    assert held_out[0].x[:, folds.ASSOCIATION].tolist() == [0.0, 0.0]  # nor from a held-out fold
    assert folds.associated([only_a], None, folds.own_fold)[0] is only_a  # lexical models: untouched


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter="\t")
        writer.writerow(header)
        writer.writerows(rows)


def test_answer_pages_are_split_by_product_and_the_second_blind_split_is_never_trained_on(tmp_path):
    blind_qid = next(i.split("-", 1)[1] for i in devdata.blind_ids() if i.startswith("hetpqa-"))
    header = ["qid", "ASIN", "qa_pair_id", "question", "candidate", "label", "source", "confidence"]
    _write(
        tmp_path / "hetpqa_evidence_dev.tsv",
        header,
        [
            [blind_qid, "BLINDPROD", "1", "is it red?", "colour: red", "1", "bullet", "high"],
            ["999999991", "DEVPROD", "2", "is it blue?", "colour: blue", "1", "bullet", "high"],
        ],
    )
    _write(tmp_path / "semipqa_attribute_dev.tsv", ["qid", "qa_pair_id", "question", "candidate", "label"], [])
    _write(
        tmp_path / "hetpqa_answers_train.tsv",
        ["ASIN", "question", "candidate", "answer", "source"],
        [
            ["BLINDPROD", "how long is the cable?", "cable: 2 m", "2 m", "bullet"],
            ["BLINDPROD", "is it red?", "colour: red", "yes", "bullet"],  # a blind question: never
            ["DEVPROD", "what does it weigh?", "weight: 1 kg", "1 kg", "bullet"],
            ["OTHERPROD", "is it loud?", "noise: 30 dB", "no", "bullet"],
        ],
    )
    kept = {
        products: {(q["group"], q["question"]) for q in devdata.load_answer_pages(tmp_path, products=products)}
        for products in ("other", "development", "blind")
    }
    assert kept == {
        "other": {("hetpqa:OTHERPROD", "is it loud?")},
        "development": {("hetpqa:DEVPROD", "what does it weigh?")},
        "blind": {("hetpqa:BLINDPROD", "how long is the cable?")},
    }


def test_the_committed_second_blind_split_is_apart_from_everything_trained_on():
    second = devdata.blind_ids(devdata.BLIND2_FILE)
    assert len(second) == 460 and all(i.startswith("answers-") for i in second)
    assert not second & devdata.blind_ids()
    if not (devdata.default_data_dir() / "hetpqa_answers_train.tsv").exists():
        pytest.skip("the development data are not on this machine")
    blind_products = {q["group"] for q in devdata.load_answer_pages(products="blind")}
    trained = devdata.load_answer_pages() + devdata.load_answer_pages(products="development")
    assert not blind_products & {q["group"] for q in trained}
    assert second == {q["id"] for q in devdata.load_answer_pages(products="blind")}
