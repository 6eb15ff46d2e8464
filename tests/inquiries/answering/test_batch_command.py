"""manage.py answer_questions: the contract of ARCHITECTURE.md."""

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from inquiries.answering.devdata import page_and_labels

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "product_qa_sample.tsv"
PAGE = {
    "asin": "B000TEST01",
    "title": "Stainless Steel Water Bottle 750 ml",
    "bullets": ["Keeps drinks cold for 24 hours and hot for 12 hours", "Leak-proof lid, dishwasher safe"],
    "description": "A double-walled vacuum insulated bottle. Fits most car cup holders.",
    "attributes": {"capacity": "750 ml", "color": "navy blue", "weight": {"value": 340, "unit": "g"}},
}


def run(tmp_path, lines: list[bytes]):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    target = tmp_path / "out.jsonl"
    err = io.StringIO()
    error = None
    try:
        with translation.override("en"):  # messages are translated; the test reads the English ones
            call_command("answer_questions", str(source), "-o", str(target), stderr=err)
    except CommandError as exc:
        error = exc
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    return out, err.getvalue(), error


def line(**item) -> bytes:
    return json.dumps(item, ensure_ascii=False).encode("utf-8")


def test_each_line_gets_decision_reply_and_evidence_best_first(tmp_path):
    out, err, error = run(
        tmp_path,
        [
            line(id="q1", marketplace="US", question="Is it dishwasher safe?", product=PAGE),
            line(id=2, marketplace="US", question="Do you ship to Canada?", product=PAGE),
            line(
                id="q3",
                marketplace="US",
                question="Is it waterproof?",
                product={"asin": "B0EMPTY", "title": "", "bullets": [], "description": "", "attributes": {}},
            ),
        ],
    )
    assert error is None
    assert [o["id"] for o in out] == ["q1", 2, "q3"]
    for o in out:
        assert set(o) >= {"id", "decision", "reply", "evidence"}
        assert o["decision"] in {"answer", "escalate"}
        assert all(set(e) == {"source", "text", "score"} for e in o["evidence"])
        assert all(e["source"] in {"title", "bullet", "description", "attribute"} for e in o["evidence"])
        assert [e["score"] for e in o["evidence"]] == sorted((e["score"] for e in o["evidence"]), reverse=True)
    assert out[0]["decision"] == "answer"
    assert out[0]["evidence"][0]["text"] == "Leak-proof lid, dishwasher safe"
    assert out[1]["decision"] == "escalate" and out[1]["reason"] == "no_relevant_passage"
    assert out[2]["decision"] == "escalate" and out[2]["reason"] == "empty_detail_page"
    assert "3 questions: 1 answered, 2 escalated, 0 lines rejected" in err


def test_malformed_lines_are_reported_with_their_numbers_and_the_rest_is_answered(tmp_path):
    good = line(id="ok", marketplace="US", question="What color is it?", product=PAGE)
    out, err, error = run(
        tmp_path,
        [
            good,  # 1
            b"{not json",  # 2
            b"",  # 3 blank: skipped, not an error
            line(id="no-product", marketplace="US", question="Hi?"),  # 4
            line(id="empty", marketplace="US", question="  ", product=PAGE),  # 5
            b'{"id": "bad-utf8", "marketplace": "US", "question": "caf\xe9?", "product": {}}',  # 6
            line(id="long", marketplace="US", question="x" * 5001, product=PAGE),  # 7
            line(question="no id", product=PAGE),  # 8
            b"[1, 2]",  # 9
            line(id="bullets", question="?", product={"bullets": "one string"}),  # 10
            good.replace(b'"ok"', b'"ok2"'),  # 11
        ],
    )
    assert [o["id"] for o in out] == ["ok", "ok2"]
    numbers = [int(text.split(":")[0].split()[1]) for text in err.splitlines() if text.startswith("line ")]
    assert numbers == [2, 4, 5, 6, 7, 8, 9, 10]
    assert "line 6: rejected: not valid UTF-8" in err
    assert "line 7: rejected: The question is longer than 5000 characters." in err
    assert error is not None and error.returncode != 0
    assert "8 line(s) rejected" in str(error)


def test_marketplace_sets_the_language_of_analysis_and_reply(tmp_path):
    de_page = {
        "asin": "B0DE",
        "title": "Gusseisenpfanne 26 cm",
        "bullets": ["Vorgeölt und sofort einsatzbereit", "Für Induktion, Gas und Backofen geeignet"],
        "description": "Nur Handwäsche; nach Gebrauch trocknen und einölen.",
        "attributes": {"Durchmesser": "26 cm"},
    }
    ja_page = {
        "asin": "B0JA",
        "title": "鋳鉄スキレット 26cm",
        "bullets": ["シーズニング済みですぐに使えます", "IH・ガス・オーブン対応"],
        "description": "手洗いのみ、使用後は乾かして油を塗ってください。",
        "attributes": {"直径": "26cm"},
    }
    out, err, error = run(
        tmp_path,
        [
            line(
                id="de", marketplace="DE", question="Funktioniert die Pfanne auf einem Induktionsherd?", product=de_page
            ),
            line(id="ja", marketplace="JP", question="IHで使えますか？", product=ja_page),
        ],
    )
    assert error is None
    assert out[0]["decision"] == "answer" and out[0]["reply"].startswith("Guten Tag,")
    assert out[0]["evidence"][0]["text"] == "Für Induktion, Gas und Backofen geeignet"
    assert out[1]["decision"] == "answer" and out[1]["reply"].startswith("お客様")
    assert out[1]["evidence"][0]["text"] == "IH・ガス・オーブン対応"


def test_real_buyer_questions_from_the_sample_come_back_one_line_each(tmp_path):
    grouped = defaultdict(list)
    with open(SAMPLE, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            source = {"Desc": "description"}.get(row["source"], row["source"])
            grouped[(row["qid"], row["question"])].append((source, row["candidate"], int(row["label"])))
    lines = []
    for (qid, question), candidates in grouped.items():
        page, _ = page_and_labels({"candidates": candidates, "language": "en"})
        lines.append(line(id=qid, marketplace="US", question=question, product=page))
    out, err, error = run(tmp_path, lines)
    assert error is None
    assert len(out) == len(grouped)
    by_id = {o["id"]: o for o in out}
    # "what's the age range for these shoes?" is answered from the age range attribute
    assert by_id["semipqa-366"]["decision"] == "answer"
    assert by_id["semipqa-366"]["evidence"][0]["text"].startswith("age range description")
    # "can this oil be returned?": the page's attributes say nothing about returns
    assert by_id["semipqa-8754"]["decision"] == "escalate"


@pytest.mark.parametrize("path", ["missing.jsonl"])
def test_an_unreadable_input_file_is_a_command_error(tmp_path, path):
    with pytest.raises(CommandError):
        call_command("answer_questions", str(tmp_path / path), "-o", str(tmp_path / "out.jsonl"))
