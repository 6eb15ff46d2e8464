"""Language detection for contacts whose channel does not say: English,
German or Japanese, by script and by common function words."""

from __future__ import annotations

import re

# Hiragana, katakana, CJK ideographs, half-width katakana.
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN_WORD = re.compile(r"[a-zäöüß]+")
_GERMAN_LETTERS = re.compile(r"[äöüß]")

_GERMAN_WORDS = frozenset(
    "ich und nicht die der das ist mein meine meinen meiner bestellung bitte sie wir haben habe mit für ein eine "
    "einen auf noch wurde danke hallo guten tag leider paket ware wann wo warum kann können möchte würde schon "
    "aber auch oder bei von zu zum zur dem den des es sehr mir mich ihr ihnen ihre gestern heute keine kein "
    "wie was sind war hat wird werden lieferung rechnung artikel grüße freundlichen gruss gruß".split()
)
_ENGLISH_WORDS = frozenset(
    "the and i my is not it have was to of please you order this with for hello hi thanks thank a an in on "
    "that what when where why can could would will be been has had me we our your yet still did do does "
    "received package item got just but or at from are regards dear".split()
)

LANGUAGES = ("en", "de", "ja")


def detect_language(text: str, *, default: str = "en") -> str:
    """ "ja" when Japanese script makes up a fair share of the text, otherwise
    "de" or "en" by which language's function words (and umlauts) dominate."""
    if not text:
        return default
    japanese = len(_JAPANESE.findall(text))
    lowered = text.lower()
    words = _LATIN_WORD.findall(lowered)
    # Japanese mail often carries English product names: compare characters
    # of Japanese script with letters of Latin words.
    latin_letters = sum(len(word) for word in words)
    if japanese and japanese * 3 >= latin_letters * 0.5:
        return "ja"
    german = sum(1 for word in words if word in _GERMAN_WORDS) + 0.5 * len(_GERMAN_LETTERS.findall(lowered))
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    if german == english == 0:
        return "ja" if japanese else default
    return "de" if german > english else "en"
