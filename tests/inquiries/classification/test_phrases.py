"""The training phrases are data files (inquiries/classification/data/training/phrases/*.json): each language
covers the same reasons, every reason can produce a contact, the Japanese verb phrases are (object, verb) pairs,
and the extra statements name only reasons that exist."""

import json

from inquiries.classification.classifier import REASONS
from inquiries.classification.data.training.phrases import EXTRA_STATEMENTS, FOLDER, LANGUAGES, phrases


def test_every_language_covers_every_reason_with_something_to_say():
    loaded = phrases()
    for language in LANGUAGES:
        reasons = loaded[language].reasons
        assert set(reasons) == set(REASONS), language
        for reason, table in reasons.items():
            assert any(table.get(kind) for kind in ("act", "topic", "say")), (language, reason)
        assert loaded[language].act_frames and loaded[language].topic_frames and loaded[language].openers


def test_japanese_verb_phrases_are_object_verb_pairs_and_frames_have_their_slots():
    loaded = phrases()
    for reason, table in loaded["ja"].reasons.items():
        assert all(len(pair) == 2 and all(pair) for pair in table.get("act", [])), reason
    assert all("{o}" in frame and "{v}" in frame for frame in loaded["ja"].act_frames)
    assert all("{a}" in frame or "{g}" in frame for frame in loaded["en"].act_frames)
    assert all("{t}" in frame for language in LANGUAGES for frame in loaded[language].topic_frames)


def test_extra_statements_are_added_to_existing_reasons():
    loaded = phrases()
    for name in EXTRA_STATEMENTS:
        extra = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
        for language, reasons in extra.items():
            for reason, lines in reasons.items():
                say = loaded[language].reasons[reason]["say"]
                assert all(line in say for line in lines), (name, language, reason)
