"""Analysers: text -> index terms, per language.

- English: NFKC + lower case, letters and digits split apart ("750ml" ->
  "750", "ml"), stop words dropped, Snowball English stems.
- German: the same, with umlauts folded (ä->a, ö->o, ü->u, ß->ss, and the
  written-out "ue"/"oe"/"ae" by the Snowball German stemmer), and compound
  words (7 letters or more) also indexed as character 4-grams ("#spul", "#pulm", …),
  so that compounds sharing a part meet ("Spülmaschine", "spülmaschinenfest");
  ``engine.compound_matches`` adds the other half of the decompounding: a
  word that begins or ends another ("Akku", "Akkulaufzeit") matches it.
- Japanese: no spaces, so kanji, katakana and hiragana runs become
  overlapping character bigrams; kanji also give unigram terms ("~水",
  weight ``UNIGRAM_WEIGHT``, 1 for a single-kanji word such as "色");
  hiragana runs (particles, verb endings: "は", "ですか") are dropped; Latin
  runs in Japanese text are analysed as English ("Bluetooth", "USB").

``document_terms`` gives the term counts of a passage; ``query_terms`` the
weights of a question's terms: a word weighs 1, the n-grams of one German
word share ``NGRAM_WEIGHT``, Japanese kanji unigrams ``UNIGRAM_WEIGHT``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import snowballstemmer

from .text import normalise

NGRAM = 4
COMPOUND_MIN = 7
NGRAM_WEIGHT = 0.8
UNIGRAM_WEIGHT = 0.3

STOPWORDS = {
    "en": set(
        """a about above after again all also am an and any are aren as at be because been being
        both but by can cannot could couldn did didn do does doesn doing don down during each either few for
        from further had has have having he her here hers him his how i if in into is isn it its itself just
        let ll me more most my myself no nor not now of off on once only or other ought our ours out over own
        please re s same shall she should so some such t than thank thanks that the their them then there these
        they this those through to too under until up us ve very was we were what when where which while who
        whom why will with would wouldn you your yours hi hello anyone anybody know tell get got one ones
        really much many""".split()
    ),
    "de": set(
        """aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bin bis
        bitte bist da damit dann das dass dein deine dem den denn der des dessen dich die dies diese diesem
        diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwa euch euer fur
        für gibt hab habe haben hat hatte hier ich ihm ihn ihnen ihr ihre im in ist ja jemand kann kannst
        konnen können man mein meine mich mir mit muss musst nach nein nicht noch nun nur ob oder ohne sehr
        sein seine sich sie sind so soll sollte um und uns unser vom von vor war waren was weil welche welcher
        welches wenn wer werden wie wieder wir wird wo zu zum zur über uber danke hallo guten tag frage
        viel viele geht gehen gibt geben kann könnte koennte könnten lässt lasst lassen mal denn eigentlich
        möglich moglich""".split()
    ),
}

# German question words whose page counterpart is another word: adjective or verb -> the
# attribute noun ("Wie hoch ...?" vs "Höhe: 27 cm"), and the two names of a battery. Added to the
# question's terms (``query_terms``), never to passages. Keys after ``normalise`` and ß -> ss.
DE_SYNONYMS = {
    "hoch": ("höhe",),
    "breit": ("breite",),
    "tief": ("tiefe",),
    "lang": ("länge",),
    "dick": ("dicke", "stärke"),
    "gross": ("grösse", "abmessungen", "maße"),
    "schwer": ("gewicht",),
    "leicht": ("gewicht",),
    "wiegt": ("gewicht",),
    "wiegen": ("gewicht",),
    "akku": ("batterie",),
    "batterie": ("akku",),
    "batterien": ("akku",),
    "fasst": ("fassungsvermögen", "volumen", "inhalt"),
    "laut": ("lautstärke",),
    "warm": ("temperatur",),
    "heiss": ("temperatur",),
}

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)?", re.UNICODE)
_JA_RUN = re.compile(
    r"(?P<kanji>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+)"
    r"|(?P<katakana>[\u30a0-\u30ff\u31f0-\u31ffー]+)"
    r"|(?P<hiragana>[\u3040-\u309f]+)"
    r"|(?P<latin>[a-z0-9\u00c0-\u024f]+)",
    re.UNICODE,
)
_HAS_JA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@lru_cache(maxsize=4)
def _stemmer(language: str):
    return snowballstemmer.stemmer("german" if language == "de" else "english")


def _split_camel(text: str) -> str:
    return _CAMEL.sub(" ", text)


def _latin_words(text: str, language: str) -> list[str]:
    words = _WORD.findall(normalise(_split_camel(text)).replace("ß", "ss"))
    stop = STOPWORDS["de" if language == "de" else "en"]
    return [w for w in words if w not in stop and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    if word[0].isdigit():
        return word.replace(",", ".")
    return _stemmer(language).stemWord(word)


@lru_cache(maxsize=200_000)
def _german_ngrams(word: str, minimum: int = COMPOUND_MIN) -> tuple[str, ...]:
    folded = word.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    if len(folded) < minimum or folded[0].isdigit():
        return ()
    return tuple("#" + folded[i : i + NGRAM] for i in range(len(folded) - NGRAM + 1))


def _japanese(text: str) -> list[tuple[str, float]]:
    terms: list[tuple[str, float]] = []
    for match in _JA_RUN.finditer(normalise(text)):
        run, kind = match.group(), match.lastgroup
        if kind == "latin":
            for word in _latin_words(run, "en"):
                terms.append((_stem(word, "en"), 1.0))
            continue
        if kind == "hiragana":
            continue  # particles and verb endings ("は", "ですか"): no content of their own
        if len(run) == 1:
            terms.append(("~" + run, 1.0))
            continue
        terms.extend((run[i : i + 2], 1.0) for i in range(len(run) - 1))
        if kind == "kanji":
            terms.extend(("~" + ch, UNIGRAM_WEIGHT) for ch in run)
    return terms


def weighted_terms(text: str, language: str, *, query: bool = False) -> list[tuple[str, float]]:
    """(term, weight) pairs of a text in order, repeated terms repeated."""
    if language == "ja" or (language != "de" and _HAS_JA.search(text or "")):
        return _japanese(text or "")
    terms: list[tuple[str, float]] = []
    words = _latin_words(text or "", language)
    if query and language == "de":
        words += [s for w in words for s in _latin_words(" ".join(DE_SYNONYMS.get(w, ())), "de")]
    for word in words:
        terms.append((_stem(word, language), 1.0))
        if language == "de":
            grams = _german_ngrams(word)
            if grams:
                share = NGRAM_WEIGHT / len(grams)
                terms.extend((g, share) for g in grams)
    return terms


def document_terms(text: str, language: str) -> Counter:
    """Term counts of a passage (what BM25 calls tf)."""
    return Counter(term for term, _ in weighted_terms(text, language))


def document_length(terms: Counter) -> int:
    """Passage length for BM25's normalisation: words only, not n-grams or unigrams."""
    return sum(n for term, n in terms.items() if term[0] not in "#~") or 1


def query_terms(text: str, language: str) -> dict[str, float]:
    """Weight of each distinct query term (the sum of its occurrences' weights)."""
    weights: dict[str, float] = {}
    for term, weight in weighted_terms(text, language, query=True):
        weights[term] = weights.get(term, 0.0) + weight
    return weights
