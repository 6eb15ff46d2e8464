"""The marketplace → buyer language rule has one owner: the Marketplace model."""

import pytest

from sellers.models import Marketplace
from tests.factories import marketplace

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code, language", [("US", "en"), ("de", "de"), ("JP", "ja"), ("UK", "en"), ("AT", "de"), ("XX", "en"), (None, "en")]
)
def test_the_buyer_language_of_a_marketplace_code(code, language):
    assert Marketplace.language_for_code(code) == language


@pytest.mark.parametrize(
    "language, code", [("de", "DE"), ("de-AT", "DE"), ("ja", "JP"), ("en", "US"), ("fr", "US"), (None, "US")]
)
def test_the_home_marketplace_of_a_language(language, code):
    assert Marketplace.code_for_language(language) == code


def test_a_marketplace_rows_data_gives_its_default_language_and_the_code_rule_agrees_for_the_seeded_ones():
    for code in ("US", "DE", "JP"):
        row = marketplace(code)
        assert row.default_language == Marketplace.language_for_code(code)


def test_a_marketplace_without_buyer_languages_falls_back_to_its_codes_language():
    row = marketplace("DE")
    row.buyer_languages = []
    assert row.default_language == "de"


def test_the_answering_batch_asks_the_owner():
    from inquiries.answering.text import language_for_marketplace

    assert [language_for_marketplace(c) for c in ("US", "DE", "JP", "AT")] == ["en", "de", "ja", "de"]
