"""Multi-part questions are answered part by part; escalations draft the case and a holding reply."""

import pytest

from csba.demo.catalog import PRODUCTS
from inquiries.answering.answer import answer_page
from inquiries.answering.encoder import get_encoder
from inquiries.answering.parts import split_question

TITLE, BULLETS, DESCRIPTION, ATTRIBUTES = PRODUCTS["en"][1]


def encode(texts):
    return get_encoder().encode(texts)


HEADPHONES = {
    "asin": "B0DEMO0001",
    "title": TITLE,
    "bullets": BULLETS,
    "description": DESCRIPTION,
    "attributes": ATTRIBUTES,
}


@pytest.mark.parametrize(
    "question, language, parts",
    [
        (
            "How long does the battery last, and can I pair two devices?",
            "en",
            ["How long does the battery last", "can I pair two devices?"],
        ),
        (
            "Does this toy require batteries? and if so what kind?",
            "en",
            ["Does this toy require batteries? and if so what kind?"],
        ),
        ("Is it black and white?", "en", ["Is it black and white?"]),
        ("I have a 2015 ipad. will this fit?", "en", ["I have a 2015 ipad. will this fit?"]),
        (
            "Wie lange hält der Akku, und kann ich zwei Geräte koppeln?",
            "de",
            ["Wie lange hält der Akku", "kann ich zwei Geräte koppeln?"],
        ),
        (
            "バッテリーは何時間持ちますか？2台同時に接続できますか？",
            "ja",
            ["バッテリーは何時間持ちますか？", "2台同時に接続できますか？"],
        ),
    ],
)
def test_a_question_is_cut_into_the_questions_it_asks(question, language, parts):
    assert split_question(question, language) == parts


def test_the_battery_and_pairing_question_is_answered_from_its_two_passages():
    # given the demo headphones page
    # when the buyer asks two things at once
    result = answer_page(
        page=HEADPHONES,
        question="How long does the battery last, and can I pair two devices?",
        language="en",
        vectors_for=encode,
    )
    # then each part is answered from its own passage, quoted in the reply
    assert result["decision"] == "answer"
    assert [p["decision"] for p in result["parts"]] == ["answer", "answer"]
    assert result["parts"][0]["evidence"][0]["text"] in ("40 hours of battery life", "battery life: 40 hours")
    assert result["parts"][1]["evidence"][0]["text"] == "Bluetooth 5.3 with multipoint pairing"
    assert "“Bluetooth 5.3 with multipoint pairing” (product features)" in result["reply"]
    assert "40 hours" in result["reply"]
    texts = [e["text"] for e in result["evidence"]]
    assert "40 hours of battery life" in texts and "Bluetooth 5.3 with multipoint pairing" in texts
    assert "seller" not in result["reply"] and "case_question" not in result
    assert 0 < result["confidence"] <= 1


def test_the_part_the_page_does_not_cover_is_escalated_alone():
    # when one part is answered by the page and the other is not
    result = answer_page(
        page=HEADPHONES,
        question="How long does the battery last, and do you ship to Canada?",
        language="en",
        vectors_for=encode,
        seller_reply_hours=24,
    )
    # then the suggestion escalates for that part only, and says so
    assert result["decision"] == "escalate" and result["reason"] == "part_not_covered"
    assert [p["decision"] for p in result["parts"]] == ["answer", "escalate"]
    assert "40 hours" in result["reply"]
    assert "“do you ship to Canada”" in result["reply"]
    assert "The seller has 24 hours to reply" in result["reply"]
    assert "do you ship to Canada?" in result["case_question"]
    assert "battery" not in result["case_question"]
    assert "Wireless Bluetooth Headphones" in result["case_question"]


def test_an_escalation_promises_only_what_will_happen():
    result = answer_page(page=HEADPHONES, question="Do you ship to Canada?", language="en", vectors_for=encode)
    assert result["decision"] == "escalate" and result["reason"] == "no_relevant_passage"
    assert "we have asked" not in result["reply"]
    assert "we are asking the seller" in result["reply"]
    assert result["case_question"].startswith(
        "A buyer asks about “Wireless Bluetooth Headphones”: Do you ship to Canada?"
    )


@pytest.mark.parametrize(
    "language, expected", [("de", "Der Verkäufer hat 6 Stunden Zeit"), ("ja", "出品者の回答期限は6時間です")]
)
def test_the_holding_reply_is_written_in_the_buyers_language(language, expected):
    result = answer_page(
        page=HEADPHONES,
        question="Do you ship to Canada?",
        language="en",
        reply_language=language,
        vectors_for=encode,
        seller_reply_hours=6,
    )
    assert expected in result["reply"]


def test_a_title_is_evidence_only_when_it_carries_the_asked_fact():
    page = {
        "title": "Acme Insulated Water Bottle 750 ml, Blue",
        "bullets": ["Keeps drinks cold for 24 hours"],
        "description": "",
        "attributes": {"material": "stainless steel"},
    }
    # the title names the bottle but does not say how long it keeps drinks cold
    cold = answer_page(
        page=page, question="How long does the water bottle keep drinks cold?", language="en", vectors_for=encode
    )
    assert cold["evidence"][0]["text"] == "Keeps drinks cold for 24 hours"
    assert cold["parts"][0]["evidence"][0]["source"] != "title"
    # the title is the only passage with the capacity: it may answer
    capacity = answer_page(page=page, question="What is the capacity in ml?", language="en", vectors_for=encode)
    assert capacity["evidence"][0]["source"] == "title"
