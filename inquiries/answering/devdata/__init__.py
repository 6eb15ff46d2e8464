"""Development data of the answering engine, and the blind split.

English: the public product-QA files in ``../shared/data/product_qa``
(amazon-science/contextual-product-qa, CDLA-Sharing-1.0). German and
Japanese: pages and questions written for this project (``de.json``,
``ja.json``; README.md here says how they were made).

Every question belongs to a *product group* (hetPQA: the ASIN; semiPQA: the
set of attribute candidates, which is the same for all questions on one
product). The blind split holds out whole groups: ``blind_split.txt`` lists
the held-out question ids. It was written once, before any tuning, by
``python -m inquiries.answering.devdata.split`` (a hash of the group id), and
is committed; tuning and cross-validation never see those questions.
"""
from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLIND_FILE = HERE / "blind_split.txt"
# hetPQA source -> passage source on the page; OSP (editorial), CQA (community
# answers) and review are not detail-page data: never on the page, used in
# training only as extra passages (their label 0 rows are hard negatives).
DP_SOURCES = {"bullet": "bullet", "Desc": "description", "attribute": "attribute"}
EXTRA_SOURCES = {"OSP": "osp", "CQA": "cqa", "review": "review"}


def default_data_dir() -> Path:
    for base in (HERE.parents[3] / "shared" / "data" / "product_qa", Path("/work/shared/data/product_qa")):
        if base.exists():
            return base
    return HERE.parents[3] / "shared" / "data" / "product_qa"


def _group_of_candidates(candidates) -> str:
    body = "\n".join(sorted(candidates)).encode("utf-8")
    return "semipqa:" + hashlib.blake2b(body, digest_size=6).hexdigest()


def load_english(data_dir: Path | None = None) -> list[dict]:
    """[{id, set, language, group, question, page: None, candidates: [(source, text, label)]}]
    from both evidence files; ``candidates`` keeps OSP/CQA/review rows with their own source names."""
    data_dir = data_dir or default_data_dir()
    questions = []
    grouped: dict[str, list] = defaultdict(list)
    with open(data_dir / "hetpqa_evidence_dev.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            grouped[row["qid"]].append(row)
    for qid, rows in grouped.items():
        candidates = []
        for r in rows:
            source = DP_SOURCES.get(r["source"]) or EXTRA_SOURCES.get(r["source"])
            if source:
                candidates.append((source, r["candidate"], int(r["label"])))
        questions.append({"id": f"hetpqa-{qid}", "set": "hetpqa", "language": "en", "group": "hetpqa:" + rows[0]["ASIN"],
                          "question": rows[0]["question"], "candidates": candidates})
    grouped = defaultdict(list)
    with open(data_dir / "semipqa_attribute_dev.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            grouped[row["qid"]].append(row)
    for qid, rows in grouped.items():
        questions.append({"id": f"semipqa-{qid}", "set": "semipqa", "language": "en",
                          "group": _group_of_candidates(r["candidate"] for r in rows), "question": rows[0]["question"],
                          "candidates": [("attribute", r["candidate"], int(r["label"])) for r in rows]})
    return questions


def load_written(language: str) -> list[dict]:
    """The German or Japanese development questions: each with its product's
    page and, per passage of that page, a relevance label."""
    data = json.loads((HERE / f"{language}.json").read_text(encoding="utf-8"))
    questions = []
    for product in data["products"]:
        for q in product["questions"]:
            questions.append({"id": f"{language}-{product['id']}-{q['id']}", "set": f"written-{language}",
                              "language": language, "group": f"{language}:{product['id']}", "question": q["text"],
                              "page": product["page"], "relevant": q["relevant"]})
    return questions


def blind_ids() -> set[str]:
    lines = BLIND_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def is_blind_group(group: str) -> bool:
    """The rule the committed split was written with: a quarter of the groups, by hash."""
    return hashlib.blake2b(("csba-answering-blind:" + group).encode("utf-8"), digest_size=8).digest()[0] % 4 == 0


def split(questions: list[dict]) -> tuple[list[dict], list[dict]]:
    """(development, blind) by the committed list."""
    blind = blind_ids()
    return [q for q in questions if q["id"] not in blind], [q for q in questions if q["id"] in blind]
