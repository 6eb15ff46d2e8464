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
import re
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLIND_FILE = HERE / "blind_split.txt"
# The second blind split (round 4, written before that round's tuning): the questions of
# hetpqa_answers_train.tsv on the products of the first blind split, which no training used.
BLIND2_FILE = HERE / "blind_split2.txt"
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
        questions.append(
            {
                "id": f"hetpqa-{qid}",
                "set": "hetpqa",
                "language": "en",
                "group": "hetpqa:" + rows[0]["ASIN"],
                "question": rows[0]["question"],
                "candidates": candidates,
            }
        )
    grouped = defaultdict(list)
    with open(data_dir / "semipqa_attribute_dev.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            grouped[row["qid"]].append(row)
    for qid, rows in grouped.items():
        questions.append(
            {
                "id": f"semipqa-{qid}",
                "set": "semipqa",
                "language": "en",
                "group": _group_of_candidates(r["candidate"] for r in rows),
                "question": rows[0]["question"],
                "candidates": [("attribute", r["candidate"], int(r["label"])) for r in rows],
            }
        )
    return questions


def _plain(question: str) -> str:
    return " ".join(re.findall(r"\w+", question.lower()))


def load_answer_pages(data_dir: Path | None = None, *, products: str = "other") -> list[dict]:
    """Questions of ``hetpqa_answers_train.tsv`` (relevant passages with
    written answers): each question with a page made of every passage that
    file has for its product, labelled relevant only for its own passages
    (the others answer other buyers' questions about the same product: hard
    negatives). Every question text of the development or blind data is
    left out. ``products`` says which products are kept:

    - ``"other"``: products that are not in the evidence file (extra
      training pages for the answer/escalate model: no blind question,
      product or cross-validation fold is trained on);
    - ``"development"``: products of the evidence file's development split
      (same group ids as their evidence questions, so they fall in the same
      cross-validation fold);
    - ``"blind"``: products of the evidence file's blind split: the second
      blind split (``BLIND2_FILE``), never trained or tuned on."""
    data_dir = data_dir or default_data_dir()
    known = load_english(data_dir)
    held_out = blind_ids()
    development = {q["group"].split(":", 1)[1] for q in known if q["set"] == "hetpqa" and q["id"] not in held_out}
    blind = {q["group"].split(":", 1)[1] for q in known if q["set"] == "hetpqa" and q["id"] in held_out}
    keep = {
        "other": lambda asin: asin not in development and asin not in blind,
        "development": lambda asin: asin in development,
        "blind": lambda asin: asin in blind,
    }[products]
    excluded_questions = {_plain(q["question"]) for q in known}
    by_product: dict[str, list] = defaultdict(list)
    with open(data_dir / "hetpqa_answers_train.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if not keep(row["ASIN"]) or _plain(row["question"]) in excluded_questions:
                continue
            source = DP_SOURCES.get(row["source"]) or EXTRA_SOURCES.get(row["source"])
            if source:
                by_product[row["ASIN"]].append((row["question"], source, row["candidate"]))
    questions = []
    for asin, rows in by_product.items():
        passages = list(dict.fromkeys((source, text) for _q, source, text in rows))
        relevant: dict[str, set] = defaultdict(set)
        for question, source, text in rows:
            relevant[question].add((source, text))
        for number, (question, own) in enumerate(relevant.items()):
            questions.append(
                {
                    "id": f"answers-{asin}-{number}",
                    "set": "answers_train",
                    "language": "en",
                    "group": "hetpqa:" + asin,
                    "question": question,
                    "candidates": [(source, text, int((source, text) in own)) for source, text in passages],
                }
            )
    return questions


def load_written(language: str) -> list[dict]:
    """The German or Japanese development questions: each with its product's
    page and, per passage of that page, a relevance label."""
    data = json.loads((HERE / f"{language}.json").read_text(encoding="utf-8"))
    questions = []
    for product in data["products"]:
        for q in product["questions"]:
            questions.append(
                {
                    "id": f"{language}-{product['id']}-{q['id']}",
                    "set": f"written-{language}",
                    "language": language,
                    "group": f"{language}:{product['id']}",
                    "question": q["text"],
                    "page": product["page"],
                    "relevant": q["relevant"],
                }
            )
    return questions


def blind_ids(path: Path = BLIND_FILE) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def is_blind_group(group: str) -> bool:
    """The rule the committed split was written with: a quarter of the groups, by hash."""
    return hashlib.blake2b(("csba-answering-blind:" + group).encode("utf-8"), digest_size=8).digest()[0] % 4 == 0


def split(questions: list[dict]) -> tuple[list[dict], list[dict]]:
    """(development, blind) by the committed list."""
    blind = blind_ids()
    return [q for q in questions if q["id"] not in blind], [q for q in questions if q["id"] in blind]


def page_and_labels(question: dict, *, extra: bool = False) -> tuple[dict, dict[str, int]]:
    """The detail page of a development question and the label of each of
    its passage texts. English pages are made of the question's detail-page
    candidates; ``extra`` adds the OSP/CQA/review candidates as bullets
    (training only: they are never on a detail page)."""
    from ..passages import extract_passages, parse_catalog_attribute

    if "page" in question:
        page = question["page"]
        # A relevant entry is a passage's text or its beginning ("Gewicht:" for the attribute).
        labels = {
            p.text: int(any(p.text.startswith(r) for r in question["relevant"]))
            for p in extract_passages(page, question["language"])
        }
        return page, labels
    bullets, sentences, attributes = [], [], {}
    labels: dict[str, int] = {}
    for source, text, label in question["candidates"]:
        if source == "attribute":
            name, value = parse_catalog_attribute(text)
            if name in attributes and attributes[name] != value:
                previous = attributes[name]
                value = (previous if isinstance(previous, list) else [previous]) + [value]
            attributes[name] = value
            single = {"attributes": {name: value}}
        elif source == "bullet" or (extra and source in EXTRA_SOURCES.values()):
            bullets.append(text)
            single = {"bullets": [text]}
        elif source == "description":
            sentences.append(text.replace("\n", " "))
            single = {"description": text.replace("\n", " ")}
        else:
            continue
        for passage in extract_passages(single):
            labels[passage.text] = max(labels.get(passage.text, 0), label)
    page = {"asin": "", "title": "", "bullets": bullets, "description": "\n".join(sentences), "attributes": attributes}
    for passage in extract_passages(page):  # merged attribute values: relevant if any part was
        if passage.text not in labels and passage.source == "attribute":
            name = passage.text.split(":", 1)[0]
            labels[passage.text] = max((v for t, v in labels.items() if t.split(":", 1)[0] == name), default=0)
    return page, labels
