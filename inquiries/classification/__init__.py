"""Reason classification and language detection of buyer contacts (text only)."""

from .classifier import REASONS, Classification, classify, classify_many
from .language import LANGUAGES, detect_language

__all__ = ["REASONS", "LANGUAGES", "Classification", "classify", "classify_many", "detect_language"]
