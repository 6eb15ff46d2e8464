"""The catalog index: global BM25 statistics per language and a cache of
passage embeddings, in an SQLite file of its own.

Why a file and not the project database: the index is derived data (it can
always be rebuilt from the catalog with ``rebuild_answer_index``), it is
written by bulk loads the project's tables need not see, and its
concurrency needs are simple: WAL mode lets the web server and the workers
read while one writer updates.

What it holds:

- ``stats(language, passages, total_length)`` and ``df(language, term, n)``:
  how many passages of the catalog contain each term (BM25's global IDF);
- ``product(product_id, language, contribution)``: what one product added
  to those counts, so that re-indexing it after an edit first takes its old
  contribution away (incremental update), and a deleted product can be removed;
- ``vector(digest, vector)``: all-MiniLM-L6-v2 embeddings of passage texts,
  keyed by a hash of the text (a passage edited is a new key: no stale vector).

Passages themselves are not stored: answering reads the product's current
page, so an edit is answerable at once; the statistics follow on commit.

Where: ``settings.ANSWERING_INDEX_PATH`` if set; else beside an SQLite
database file, or ``VAR_DIR/answer_index-<database>.sqlite3`` for
PostgreSQL; a temporary file per process for an in-memory test database.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection

from . import bm25
from .encoder import DIMENSION, get_encoder
from .passages import Passage, extract_passages
from .tokenize import document_length, document_terms

SCHEMA = """
CREATE TABLE IF NOT EXISTS stats (language TEXT PRIMARY KEY, passages INTEGER NOT NULL, total_length INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS df (language TEXT NOT NULL, term TEXT NOT NULL, n INTEGER NOT NULL,
                               PRIMARY KEY (language, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS product (product_id INTEGER PRIMARY KEY, language TEXT NOT NULL, contribution TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vector (digest BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
"""

_local = threading.local()
_temp_dir: str | None = None


def index_path() -> str:
    global _temp_dir
    explicit = getattr(settings, "ANSWERING_INDEX_PATH", None) or os.environ.get("ANSWERING_INDEX_PATH")
    if explicit:
        return str(explicit)
    db = connection.settings_dict
    name = str(db.get("NAME") or "")
    if connection.vendor == "sqlite":
        if name == ":memory:" or "mode=memory" in name or not name:
            if _temp_dir is None:
                _temp_dir = tempfile.mkdtemp(prefix="csba-answer-index-")
            return os.path.join(_temp_dir, "answer_index.sqlite3")
        path = Path(name)
        return str(path.with_name(f"{path.stem}-answer-index.sqlite3"))
    return str(Path(settings.VAR_DIR) / f"answer_index-{name or 'default'}.sqlite3")


def _connect(path: str) -> sqlite3.Connection:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    return db


def db() -> sqlite3.Connection:
    """This thread's connection to the index (re-opened after a fork or a path change)."""
    path = index_path()
    key = (os.getpid(), path)
    if getattr(_local, "key", None) != key:
        _local.connection = _connect(path)
        _local.key = key
    return _local.connection


def close() -> None:
    connection_ = getattr(_local, "connection", None)
    if connection_ is not None:
        connection_.close()
    _local.key = None
    _local.connection = None


class _Transaction:
    def __init__(self, database: sqlite3.Connection):
        self.db = database

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


# --- statistics ------------------------------------------------------------------------------------


def statistics(language: str, terms) -> bm25.Statistics | None:
    """The catalog's statistics for ``language``, with document frequencies of
    ``terms`` only; None while the index has no passage in that language."""
    database = db()
    row = database.execute("SELECT passages, total_length FROM stats WHERE language = ?", (language,)).fetchone()
    if row is None or row[0] <= 0:
        return None
    terms = list(terms)
    df: dict[str, int] = {}
    for start in range(0, len(terms), 500):
        chunk = terms[start : start + 500]
        marks = ",".join("?" * len(chunk))
        df.update(
            database.execute(
                f"SELECT term, n FROM df WHERE language = ? AND term IN ({marks})", (language, *chunk)
            ).fetchall()
        )
    return bm25.Statistics(passages=row[0], total_length=row[1], df=df)


def contribution(passages: list[Passage], language: str) -> dict:
    """What the passages add to the statistics: passage count, total length, df per term."""
    df: dict[str, int] = {}
    length = 0
    for passage in passages:
        terms, words = passage_summary(passage.text, language)
        length += words
        for term in terms:
            df[term] = df.get(term, 0) + 1
    return {"passages": len(passages), "length": length, "df": df}


@lru_cache(maxsize=100_000)
def passage_summary(text: str, language: str) -> tuple[tuple[str, ...], int]:
    """Distinct terms and BM25 length of a passage text. Cached: catalogs
    repeat passages ("color: black", "Batteries included: no") a lot."""
    terms = document_terms(text, language)
    return tuple(terms), document_length(terms)


def _apply(database: sqlite3.Connection, language: str, part: dict, sign: int) -> None:
    if not part.get("passages"):
        return
    database.execute(
        "INSERT INTO stats (language, passages, total_length) VALUES (?, ?, ?) ON CONFLICT(language) DO UPDATE "
        "SET passages = passages + excluded.passages, total_length = total_length + excluded.total_length",
        (language, sign * part["passages"], sign * part["length"]),
    )
    database.executemany(
        "INSERT INTO df (language, term, n) VALUES (?, ?, ?) ON CONFLICT(language, term) DO UPDATE SET n = n + excluded.n",
        [(language, term, sign * n) for term, n in part["df"].items()],
    )
    if sign < 0:
        database.execute("DELETE FROM df WHERE language = ? AND n <= 0", (language,))


def product_language(product) -> str:
    from .text import language_of

    if getattr(product, "language", ""):
        return language_of(product.language)
    return language_of(product.marketplace.default_language)


def update_product(*, product_id: int, language: str, page: dict | None, embed: bool = False) -> dict:
    """Replace one product's contribution (``page`` None: the product is gone)."""
    passages = extract_passages(page, language) if page is not None else []
    new = contribution(passages, language)
    database = db()
    with _Transaction(database):
        row = database.execute(
            "SELECT language, contribution FROM product WHERE product_id = ?", (product_id,)
        ).fetchone()
        if row is not None:
            _apply(database, row[0], json.loads(row[1]), -1)
            database.execute("DELETE FROM product WHERE product_id = ?", (product_id,))
        if page is not None:
            _apply(database, language, new, +1)
            database.execute(
                "INSERT INTO product (product_id, language, contribution) VALUES (?, ?, ?)",
                (product_id, language, json.dumps(new, ensure_ascii=False)),
            )
    if embed and passages:
        vectors([p.text for p in passages])
    return {"passages": len(passages), "language": language}


def rebuild(products, *, embed: bool = False, progress=None) -> dict:
    """Replace the whole index by the given products: an iterable of
    (product_id, language, page). Readers see the old index until the commit."""
    totals: dict[str, dict] = {}
    rows = []
    texts_to_embed: list[str] = []
    count = 0
    for product_id, language, page in products:
        passages = extract_passages(page, language)
        part = contribution(passages, language)
        total = totals.setdefault(language, {"passages": 0, "length": 0, "df": Counter()})
        total["passages"] += part["passages"]
        total["length"] += part["length"]
        total["df"].update(part["df"])
        rows.append((product_id, language, json.dumps(part, ensure_ascii=False, separators=(",", ":"))))
        if embed and language == "en":
            texts_to_embed.extend(p.text for p in passages)
        count += 1
        if progress is not None:
            progress(1)
    database = db()
    with _Transaction(database):
        database.execute("DELETE FROM stats")
        database.execute("DELETE FROM df")
        database.execute("DELETE FROM product")
        database.executemany("INSERT INTO product (product_id, language, contribution) VALUES (?, ?, ?)", rows)
        for language, total in totals.items():
            database.execute(
                "INSERT INTO stats (language, passages, total_length) VALUES (?, ?, ?)",
                (language, total["passages"], total["length"]),
            )
            database.executemany(
                "INSERT INTO df (language, term, n) VALUES (?, ?, ?)",
                ((language, term, n) for term, n in total["df"].items()),
            )
    embedded = 0
    unique_texts = list(dict.fromkeys(texts_to_embed))
    for start in range(0, len(unique_texts), 1024):  # bounded memory; each chunk is committed as it is done
        chunk = unique_texts[start : start + 1024]
        if vectors(chunk, compute=True) is None:
            break
        embedded += len(chunk)
    return {
        "products": count,
        "passages": sum(t["passages"] for t in totals.values()),
        "terms": sum(len(t["df"]) for t in totals.values()),
        "embedded": embedded,
        "languages": sorted(totals),
    }


def indexed_products() -> int:
    return db().execute("SELECT COUNT(*) FROM product").fetchone()[0]


# --- embeddings ---------------------------------------------------------------------------------------


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def vectors(texts: list[str], *, compute: bool = True) -> np.ndarray | None:
    """Embeddings of ``texts`` (rows in order) from the cache, computing and
    storing the missing ones; None if the model is not installed."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    keys = [digest(t) for t in texts]
    found: dict[bytes, np.ndarray] = {}
    database = db()
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for key, blob in database.execute(f"SELECT digest, vector FROM vector WHERE digest IN ({marks})", chunk):
            found[bytes(key)] = np.frombuffer(blob, dtype=np.float32)
    missing = [k for k in unique if k not in found]
    if missing:
        encoder = get_encoder() if compute else None
        if encoder is None:
            return None
        text_of = dict(zip(keys, texts))
        fresh = encoder.encode([text_of[k] for k in missing], batch_size=64)
        with _Transaction(database):
            database.executemany(
                "INSERT OR REPLACE INTO vector (digest, vector) VALUES (?, ?)",
                [(k, v.astype(np.float32).tobytes()) for k, v in zip(missing, fresh)],
            )
        found.update(zip(missing, fresh))
    return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)
