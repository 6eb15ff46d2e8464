"""Fixtures for the email tests: the .eml files in fixtures/ (real RFC 5322
messages as raw bytes, written for these tests in English, German and
Japanese) and a throwaway media folder for stored attachments."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def eml(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
