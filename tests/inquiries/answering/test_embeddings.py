"""Each text is embedded once per process: the answer engine and a
classifier on the same encoder share the vector."""

import numpy as np

from inquiries.answering import embeddings


class CountingEncoder:
    def __init__(self):
        self.seen: list[str] = []

    def encode(self, texts, batch_size=32):
        self.seen.extend(texts)
        return np.array([[float(len(t)), 1.0] + [0.0] * (embeddings.DIMENSION - 2) for t in texts], dtype=np.float32)


def test_a_text_is_encoded_once_and_served_from_the_cache_after(monkeypatch):
    encoder = CountingEncoder()
    monkeypatch.setattr(embeddings, "get_encoder", lambda: encoder)
    monkeypatch.setattr(embeddings, "_cache", type(embeddings._cache)())
    first = embeddings.text_vectors(["where is my order", "is it waterproof", "where is my order"])
    again = embeddings.text_vectors(["is it waterproof", "where is my order"])
    assert encoder.seen == ["where is my order", "is it waterproof"]  # each distinct text once
    assert first[0][0] == first[2][0] == len("where is my order")
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])


def test_the_cache_keeps_the_most_recent_texts(monkeypatch):
    encoder = CountingEncoder()
    monkeypatch.setattr(embeddings, "get_encoder", lambda: encoder)
    monkeypatch.setattr(embeddings, "_cache", type(embeddings._cache)())
    monkeypatch.setattr(embeddings, "CACHE_SIZE", 2)
    embeddings.text_vectors(["a", "b"])
    embeddings.text_vectors(["a", "c"])  # b is the least recently used: dropped
    embeddings.text_vectors(["a", "b"])
    assert encoder.seen == ["a", "b", "c", "b"]
