"""A detail page as passages."""

from inquiries.answering.passages import extract_passages, parse_catalog_attribute, render_value
from inquiries.answering.text import split_sentences


def test_a_page_gives_title_bullets_description_sentences_and_attributes_in_order():
    page = {
        "title": "Water bottle",
        "bullets": ["Leak-proof lid", "  "],
        "description": "Double walled. Keeps cold for 24 h, e.g. in the car! Fits cup holders.",
        "attributes": {"capacity": "750 ml", "weight": {"value": 340, "unit": "g"}, "dishwasher_safe": True},
    }
    passages = extract_passages(page, "en")
    assert [(p.source, p.text) for p in passages] == [
        ("title", "Water bottle"),
        ("bullet", "Leak-proof lid"),
        ("description", "Double walled."),
        ("description", "Keeps cold for 24 h, e.g. in the car!"),
        ("description", "Fits cup holders."),
        ("attribute", "capacity: 750 ml"),
        ("attribute", "weight: 340 g"),
        ("attribute", "dishwasher safe: yes"),
    ]
    assert [p.position for p in passages] == list(range(8))


def test_nested_attribute_values_are_rendered_as_text_in_the_page_language():
    value = {"width": {"value": 9, "unit": "inches"}, "height": {"value": 5, "unit": "inches"}}
    assert render_value(value) == "width: 9 inches; height: 5 inches"
    assert render_value([{"value": "red"}, {"value": "blue"}]) == "red, blue"
    assert render_value(False, "de") == "nein"
    assert render_value(True, "ja") == "はい"


def test_catalog_export_notation_is_parsed():
    name, value = parse_catalog_attribute(
        "item_weight:  { unit:pounds, normalized_value:{ unit:pounds, value:13. }, value:13. }"
    )
    assert name == "item_weight" and render_value(value) == "13 pounds"
    assert render_value('{ value:"apple ipad 3" }; { value:"apple ipad air" }') == "apple ipad 3, apple ipad air"
    assert render_value("{ quantity:2, type:aaa }") == "2 aaa"
    assert render_value("{ value:nintendo_3ds }") == "nintendo 3ds"
    assert render_value("{ not closed") == "{ not closed"


def test_empty_or_malformed_pages_give_no_passages():
    assert extract_passages({}, "en") == []
    assert extract_passages({"title": "  ", "bullets": "not a list?", "attributes": "x"}, "en")[0].text == "not a list?"
    assert extract_passages({"bullets": [None, 3], "description": None, "attributes": {"a": None}}, "en") == []


def test_sentences_split_in_latin_and_japanese_text():
    assert split_sentences("Hält 24 Std. kalt. Passt z.B. in Halter.") == [
        "Hält 24 Std. kalt.",
        "Passt z.B. in Halter.",
    ]
    assert split_sentences("真空断熱です。車に入ります。") == ["真空断熱です。", "車に入ります。"]
