"""`manage.py classify_contacts IN.jsonl -o OUT.jsonl` (the fixed contract)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(tmp_path, lines, *extra):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    errors = io.StringIO()
    failure = None
    try:
        call_command("classify_contacts", str(source), "-o", str(target), *extra, stderr=errors)
    except CommandError as error:
        failure = error
    results = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    return results, errors.getvalue(), failure


def test_each_line_gets_id_reason_and_route(tmp_path):
    results, _, failure = run(
        tmp_path,
        [
            json.dumps({"id": "a", "text": "Where is my parcel?", "marketplace": "US"}),
            json.dumps({"id": 2, "text": "Bitte eine Rechnung mit MwSt.", "marketplace": "DE"}),
            json.dumps({"id": "c", "text": "パスワードを忘れました", "marketplace": "JP"}),
        ],
    )
    assert failure is None
    assert [(r["id"], r["reason"], r["route"]) for r in results] == [
        ("a", "where_is_my_order", "csba"),
        (2, "invoice", "seller_messaging"),
        ("c", "account", "marketplace_support"),
    ]
    assert all(0 < r["confidence"] <= 1 and r["unsure"] is False for r in results)


def test_an_empty_text_is_other_and_unsure(tmp_path):
    results, _, failure = run(tmp_path, [json.dumps({"id": 1, "text": "", "marketplace": "US"})])
    assert failure is None
    assert [(r["reason"], r["route"], r["unsure"]) for r in results] == [("other", "csba", True)]


def test_batches_keep_the_input_order_across_chunks(tmp_path):
    texts = ["Where is my parcel?", "I forgot my password", "Please send me an invoice"]
    lines = [json.dumps({"id": number, "text": texts[number % 3], "marketplace": "US"}) for number in range(600)]
    results, _, failure = run(tmp_path, lines)
    assert failure is None
    assert [r["id"] for r in results] == list(range(600))
    assert [r["reason"] for r in results[:3]] * 200 == [r["reason"] for r in results]


def test_malformed_lines_are_reported_with_their_numbers_and_the_rest_goes_on(tmp_path):
    results, errors, failure = run(
        tmp_path,
        [
            json.dumps({"id": 1, "text": "Where is my parcel?", "marketplace": "US"}),
            "{not json",
            json.dumps({"id": 3, "marketplace": "US"}),
            json.dumps(["a", "list"]),
            json.dumps({"id": 5, "text": 42}),
            json.dumps({"id": 6, "text": "Cancel my order please", "marketplace": "US"}),
        ],
    )
    assert [r["id"] for r in results] == [1, 6]
    for number in (2, 3, 4, 5):
        assert f"line {number}: rejected" in errors
    assert failure is not None and "4 line(s) rejected" in str(failure)


def test_a_missing_input_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("classify_contacts", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out.jsonl"))


def test_ten_thousand_lines_stream_through(tmp_path):
    line = json.dumps({"id": 0, "text": "My order has not arrived yet", "marketplace": "US"})
    results, _, failure = run(tmp_path, [line] * 10_000)
    assert failure is None and len(results) == 10_000
    assert {r["reason"] for r in results} == {"where_is_my_order"}
