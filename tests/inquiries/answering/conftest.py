import pytest

from inquiries.answering import index


@pytest.fixture(autouse=True)
def answer_index_file(tmp_path, settings):
    """Each test gets an empty answer index of its own."""
    settings.ANSWERING_INDEX_PATH = str(tmp_path / "answer-index.sqlite3")
    index.close()
    yield settings.ANSWERING_INDEX_PATH
    index.close()
