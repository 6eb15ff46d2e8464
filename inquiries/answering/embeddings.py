"""Sentence vectors of texts, each text encoded once per process.

A contact's text is embedded where it is first needed and then served from
here: the answer engine embeds the buyer's question (and its variants), and a
classifier on the same encoder can read the same vector instead of running
the model again (``text_vectors([contact_text])``). The cache is keyed by the
text itself (a least-recently-used dict of ``CACHE_SIZE`` entries, ~1.5 KiB
each), so a question asked again, in the same words, costs a look-up."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from .encoder import DIMENSION, get_encoder

CACHE_SIZE = 20_000
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_lock = threading.Lock()


def text_vectors(texts: list[str]) -> np.ndarray:
    """Unit-length vectors, one row per text (the encoder's ``encode``, cached).
    Zeros when the model is not installed."""
    texts = list(texts)
    result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    missing: list[str] = []
    with _lock:
        for row, text in enumerate(texts):
            vector = _cache.get(text)
            if vector is None:
                missing.append(text)
            else:
                _cache.move_to_end(text)
                result[row] = vector
    if missing:
        encoder = get_encoder()
        if encoder is None:
            return result
        unique = list(dict.fromkeys(missing))
        fresh = dict(zip(unique, encoder.encode(unique)))
        with _lock:
            for text, vector in fresh.items():
                _cache[text] = vector
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        for row, text in enumerate(texts):
            if text in fresh:
                result[row] = fresh[text]
    return result


def cached_count() -> int:
    return len(_cache)
