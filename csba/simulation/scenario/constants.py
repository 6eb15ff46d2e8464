"""The scenario schema's names and defaults that several sections share:
channels, languages, contact reasons and their mix, handle times, the
shapes of a day and a week, and the checks of a key's name."""

from __future__ import annotations

from inquiries.reasons import Reason

BUYER_CHANNELS = ("email", "chat", "phone", "web_form")
LIVE_CHANNELS = ("phone", "chat")
LANGUAGES = ("en", "de", "ja")
# Contacts a buyer starts (A-to-z claims come from the claim form, driven by
# the buyer model, not by this mix).
CONTACT_REASONS = tuple(r.value for r in Reason if r != Reason.A_TO_Z_CLAIM)
REASON_MIX = {
    "where_is_my_order": 0.29,
    "cancel_order": 0.06,
    "change_order": 0.04,
    "return_request": 0.14,
    "refund": 0.06,
    "damaged_or_defective": 0.09,
    "wrong_or_missing_item": 0.05,
    "product_question": 0.10,
    "payment": 0.03,
    "feedback_complaint": 0.03,
    "invoice": 0.03,
    "customization": 0.01,
    "pre_order": 0.03,
    "account": 0.02,
    "other": 0.02,
}
# Mean handle time of a first contact per reason, minutes (before the channel factor).
HANDLE_MINUTES = {
    "where_is_my_order": 4.5,
    "cancel_order": 5.0,
    "change_order": 6.0,
    "return_request": 6.0,
    "refund": 6.0,
    "damaged_or_defective": 7.5,
    "wrong_or_missing_item": 7.5,
    "product_question": 5.5,
    "payment": 6.0,
    "feedback_complaint": 7.0,
    "other": 6.0,
    "a_to_z_claim": 9.0,
}
DAY_SHAPE = (
    0.5,
    0.3,
    0.2,
    0.2,
    0.3,
    0.6,
    1.2,
    2.4,
    3.8,
    5.0,
    5.6,
    5.6,
    5.2,
    5.4,
    5.6,
    5.4,
    5.0,
    4.8,
    5.0,
    5.6,
    5.8,
    5.0,
    3.2,
    1.6,
)
WEEK_SHAPE = (1.08, 1.05, 1.0, 1.0, 0.97, 0.92, 0.98)


def country_problem(code: str) -> str | None:
    if len(code) == 2 and code.isalpha() and code.isupper():
        return None
    return "expected a two-letter country code such as CN"


def language_problem(code: str) -> str | None:
    return None if code in LANGUAGES else f"unknown language (expected one of {', '.join(LANGUAGES)})"


def units_problem(key: str) -> str | None:
    return None if key.isdigit() and 1 <= int(key) <= 20 else "expected a number of units from 1 to 20"
