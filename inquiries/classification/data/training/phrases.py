"""The training phrases, kept as data in ``phrases/*.json`` (written for this
project, separately from the blind split; the hand-written blind contacts were
never opened while writing them):

- ``en.json``, ``de.json``, ``ja.json``: per reason, verb phrases (``act``:
  what the buyer wants to do, fitted into the request frames ``act_frames``;
  in German infinitive clauses, "meine Bestellung stornieren"; in Japanese
  (object, suru-noun) pairs fitted into suru frames, "注文をキャンセルしたい"),
  noun phrases (``topic``, fitted into ``topic_frames``) and whole statements
  (``say``), with the context said before a request (``after_purchase``,
  ``before_purchase``), greetings (``openers``) and sign-offs (``closers``).
  Slots: {order}, {item}, {amt}, {name}, {when}, {place}, {method}, {plan},
  {carrier}. English frames: "{a}" is the bare verb phrase, "{g}" its -ing
  form. The English statements end with terse requests as typed into a chat
  box or a subject line; the Japanese ones with a round by register (keigo,
  plain and casual speech, angry and terse messages, kana where kanji is
  usual, English words and IDs mixed in), whose frames are in the frame lists.
- ``contrast.json``: statements for the pairs of reasons grouped
  cross-validation confuses most (payment against account; change_order
  against customization and pre_order; return_request against pre_order),
  each carrying what tells the pair apart.
- ``support.json``: short informal support messages of the kinds issue 14
  names as misread (terse requests without cue words, shorthand and
  misspellings, order numbers and names in the text, sign-up and login
  trouble, payment or shipping questions asked before buying).

``contrast`` and ``support`` are by language and reason, added to the ``say``
lists of each language's table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent / "phrases"
LANGUAGES = ("en", "de", "ja")
EXTRA_STATEMENTS = ("contrast", "support")


@dataclass(frozen=True)
class Phrases:
    act_frames: list[str]
    topic_frames: list[str]
    after_purchase: list[str]
    before_purchase: list[str]
    openers: list[str]
    closers: list[str]
    reasons: dict[str, dict[str, list]]


def _read(name: str) -> dict:
    return json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))


@cache
def phrases() -> dict[str, Phrases]:
    """Each language's phrases, with the contrast and support statements added to its reasons' ``say``."""
    loaded = {language: Phrases(**_read(language)) for language in LANGUAGES}
    for name in EXTRA_STATEMENTS:
        for language, reasons in _read(name).items():
            for reason, lines in reasons.items():
                table = loaded[language].reasons[reason]
                table["say"] = table["say"] + lines
    return loaded
