"""Builds training.jsonl: the generated contacts, the hand-written sets and
real buyer questions from product_qa (product questions).

    python -m inquiries.classification.data.build [--product-qa DIR]

The product_qa sample is kept in product_qa_questions.jsonl so that the
build does not need the shared data folder once the sample exists."""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

from .training.generate import generate

HERE = Path(__file__).parent
TRAINING = HERE / "training.jsonl"
HANDWRITTEN = (HERE / "handwritten" / "dev_set.jsonl", HERE / "handwritten" / "holdout_set.jsonl")
PRODUCT_QA_SAMPLE = HERE / "product_qa_questions.jsonl"
BLIND = HERE / "blind" / "blind.jsonl"
PER_REASON = {"en": 450, "de": 180, "ja": 300}
SEED = 14
PRODUCT_QA_QUESTIONS = 400


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def sample_product_qa(directory: Path, count: int = PRODUCT_QA_QUESTIONS) -> list[dict]:
    """Distinct real buyer questions (hetPQA, CDLA-Sharing-1.0) of a usable length."""
    with (directory / "hetpqa_answers_train.tsv").open(encoding="utf-8") as source:
        questions = sorted(
            {
                row["question"].strip()
                for row in csv.DictReader(source, delimiter="\t")
                if 10 <= len(row["question"].strip()) <= 200
            }
        )
    chosen = random.Random(SEED).sample(questions, count)
    return [
        {
            "id": f"pqa-{number:04d}",
            "text": text,
            "marketplace": "US",
            "language": "en",
            "reason": "product_question",
            "source": "product_qa (amazon-science/contextual-product-qa, CDLA-Sharing-1.0)",
        }
        for number, text in enumerate(chosen, 1)
    ]


def build(product_qa: Path | None = None) -> list[dict]:
    if product_qa is not None:
        with PRODUCT_QA_SAMPLE.open("w", encoding="utf-8") as out:
            for row in sample_product_qa(product_qa):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    rows = generate(PER_REASON, seed=SEED)
    for path in HANDWRITTEN:
        rows += [{**row, "source": f"handwritten/{path.name}"} for row in read_jsonl(path)]
    rows += read_jsonl(PRODUCT_QA_SAMPLE)
    # A short contact can come out word for word in both sets ("hi", "ログインできない"): such rows
    # leave the training set, so that the blind figure never scores a text the model trained on.
    from ..features import normalise

    blind = {normalise(row["text"]) for row in read_jsonl(BLIND)}
    rows = [row for row in rows if normalise(row["text"]) not in blind]
    with TRAINING.open("w", encoding="utf-8") as out:
        for row in rows:
            row.setdefault("group", row["id"])
            out.write(
                json.dumps(
                    {key: row[key] for key in ("id", "text", "marketplace", "language", "reason", "source", "group")},
                    ensure_ascii=False,
                )
                + "\n"
            )
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--product-qa", type=Path, help="the shared product_qa folder, to draw the sample anew")
    arguments = parser.parse_args()
    print(len(build(arguments.product_qa)), "training contacts written to", TRAINING)
