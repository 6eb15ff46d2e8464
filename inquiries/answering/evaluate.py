"""Figures of the engine on the development data (../shared/data/product_qa),
and the fit of the decision model.

    python -m inquiries.answering.evaluate [--data DIR] [--threshold P] [--fit] [--export-jsonl FILE]

Each question becomes a detail page made of its detail-page candidates
(bullet, description, attribute; OSP, CQA and review are not detail-page
data and are left out), asked as the batch command asks it: IDF over all
the dev pages, English analysis, the semantic re-rank where installed.

Figures (a question is *answerable* if one of its detail-page candidates is
labelled relevant; an answer is *correct* if its top evidence is relevant):

- P@1: share of answerable questions whose top passage is relevant;
- precision: share of "answer" decisions that are correct;
- coverage: share of all questions answered;
- decision accuracy: share of questions decided right (a correct answer,
  or an escalation of an unanswerable question);
- cross-validated: the same with the decision model refitted on 4/5 of the
  questions and applied to the other 1/5 (5 folds by question), the honest
  estimate for unseen data.

``--fit`` prints the logistic coefficients of both models (engine.py holds them).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

DP_SOURCES = {"bullet": "bullet", "Desc": "description", "attribute": "attribute"}
HERE = Path(__file__).resolve()


def default_data_dir() -> Path:
    for base in (HERE.parents[3] / "shared" / "data" / "product_qa", Path("/work/shared/data/product_qa")):
        if base.exists():
            return base
    return HERE.parents[3] / "shared" / "data" / "product_qa"


def load_questions(data_dir: Path) -> list[dict]:
    """[{id, set, question, candidates: [(source, text, label)]}] from both evidence files."""
    questions = []
    grouped: dict[str, list] = defaultdict(list)
    with open(data_dir / "hetpqa_evidence_dev.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            grouped[row["qid"]].append(row)
    for qid, rows in grouped.items():
        questions.append({"id": f"hetpqa-{qid}", "set": "hetpqa", "question": rows[0]["question"],
                          "candidates": [(DP_SOURCES[r["source"]], r["candidate"], int(r["label"]))
                                         for r in rows if r["source"] in DP_SOURCES]})
    grouped = defaultdict(list)
    with open(data_dir / "semipqa_attribute_dev.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            grouped[row["qid"]].append(row)
    for qid, rows in grouped.items():
        questions.append({"id": f"semipqa-{qid}", "set": "semipqa", "question": rows[0]["question"],
                          "candidates": [("attribute", r["candidate"], int(r["label"])) for r in rows]})
    return questions


def page_of(candidates) -> tuple[dict, dict[str, int]]:
    """The detail page made of the candidates, and the label of each passage text."""
    from .passages import extract_passages, parse_catalog_attribute

    bullets, sentences, attributes = [], [], {}
    labels: dict[str, int] = {}
    for source, text, label in candidates:
        if source == "attribute":
            name, value = parse_catalog_attribute(text)
            if name in attributes and attributes[name] != value:
                previous = attributes[name]
                value = (previous if isinstance(previous, list) else [previous]) + [value]
            attributes[name] = value
            single = {"attributes": {name: value}}
        elif source == "bullet":
            bullets.append(text)
            single = {"bullets": [text]}
        else:
            sentences.append(text.replace("\n", " "))
            single = {"description": text.replace("\n", " ")}
        for passage in extract_passages(single):
            labels[passage.text] = max(labels.get(passage.text, 0), label)
    page = {"asin": "", "title": "", "bullets": bullets, "description": "\n".join(sentences), "attributes": attributes}
    for passage in extract_passages(page):  # merged attribute values: relevant if any part was
        if passage.text not in labels and passage.source == "attribute":
            name = passage.text.split(":", 1)[0]
            labels[passage.text] = max((v for t, v in labels.items() if t.split(":", 1)[0] == name), default=0)
    return page, labels


def rankings(questions, *, semantic: bool):
    """Per question: (ranking, labels) with IDF over all the dev pages."""
    from . import bm25, index
    from .encoder import get_encoder
    from .engine import passage_terms, rank
    from .passages import extract_passages
    from .tokenize import document_length

    pages = []
    stats = bm25.Statistics()
    seen = set()
    for q in questions:
        page, labels = page_of(q["candidates"])
        passages = extract_passages(page)
        terms = passage_terms(passages, "en")
        key = json.dumps(page, sort_keys=True)
        if key not in seen:
            seen.add(key)
            for t in terms:
                stats.add(t, document_length(t))
        pages.append((passages, terms, labels))
    encoder = get_encoder() if semantic else None
    if encoder is not None:
        texts = list(dict.fromkeys(p.text for passages, _, _ in pages for p in passages))
        vectors = dict(zip(texts, index.vectors(texts)))
        question_vectors = encoder.encode([q["question"] for q in questions], batch_size=64)
    out = []
    for i, (q, (passages, terms, labels)) in enumerate(zip(questions, pages)):
        pv = qv = None
        if encoder is not None and passages:
            pv = np.stack([vectors[p.text] for p in passages])
            qv = question_vectors[i]
        ranking = rank(question=q["question"], passages=passages, language="en", statistics=stats, terms=terms,
                       passage_vectors=pv, question_vector=qv)
        out.append((ranking, labels))
    return out


def features(ranking) -> tuple[float, float] | None:
    from .engine import SEMANTIC_FLOOR

    if not ranking.ranked:
        return None
    floor = SEMANTIC_FLOOR if ranking.method == "semantic" else 0.0
    top = ranking.ranked[0].score
    runner_up = max((s.score for s in ranking.ranked[1:]), default=floor)
    return top, top - max(runner_up, floor)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 50) -> np.ndarray:
    """Weights (a, b, c) of sigmoid(a*x0 + b*x1 + c): Newton's method on the
    L2-regularised log loss (the intercept is not regularised)."""
    xb = np.c_[x, np.ones(len(x))]
    w = np.zeros(xb.shape[1])
    penalty = np.r_[np.full(xb.shape[1] - 1, l2), 0.0]
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        gradient = xb.T @ (p - y) / len(y) + penalty * w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb / len(y) + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w


def metrics(rows, threshold: float) -> dict:
    """rows: (set, answerable, has_page, top_correct, probability)."""
    n = len(rows)
    answerable = [r for r in rows if r[1]]
    answered = [r for r in rows if r[2] and r[4] >= threshold]
    correct = [r for r in answered if r[3]]
    right = sum(1 for r in rows if (r[2] and r[4] >= threshold and r[3]) or
                (not (r[2] and r[4] >= threshold) and not r[1]))
    return {
        "questions": n,
        "answerable": len(answerable),
        "p_at_1": round(sum(1 for r in answerable if r[3]) / len(answerable), 3) if answerable else None,
        "precision": round(len(correct) / len(answered), 3) if answered else None,
        "coverage": round(len(answered) / n, 3) if n else None,
        "recall": round(len(correct) / len(answerable), 3) if answerable else None,
        "decision_accuracy": round(right / n, 3) if n else None,
    }


def table(questions, results, threshold: float, probabilities=None) -> dict:
    rows = []
    for i, (q, (ranking, labels)) in enumerate(zip(questions, results)):
        answerable = any(label for _, _, label in q["candidates"])
        has_page = bool(ranking.ranked)
        top_correct = bool(has_page and labels.get(ranking.ranked[0].passage.text, 0))
        p = probabilities[i] if probabilities is not None else ranking.probability
        rows.append((q["set"], answerable, has_page, top_correct, p))
    report = {"all": metrics(rows, threshold)}
    for name in ("hetpqa", "semipqa"):
        report[name] = metrics([r for r in rows if r[0] == name], threshold)
    report["hetpqa_nonempty"] = metrics([r for r in rows if r[0] == "hetpqa" and r[2]], threshold)
    return report


def cross_validated(questions, results, threshold: float, folds: int = 5) -> tuple[dict, list]:
    feats = [features(r) for r, _ in results]
    correct = np.array([bool(r.ranked and labels.get(r.ranked[0].passage.text, 0)) for r, labels in results], dtype=float)
    usable = np.array([f is not None for f in feats])
    x = np.array([f if f is not None else (0.0, 0.0) for f in feats])
    fold = np.arange(len(questions)) % folds
    probabilities = np.zeros(len(questions))
    for k in range(folds):
        train = usable & (fold != k)
        w = fit_logistic(x[train], correct[train])
        test = fold == k
        probabilities[test] = 1.0 / (1.0 + np.exp(-(x[test] @ w[:2] + w[2])))
    probabilities[~usable] = 0.0
    return table(questions, results, threshold, probabilities), fit_logistic(x[usable], correct[usable])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--fit", action="store_true", help="print the fitted coefficients of both decision models")
    parser.add_argument("--lexical-only", action="store_true")
    parser.add_argument("--export-jsonl", type=Path, help="write the dev questions as answer_questions input")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")
    sys.path.insert(0, str(HERE.parents[2]))
    import django

    django.setup()
    from django.conf import settings

    from .engine import threshold as configured_threshold

    settings.ANSWERING_INDEX_PATH = str(Path(settings.VAR_DIR) / "answering-eval-vectors.sqlite3")
    data_dir = args.data or default_data_dir()
    questions = load_questions(data_dir)
    if args.export_jsonl:
        with open(args.export_jsonl, "w", encoding="utf-8") as out:
            for q in questions:
                page, _ = page_of(q["candidates"])
                out.write(json.dumps({"id": q["id"], "marketplace": "US", "question": q["question"], "product": page},
                                     ensure_ascii=False) + "\n")
        print(f"wrote {len(questions)} questions to {args.export_jsonl}")
        return 0
    cutoff = args.threshold if args.threshold is not None else configured_threshold()
    report = {"threshold": cutoff, "data": str(data_dir)}
    methods = ["lexical"] if args.lexical_only else ["semantic", "lexical"]
    for method in methods:
        results = rankings(questions, semantic=(method == "semantic"))
        if method == "semantic" and results and all(r.method != "semantic" for r, _ in results if r.ranked):
            report["semantic"] = "model not installed"
            continue
        report[method] = {"shipped_model": table(questions, results, cutoff)}
        cv, weights = cross_validated(questions, results, cutoff)
        report[method]["cross_validated"] = cv
        if args.fit:
            report[method]["fitted_coefficients"] = [round(float(v), 3) for v in weights]
        report[method]["by_threshold"] = {
            str(t): table(questions, results, t)["all"] for t in (0.5, 0.6, 0.67, 0.75, 0.8)}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
