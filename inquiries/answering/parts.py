"""Multi-part questions: "How long does the battery last, and can I pair two
devices?" asks two things, and the page may answer one and not the other.

``split_question`` cuts a question into the questions it asks: at a
question mark followed by more text, and at ", and" / "; " / "und" / "また"
where what follows starts a new question (a question word or a verb that
opens a yes/no question). A part without two content words stays with its
neighbour ("Why? I need it for…"). At most ``MAX_PARTS`` parts; a question
that asks one thing is one part.
"""

from __future__ import annotations

import re

from .tokenize import query_terms

MAX_PARTS = 4
_OPENERS = {
    "en": r"(?:what|which|how|where|when|who|why|is|are|does|do|did|can|could|will|would|should|has|have|was|were|may)\b",
    "de": r"(?:was|welche|welcher|welches|wie|wo|wann|wer|warum|ist|sind|hat|haben|kann|können|passt|geht|gibt|lässt|muss|wird|funktioniert)\b",
}
_JA_BOUNDARY = re.compile(r"(?<=[？?。])\s*|(?<=ますか)、|(?<=ですか)、|、また、?")


def _cut_latin(text: str, language: str) -> list[str]:
    opener = _OPENERS.get(language, _OPENERS["en"])
    conjunction = r"(?:and|also|plus)" if language != "de" else r"(?:und|außerdem|ausserdem|sowie)"
    pattern = re.compile(
        rf"(?<=\?)\s+(?=\S)"  # "…last? Can I…"
        rf"|,?\s+{conjunction}\s+(?:also\s+)?(?={opener})"  # "…last, and can I…"
        rf"|;\s+(?={opener})",  # "…last; can I…"
        re.IGNORECASE,
    )
    return [p.strip(" ,;") for p in pattern.split(text) if p and p.strip(" ,;")]


def split_question(question: str, language: str) -> list[str]:
    """The questions a buyer's message asks, in order (at least one)."""
    text = re.sub(r"\s+", " ", question).strip()
    pieces = (
        [p.strip() for p in _JA_BOUNDARY.split(text) if p and p.strip()]
        if language == "ja"
        else _cut_latin(text, language)
    )
    parts: list[str] = []
    for piece in pieces:
        content = (
            [t for t in query_terms(piece, language) if t[0] not in "#~"]
            if language != "ja"
            else list(query_terms(piece, language))
        )
        if parts and len(content) < 2:
            parts[-1] = f"{parts[-1]} {piece}"
        elif not parts or len(content) >= 2:
            parts.append(piece)
    if len(parts) > 1 and len(list(query_terms(parts[0], language))) < 2:
        parts[1] = f"{parts[0]} {parts[1]}"
        parts.pop(0)
    if len(parts) > MAX_PARTS or not parts:
        return [text]
    return parts
