"""answer_for_product: answers with evidence, abstains, rejects bad questions."""

import pytest

from csba.errors import DomainError
from inquiries.answering.live import answer_for_product
from inquiries.answering.services import answer_index_rebuild
from tests.factories import ProductFactory, marketplace

pytestmark = pytest.mark.django_db

BOTTLE = dict(
    title="Stainless Steel Water Bottle 750 ml",
    bullets=[
        "Keeps drinks cold for 24 hours and hot for 12 hours",
        "Leak-proof lid, dishwasher safe",
        "BPA-free, 18/8 food-grade stainless steel",
    ],
    description="A double-walled vacuum insulated bottle. Fits most car cup holders. The powder coating is scratch resistant.",
    attributes={
        "capacity": "750 ml",
        "material": "stainless steel",
        "color": "navy blue",
        "weight": {"value": 340, "unit": "g"},
    },
)


def catalog():
    """A few pages so that IDF is the catalog's, then the index built."""
    bottle = ProductFactory(**BOTTLE)
    ProductFactory(
        title="Wireless Bluetooth Headphones",
        bullets=["40 hours of battery life", "Active noise cancelling"],
        description="Over-ear headphones with memory foam cushions. Works with iPhone and Android.",
        attributes={"battery_life": "40 hours", "color": "black", "warranty": "2 years"},
    )
    ProductFactory(
        title="Yoga Mat, 6 mm, Non-Slip",
        bullets=[],
        description="",
        attributes={"thickness": "6 mm", "material": "TPE", "length": "183 cm"},
    )
    answer_index_rebuild()
    return bottle


def test_an_answerable_question_is_answered_quoting_the_passage():
    bottle = catalog()
    result = answer_for_product(product=bottle, question="Can I put it in the dishwasher?", language="en")
    assert result["decision"] == "answer" and result["reason"] == ""
    assert result["evidence"][0] == {
        "source": "bullet",
        "text": "Leak-proof lid, dishwasher safe",
        "score": result["evidence"][0]["score"],
    }
    assert "“Leak-proof lid, dishwasher safe” (product features)" in result["reply"]
    spans = result["highlights"][0]["spans"]
    assert [("Leak-proof lid, dishwasher safe"[s["start"] : s["end"]]) for s in spans] == ["dishwasher"]
    assert result["evidence"] == sorted(result["evidence"], key=lambda e: -e["score"])


def test_an_attribute_answers_a_question_about_it():
    bottle = catalog()
    result = answer_for_product(product=bottle, question="What colour is the bottle?", language="en")
    assert result["decision"] == "answer"
    assert result["evidence"][0]["text"] == "color: navy blue"
    assert result["evidence"][0]["source"] == "attribute"


def test_a_question_the_page_cannot_answer_escalates_without_quoting():
    bottle = catalog()
    result = answer_for_product(
        product=bottle, question="Do you ship to Canada and how long does it take?", language="en"
    )
    assert result["decision"] == "escalate"
    assert result["reason"] == "no_relevant_passage"
    assert "we are asking the seller" in result["reply"]
    assert not any(e["text"] in result["reply"] for e in result["evidence"])


def test_a_product_with_an_empty_detail_page_escalates_with_that_reason():
    empty = ProductFactory(title="", bullets=[], description="", attributes={})
    result = answer_for_product(product=empty, question="Is it waterproof?", language="en")
    assert result["decision"] == "escalate"
    assert result["reason"] == "empty_detail_page"
    assert result["evidence"] == []


@pytest.mark.parametrize(
    "question, code",
    [
        ("", "empty_question"),
        ("   \n ", "empty_question"),
        ("x" * 5001, "question_too_long"),
        (b"Is it \xff\xfe waterproof?", "invalid_encoding"),
        ("broken \udcff surrogate", "invalid_encoding"),
        (None, "invalid"),
    ],
)
def test_bad_questions_are_rejected_with_a_clear_error(question, code):
    bottle = ProductFactory(**BOTTLE)
    with pytest.raises(DomainError) as raised:
        answer_for_product(product=bottle, question=question, language="en")
    assert raised.value.code == code
    assert raised.value.field_errors["question"]


def test_a_question_of_exactly_5000_characters_is_accepted():
    bottle = ProductFactory(**BOTTLE)
    result = answer_for_product(product=bottle, question="dishwasher " * 454 + "x" * 6, language="en")
    assert result["decision"] in {"answer", "escalate"}


def test_german_question_on_a_german_page_is_answered_in_german():
    de = marketplace("DE")
    page = ProductFactory(
        marketplace=de,
        language="de",
        title="Edelstahl-Trinkflasche 750 ml",
        bullets=["Hält Getränke 24 Stunden kalt und 12 Stunden heiß", "Auslaufsicherer Deckel, spülmaschinenfest"],
        description="Doppelwandige, vakuumisolierte Flasche. Passt in die meisten Getränkehalter im Auto.",
        attributes={"Fassungsvermögen": "750 ml", "Farbe": "Dunkelblau"},
    )
    ProductFactory(
        marketplace=de,
        language="de",
        title="Kabellose Bluetooth-Kopfhörer",
        bullets=["40 Stunden Akkulaufzeit"],
        description="",
        attributes={"Farbe": "Schwarz"},
    )
    answer_index_rebuild()
    result = answer_for_product(product=page, question="Kann ich die Flasche in die Spülmaschine geben?", language="de")
    assert result["decision"] == "answer"
    assert result["evidence"][0]["text"] == "Auslaufsicherer Deckel, spülmaschinenfest"
    assert result["reply"].startswith("Guten Tag,")
    assert "„Auslaufsicherer Deckel, spülmaschinenfest“ (Produktmerkmale)" in result["reply"]
    refused = answer_for_product(product=page, question="Liefern Sie auch nach Österreich?", language="de")
    assert refused["decision"] == "escalate"
    assert "Verkäufer" in refused["reply"]


def test_japanese_question_on_a_japanese_page_is_answered_in_japanese():
    jp = marketplace("JP")
    page = ProductFactory(
        marketplace=jp,
        language="ja",
        title="ステンレス製水筒 750ml",
        bullets=["保冷24時間・保温12時間", "漏れにくいフタ、食洗機対応", "BPAフリー、18-8ステンレス"],
        description="真空断熱の二重構造ボトルです。ほとんどの車のドリンクホルダーに入ります。",
        attributes={"容量": "750ml", "カラー": "ネイビー"},
    )
    ProductFactory(
        marketplace=jp,
        language="ja",
        title="鋳鉄スキレット 26cm",
        bullets=["IH・ガス・オーブン対応"],
        description="",
        attributes={"素材": "鋳鉄"},
    )
    answer_index_rebuild()
    result = answer_for_product(product=page, question="この水筒は食洗機で洗えますか？", language="ja")
    assert result["decision"] == "answer"
    assert result["evidence"][0]["text"] == "漏れにくいフタ、食洗機対応"
    assert "「漏れにくいフタ、食洗機対応」（商品の特徴）" in result["reply"]
    text = result["evidence"][0]["text"]
    assert ["食洗機" == text[s["start"] : s["end"]] for s in result["highlights"][0]["spans"]] == [True]
    refused = answer_for_product(product=page, question="海外に発送できますか？", language="ja")
    assert refused["decision"] == "escalate"


def test_without_a_catalog_index_the_page_alone_gives_the_statistics():
    bottle = ProductFactory(**BOTTLE)  # nothing indexed
    result = answer_for_product(product=bottle, question="Is it dishwasher safe?", language="en")
    assert result["decision"] == "answer"
    assert result["evidence"][0]["text"] == "Leak-proof lid, dishwasher safe"
