"""Each language's analyser: what a question and a passage have in common."""

from inquiries.answering.tokenize import document_terms, query_terms


def shared(question: str, passage: str, language: str) -> set[str]:
    return set(query_terms(question, language)) & set(document_terms(passage, language))


def test_english_stems_match_inflections_and_drop_stop_words():
    terms = query_terms("Are the batteries included with these headphones?", "en")
    assert set(terms) == {"batteri", "includ", "headphon"}
    assert shared("Does it include a battery?", "Batteries included: yes", "en") == {"batteri", "includ"}


def test_english_splits_attribute_names_units_and_camel_case():
    assert set(query_terms("age_range_description", "en")) == {"age", "rang", "descript"}
    assert set(query_terms("750ml", "en")) == {"750", "ml"}
    assert set(query_terms("BatteryLife", "en")) == {"batteri", "life"}


def test_german_folds_umlauts_and_written_out_umlauts_alike():
    assert shared("Ist sie spuelmaschinenfest?", "Deckel spülmaschinenfest", "de") >= {"spulmaschinenf"}
    assert shared("Welche Groesse?", "Größe: 42", "de") == {"gross"}


def test_german_compounds_meet_their_parts_through_character_ngrams():
    from inquiries.answering.engine import compound_matches

    query = query_terms("Wie lange hält der Akku? Geht er auf den Induktionsherd?", "de")
    matched = compound_matches(query, document_terms("Akkulaufzeit: 40 Stunden, für Induktion geeignet", "de"))
    assert {"akku", "induktionsherd"} <= set(matched) & set(query)
    assert "stund" not in query and "lang" in query and "lang" not in matched
    common = shared("Kann die Flasche in die Spülmaschine?", "Auslaufsicherer Deckel, spülmaschinenfest", "de")
    assert {"#spul", "#masc", "#schi"} <= common
    # the n-grams of one word weigh as much as a word together, not one each
    weights = query_terms("Spülmaschine", "de")
    assert abs(sum(w for t, w in weights.items() if t.startswith("#")) - 0.8) < 1e-9
    assert not any(t.startswith("#") for t in query_terms("Farbe", "de"))  # short words: no n-grams


def test_german_stop_words_do_not_count():
    words = {t for t in query_terms("Ist das für mich und die Kinder?", "de") if not t.startswith("#")}
    assert words == {"kind"}


def test_japanese_uses_character_bigrams_and_drops_particles():
    terms = query_terms("この水筒は食洗機で洗えますか？", "ja")
    assert {"水筒", "食洗", "洗機"} <= set(terms)
    assert not any(t in terms for t in ("この", "ます", "すか", "えま"))
    assert shared("食洗機で洗えますか", "漏れにくいフタ、食洗機対応", "ja") >= {"食洗", "洗機"}


def test_japanese_latin_words_and_full_width_forms_are_analysed_as_english():
    assert {"bluetooth", "usb"} <= set(query_terms("Ｂｌｕｅｔｏｏｔｈ対応ですか？USBは？", "ja"))
    assert "~色" in query_terms("色は何ですか", "ja")
    assert shared("カラーは？", "カラー: ネイビー", "ja") == {"カラ", "ラー"}


def test_german_questions_meet_the_attribute_nouns_of_their_adjectives_and_verbs():
    assert shared("Wie hoch ist die Flasche?", "Höhe: 27 cm", "de")
    assert shared("Wie schwer ist der Topf?", "Gewicht: 1,2 kg", "de")
    assert shared("Wiegt sie mehr als 300 g?", "Gewicht: 340 g", "de")
    assert shared("Wie lange hält die Batterie?", "Akku: 40 Stunden", "de")
    # only questions are expanded: a passage saying "hoch" does not claim a height attribute
    assert not set(document_terms("sehr hoch", "de")) & set(document_terms("Höhe", "de"))
    assert not shared("Wie hoch ist die Flasche?", "Breite: 8 cm", "de") - set(query_terms("Flasche", "de"))
