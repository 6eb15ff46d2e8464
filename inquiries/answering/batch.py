"""The ``answer_questions`` batch: JSON lines in, JSON lines out (the
contract in ARCHITECTURE.md), streamed.

Two passes over the input, one line at a time: the first counts the
passages and terms of every distinct page in the batch (the batch is the
catalog the IDF is taken over; a page repeated for several questions counts
once), the second answers. Standard input is spooled to a temporary file
for that. A malformed line is reported on stderr with its line number and
skipped; nothing is written for it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from csba.errors import DomainError

from . import bm25
from .answer import answer_page
from .encoder import get_encoder
from .engine import semantic_enabled
from .index import contribution, digest
from .passages import extract_passages
from .text import clean_question, language_for_marketplace, language_of

_PAGE_FIELDS = {"asin": str, "title": str, "bullets": list, "description": str, "attributes": (dict, list)}


class Malformed(ValueError):
    pass


@dataclass
class Record:
    id: object
    language: str
    question: str
    page: dict
    marketplace: str = "US"


def parse_line(raw: bytes) -> Record | None:
    """A record, None for a blank line, or Malformed with the reason."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Malformed(_("not valid UTF-8 (byte %(position)s)") % {"position": exc.start}) from exc
    if not text.strip():
        return None
    try:
        item = json.loads(text)
    except ValueError as exc:
        raise Malformed(_("not valid JSON: %(error)s") % {"error": exc}) from exc
    if not isinstance(item, dict):
        raise Malformed(_("a JSON object is expected"))
    if "id" not in item or item["id"] is None or isinstance(item["id"], (dict, list)):
        raise Malformed(_('missing or invalid "id"'))
    marketplace = item.get("marketplace", "US")
    if not isinstance(marketplace, str):
        raise Malformed(_('"marketplace" must be a string'))
    product = item.get("product")
    if not isinstance(product, dict):
        raise Malformed(_('"product" must be an object'))
    for name, kind in _PAGE_FIELDS.items():
        if product.get(name) is not None and not isinstance(product[name], kind):
            raise Malformed(_('"product.%(field)s" has the wrong type') % {"field": name})
    try:
        question = clean_question(item.get("question"))
    except DomainError as exc:
        raise Malformed(exc.message) from exc
    language = (
        language_of(item["language"])
        if isinstance(item.get("language"), str)
        else language_for_marketplace(marketplace)
    )
    return Record(id=item["id"], language=language, question=question, page=product, marketplace=marketplace.upper())


def _page_key(record: Record) -> bytes:
    body = json.dumps(record.page, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.blake2b(record.language.encode() + b"\0" + body, digest_size=16).digest()


class _VectorCache:
    """Passage embeddings for the batch, computed once per distinct text (bounded LRU)."""

    def __init__(self, size: int = 50_000):
        self.size = size
        self.items: OrderedDict[bytes, np.ndarray] = OrderedDict()

    def __call__(self, texts: list[str]) -> np.ndarray | None:
        encoder = get_encoder()
        if encoder is None:
            return None
        keys = [digest(t) for t in texts]
        missing = [(k, t) for k, t in dict(zip(keys, texts)).items() if k not in self.items]
        if missing:
            for (k, _t), v in zip(missing, encoder.encode([t for _k, t in missing])):
                self.items[k] = v
        for k in keys:
            self.items.move_to_end(k)
        while len(self.items) > self.size:
            self.items.popitem(last=False)
        return np.stack([self.items[k] for k in keys])


def _statistics(path: str) -> tuple[dict[str, bm25.Statistics], int]:
    stats: dict[str, bm25.Statistics] = {}
    seen: set[bytes] = set()
    lines = 0
    with open(path, "rb") as stream:
        for raw in stream:
            lines += 1
            try:
                record = parse_line(raw)
            except Malformed:
                continue
            if record is None:
                continue
            key = _page_key(record)
            if key in seen:
                continue
            seen.add(key)
            part = contribution(extract_passages(record.page, record.language), record.language)
            s = stats.setdefault(record.language, bm25.Statistics())
            s.passages += part["passages"]
            s.total_length += part["length"]
            for term, n in part["df"].items():
                s.df[term] = s.df.get(term, 0) + n
    return stats, lines


def _seller_reply_hours() -> dict[str, int]:
    """Hours a seller has to answer a case, per marketplace code (the holding reply names them)."""
    try:
        from sellers.models import Marketplace

        return dict(Marketplace.objects.values_list("code", "seller_reply_hours"))
    except Exception:  # no database (a bare batch run): the reply then names no hours
        return {}


def answer_file(in_path: str, out, err, *, progress: bool | None = None) -> dict:
    """Answer every line of ``in_path`` into the text stream ``out``; report
    rejected lines on ``err``. Returns counts {lines, answered, escalated, rejected}."""
    spooled = None
    if in_path == "-":
        spooled = tempfile.NamedTemporaryFile(prefix="answer-questions-", suffix=".jsonl", delete=False)
        shutil.copyfileobj(sys.stdin.buffer, spooled)
        spooled.close()
        in_path = spooled.name
    try:
        stats, total = _statistics(in_path)
        vectors = _VectorCache()

        def statistics_for(language, _terms):
            return stats.get(language)

        any_english = "en" in stats and semantic_enabled("en")
        reply_hours = _seller_reply_hours()
        counts = {"lines": 0, "answer": 0, "escalate": 0, "rejected": 0}
        if progress is None:
            progress = err.isatty() if hasattr(err, "isatty") else False
        from tqdm import tqdm

        bar = tqdm(total=total, disable=not progress, unit="q", file=err, desc="answer_questions")
        with open(in_path, "rb") as stream:
            for number, raw in enumerate(stream, start=1):
                bar.update(1)
                try:
                    record = parse_line(raw)
                except Malformed as exc:
                    counts["rejected"] += 1
                    err.write(_("line %(number)s: rejected: %(reason)s") % {"number": number, "reason": exc} + "\n")
                    continue
                if record is None:
                    continue
                counts["lines"] += 1
                result = answer_page(
                    page=record.page,
                    question=record.question,
                    language=record.language,
                    statistics_for=statistics_for,
                    vectors_for=vectors if any_english else None,
                    encode=vectors if any_english else None,
                    seller_reply_hours=reply_hours.get(record.marketplace),
                )
                counts[result["decision"]] += 1
                out.write(json.dumps({"id": record.id, **result}, ensure_ascii=False) + "\n")
        bar.close()
        return counts
    finally:
        if spooled is not None:
            import os

            os.unlink(spooled.name)
