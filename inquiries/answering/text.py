"""Input checks and text normalisation shared by the analysers."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from csba.errors import DomainError

MAX_QUESTION_CHARS = 5000
LANGUAGES = ("en", "de", "ja")


def clean_question(question) -> str:
    """The question as text, or DomainError: empty, longer than 5,000
    characters, or bytes that are not valid UTF-8."""
    if isinstance(question, (bytes, bytearray, memoryview)):
        try:
            question = bytes(question).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DomainError(
                _("The question is not valid UTF-8 text."),
                code="invalid_encoding",
                field_errors={"question": [_("The question is not valid UTF-8 text.")]},
            ) from exc
    if not isinstance(question, str):
        raise DomainError(
            _("The question must be text."),
            code="invalid",
            field_errors={"question": [_("The question must be text.")]},
        )
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in question):
        # Lone surrogates: what undecodable bytes become under surrogateescape.
        raise DomainError(
            _("The question is not valid UTF-8 text."),
            code="invalid_encoding",
            field_errors={"question": [_("The question is not valid UTF-8 text.")]},
        )
    question = question.replace("\x00", "").strip()
    if not question:
        raise DomainError(
            _("The question is empty."), code="empty_question", field_errors={"question": [_("The question is empty.")]}
        )
    if len(question) > MAX_QUESTION_CHARS:
        message = _("The question is longer than %(limit)s characters.") % {"limit": MAX_QUESTION_CHARS}
        raise DomainError(message, code="question_too_long", field_errors={"question": [message]})
    return question


def language_of(value: str | None) -> str:
    """'en' | 'de' | 'ja' from a language or locale code; anything else reads as English."""
    code = (value or "en").lower().replace("_", "-")[:2]
    return code if code in LANGUAGES else "en"


def language_for_marketplace(code: str | None) -> str:
    from sellers.models.marketplace import Marketplace  # the owner of the mapping

    return Marketplace.language_for_code(code)


def normalise(text: str) -> str:
    """NFKC (full-width ASCII and half-width katakana fold), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9ÄÖÜ])"  # Latin: end mark, space, capital or digit
    r"|(?<=[。！？])"  # Japanese: after the full stop
    r"|\s*[\r\n]+\s*"  # line breaks
    r"|(?<=\.)\.+\s+"  # "..", "..." runs
    r"|(?<=[a-z0-9)])\.\.?(?=[a-z][a-z])"  # "word..next" with no space (scraped text)
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|z\.b|bzw|ca|inkl|evtl|approx|incl|no|nr|vs|etc|mr|mrs|dr|st))\.$", re.IGNORECASE
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a description; keeps abbreviations such as "e.g." or "z.B." inside."""
    pieces = [p.strip() for p in _SENTENCE_END.split(text or "") if p and p.strip()]
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _ABBREVIATIONS.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences
