"""A product detail page as passages: the units the engine ranks and quotes.

title -> one passage; each bullet -> one; the description -> one per
sentence; each attribute -> "name: value", the value rendered as text
(numbers with their unit, lists joined, nested objects as "key: value"
pairs, booleans as yes/no in the page's language). Attribute values may also
be strings in the catalog-export notation ``{ unit:pounds, value:13. }``;
those are parsed the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .text import split_sentences

SOURCES = ("title", "bullet", "description", "attribute")
MAX_PASSAGES = 300
MAX_PASSAGE_CHARS = 1200
YES_NO = {"en": ("yes", "no"), "de": ("ja", "nein"), "ja": ("はい", "いいえ")}
# Keys that repeat what the value already says (catalog exports add them).
_SKIP_KEYS = {"normalized_value", "standardized_values", "language_tag", "marketplace_id"}


@dataclass(frozen=True)
class Passage:
    source: str  # title | bullet | description | attribute
    text: str
    position: int  # order on the page


def humanise_key(key: str) -> str:
    return re.sub(r"[_\s]+", " ", str(key)).strip()


def _scalar(value, language: str) -> str:
    if isinstance(value, bool):
        yes, no = YES_NO.get(language, YES_NO["en"])
        return yes if value else no
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value).strip()
    if text.lower() in ("true", "false"):
        yes, no = YES_NO.get(language, YES_NO["en"])
        return yes if text.lower() == "true" else no
    if re.fullmatch(r"\d+\.", text):  # "13." in catalog exports
        return text[:-1]
    if " " not in text and "_" in text:
        return text.replace("_", " ")
    return text


def render_value(value, language: str = "en") -> str:
    """An attribute value as one line of text."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in "{[" and stripped[-1:] in "}]":
            parsed = parse_catalog_value(stripped)
            if parsed is not None and not isinstance(parsed, str):
                return render_value(parsed, language)
        return _scalar(stripped, language)
    if isinstance(value, dict):
        keys = {k for k in value if k not in _SKIP_KEYS}
        if "value" in keys and keys <= {"value", "unit", "type", "quantity"}:
            parts = [render_value(value[k], language) for k in ("quantity", "value", "unit", "type") if k in keys]
            return " ".join(p for p in parts if p)
        if keys == {"quantity", "type"}:
            return f"{render_value(value['quantity'], language)} {render_value(value['type'], language)}"
        return "; ".join(f"{humanise_key(k)}: {render_value(v, language)}" for k, v in value.items() if k in keys)
    if isinstance(value, (list, tuple)):
        return ", ".join(r for r in (render_value(v, language) for v in value) if r)
    if value is None:
        return ""
    return _scalar(value, language)


# --- the catalog-export notation: { key:value, key:{ … }, key:[ … ] }; several top-level values joined by ";"

_TOKEN = re.compile(r'\s*(?:(?P<punct>[{}\[\],:;])|"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^{}\[\],:;"]+))')


def _tokens(text: str):
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            if text[pos:].strip():
                raise ValueError(f"unexpected {text[pos : pos + 10]!r}")
            return
        pos = match.end()
        if match.group("punct"):
            yield "p", match.group("punct")
        elif match.group("quoted") is not None:
            yield "s", match.group("quoted").replace('\\"', '"')
        elif match.group("bare").strip():
            yield "s", match.group("bare").strip()


def parse_catalog_value(text: str):
    """Python value of ``{ value:"white" }``-style text, or None if it is not that notation."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        tokens = list(_tokens(text))
    except ValueError:
        return None
    pos = 0

    def value():
        nonlocal pos
        kind, tok = tokens[pos]
        if (kind, tok) == ("p", "{"):
            pos += 1
            result = {}
            while tokens[pos] != ("p", "}"):
                key_kind, key = tokens[pos]
                if key_kind != "s" or tokens[pos + 1] != ("p", ":"):
                    raise ValueError("key expected")
                pos += 2
                result[key] = value()
                if tokens[pos] == ("p", ","):
                    pos += 1
            pos += 1
            return result
        if (kind, tok) == ("p", "["):
            pos += 1
            items = []
            while tokens[pos] != ("p", "]"):
                items.append(value())
                if tokens[pos] == ("p", ","):
                    pos += 1
            pos += 1
            return items
        if kind == "s":
            pos += 1
            return tok
        raise ValueError(f"unexpected {tok!r}")

    try:
        values = [value()]
        while pos < len(tokens) and tokens[pos] == ("p", ";"):
            pos += 1
            values.append(value())
        if pos != len(tokens):
            return None
    except (IndexError, ValueError):
        return None
    return values[0] if len(values) == 1 else values


def parse_catalog_attribute(text: str) -> tuple[str, object]:
    """``name:  { value:… }`` -> (name, parsed value); the value stays text if it does not parse."""
    name, _, rest = text.partition(":")
    rest = rest.strip()
    parsed = parse_catalog_value(rest) if rest[:1] in "{[" else None
    return name.strip(), (parsed if parsed is not None else rest)


def _clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_PASSAGE_CHARS else text[:MAX_PASSAGE_CHARS].rsplit(" ", 1)[0] + " …"


def extract_passages(page: dict, language: str = "en") -> list[Passage]:
    """Passages of a detail page ({"title", "bullets", "description", "attributes"}), in page order."""
    found: list[tuple[str, str]] = []
    title = page.get("title") or ""
    if isinstance(title, str) and title.strip():
        found.append(("title", title))
    bullets = page.get("bullets") or []
    if isinstance(bullets, str):
        bullets = [bullets]
    for bullet in bullets if isinstance(bullets, list) else []:
        if isinstance(bullet, str) and bullet.strip():
            found.append(("bullet", bullet))
    description = page.get("description") or ""
    if isinstance(description, str):
        found.extend(("description", sentence) for sentence in split_sentences(description))
    attributes = page.get("attributes") or {}
    if isinstance(attributes, list):  # [{"name":…, "value":…}] or ["name: value"]
        pairs = []
        for item in attributes:
            if isinstance(item, dict) and "name" in item:
                pairs.append((item["name"], item.get("value")))
            elif isinstance(item, str):
                pairs.append(parse_catalog_attribute(item))
        attributes = pairs
    elif isinstance(attributes, dict):
        attributes = list(attributes.items())
    else:
        attributes = []
    for name, value in attributes:
        rendered = render_value(value, language)
        if rendered.strip():
            found.append(("attribute", f"{humanise_key(name)}: {rendered}"))
    passages = []
    for source, text in found[:MAX_PASSAGES]:
        text = _clip(text)
        if text:
            passages.append(Passage(source=source, text=text, position=len(passages)))
    return passages
