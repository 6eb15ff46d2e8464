"""Reason classification of a buyer contact from its text alone.

Every reason collects evidence from the cue phrases of ``rules.py`` it finds
in the text; the reason with the most evidence wins. A few rules of the
domain then settle the cases where cues of several reasons meet:

- the problem wins over the remedy: an item that arrived broken or wrong is
  ``damaged_or_defective`` / ``wrong_or_missing_item`` even when the buyer
  asks for a refund or a return;
- ``pre_order`` only when nothing says the buyer already bought;
- ``invoice`` when an invoice is asked for; a mere mention next to a refund
  or payment question leaves the other reason in front;
- with no cue strong enough the contact is ``other``.

The same function serves intake (``inquiries.services.intake``) and the
``classify_contacts`` batch command.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..reasons import Reason, route_for_reason
from . import rules
from .language import _JAPANESE, detect_language

R = Reason

# When evidence ties, the more specific reason wins (earlier is stronger).
PRIORITY = (
    R.CUSTOMIZATION, R.INVOICE, R.DAMAGED_OR_DEFECTIVE, R.WRONG_OR_MISSING_ITEM, R.PRE_ORDER, R.ACCOUNT,
    R.CANCEL_ORDER, R.CHANGE_ORDER, R.RETURN_REQUEST, R.REFUND, R.PAYMENT, R.WHERE_IS_MY_ORDER,
    R.PRODUCT_QUESTION, R.FEEDBACK_COMPLAINT, R.OTHER,
)
_RANK = {reason: index for index, reason in enumerate(PRIORITY)}
# Below this much evidence the text says too little to name a reason.
MIN_EVIDENCE = 1.5
# How far a domain rule puts the losing reason behind the winner: far enough
# that the statistical tie-breaker does not undo the rule.
DECISIVE = 2.0
# Below this confidence the two best reasons are a near-tie for the model to break.
TIE = 0.75
# Without any cue, the model names a reason only when it is at least this sure.
MODEL_MIN_PROBABILITY = 0.5
# Reasons that name the problem; the remedies they outweigh.
PROBLEMS = (R.DAMAGED_OR_DEFECTIVE, R.WRONG_OR_MISSING_ITEM)
REMEDIES = (R.REFUND, R.RETURN_REQUEST, R.FEEDBACK_COMPLAINT, R.CANCEL_ORDER, R.PRODUCT_QUESTION)
# Requests for an action on the order; where they are made, delivery-status cues
# are the buyer's grounds ("it has not shipped yet, so please cancel").
ACTIONS = (R.CANCEL_ORDER, R.CHANGE_ORDER, R.REFUND)
# Reasons the classify contract allows (A-to-z claims arrive flagged by their channel, not by text).
REASONS = tuple(reason.value for reason in PRIORITY)


@dataclass(frozen=True)
class Classification:
    reason: str
    language: str
    confidence: float
    matched: tuple[str, ...]
    scores: dict
    decided_by: str = "cues"  # or "model" (the statistical tie-breaker / fallback)

    @property
    def route(self) -> str:
        return route_for_reason(self.reason)


@dataclass(frozen=True)
class _Cue:
    reason: str
    pattern: re.Pattern
    weight: float


@lru_cache(maxsize=1)
def _compiled():
    def cues(table):
        return [_Cue(str(reason), re.compile(pattern), weight) for reason, items in table.items() for pattern, weight in items]

    def any_of(patterns):
        return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))

    return {
        "latin": cues(rules.LATIN),
        "japanese": cues(rules.JAPANESE),
        "post_latin": any_of(rules.POST_ORDER_LATIN),
        "post_japanese": any_of(rules.POST_ORDER_JAPANESE),
        "invoice_request": any_of(rules.INVOICE_REQUEST),
        "invoice_not_requested": any_of(rules.INVOICE_NOT_REQUESTED),
        "buyer_error": any_of(rules.BUYER_ERROR),
        "negated": cues(rules.NEGATED),
    }


_LATIN_LETTER = re.compile(r"[a-zäöüß]")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    # Typographic apostrophes and dashes as buyers type them.
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")


@dataclass(frozen=True)
class _Context:
    post_order: bool
    invoice_request: bool
    invoice_not_requested: bool
    buyer_error: bool


def _evidence(text: str) -> tuple[dict[str, float], list[str], _Context]:
    compiled = _compiled()
    has_latin = bool(_LATIN_LETTER.search(text))
    has_japanese = bool(_JAPANESE.search(text))
    scores: dict[str, float] = {}
    matched: list[str] = []
    groups = []
    if has_latin:
        groups.append(compiled["latin"])
    if has_japanese:
        groups.append(compiled["japanese"])
    for group in groups:
        for cue in group:
            found = cue.pattern.search(text)
            if found is None:
                continue
            scores[cue.reason] = scores.get(cue.reason, 0.0) + cue.weight
            matched.append(f"{cue.reason}:{found.group(0).strip()[:40]}")
    for cue in compiled["negated"]:
        if cue.reason in scores and cue.pattern.search(text):
            scores[cue.reason] = max(0.0, scores[cue.reason] - cue.weight)
    context = _Context(
        post_order=bool(
            (has_latin and compiled["post_latin"].search(text))
            or (has_japanese and compiled["post_japanese"].search(text))
        ),
        invoice_request=bool(compiled["invoice_request"].search(text)),
        invoice_not_requested=bool(compiled["invoice_not_requested"].search(text)),
        buyer_error=bool(compiled["buyer_error"].search(text)),
    )
    return scores, matched, context


def _settle(scores: dict[str, float], context: _Context) -> tuple[dict[str, float], set[str]]:
    """The scores after the domain rules, and the reasons those rules demoted
    (which the statistical tie-breaker may not bring back)."""
    scores = dict(scores)
    before = dict(scores)
    if context.post_order and R.PRE_ORDER in scores:
        # Bought already: availability or payment-method cues are about the order at hand.
        scores[R.PRE_ORDER] *= 0.25
    if context.buyer_error and R.WRONG_OR_MISSING_ITEM in scores:
        # "I ordered the wrong size": the buyer wants to cancel, change or return.
        scores[R.WRONG_OR_MISSING_ITEM] *= 0.3
    if R.INVOICE in scores:
        if context.invoice_not_requested:
            scores[R.INVOICE] *= 0.3
        elif context.invoice_request:
            scores[R.INVOICE] += 3
        elif any(scores.get(other, 0) >= 3 for other in (R.REFUND, R.PAYMENT)):
            scores[R.INVOICE] *= 0.5
    problem = max((scores.get(reason, 0.0) for reason in PROBLEMS), default=0.0)
    if problem >= 3:
        for remedy in REMEDIES:
            if remedy in scores:
                scores[remedy] = min(scores[remedy], problem - DECISIVE)
    action = max((scores.get(reason, 0.0) for reason in ACTIONS), default=0.0)
    if action >= 3.5 and scores.get(R.WHERE_IS_MY_ORDER, 0) >= action:
        scores[R.WHERE_IS_MY_ORDER] = action - DECISIVE
    # "Cancel" after the parcel arrived is a return.
    if scores.get(R.CANCEL_ORDER) and scores.get(R.RETURN_REQUEST, 0) >= 3 and context.post_order:
        scores[R.CANCEL_ORDER] = min(scores[R.CANCEL_ORDER], scores[R.RETURN_REQUEST] - DECISIVE)
    return scores, {reason for reason, value in scores.items() if value < before[reason]}


def classify(text: str, *, marketplace: str | None = None, language: str | None = None) -> Classification:
    """The reason of a contact, with the language, a confidence in [0, 1] and
    the cues that decided it (shown to agents with the routing decision)."""
    normalised = normalise(text or "")
    detected = language or detect_language(normalised, default=_default_language(marketplace))
    raw, matched, context = _evidence(normalised)
    scores, demoted = _settle(raw, context)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _RANK[item[0]]))
    decided_by = "cues"
    if not ranked or ranked[0][1] < MIN_EVIDENCE:
        reason, confidence = R.OTHER.value, 0.5 if not ranked else 0.3
        # No cue: the statistical model may still recognise the contact.
        guess = _model_guess(normalised, among=None)
        if guess is not None and guess[1] >= MODEL_MIN_PROBABILITY:
            reason, confidence, decided_by = guess[0], round(guess[1] * 0.8, 3), "model"
    else:
        reason = ranked[0][0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        confidence = round(min(1.0, 0.5 + (ranked[0][1] - runner_up) / (2 * ranked[0][1])), 3)
        if confidence < TIE and len(ranked) > 1 and ranked[1][0] not in demoted:
            # A near-tie between the two best reasons: the model breaks it.
            guess = _model_guess(normalised, among=(ranked[0][0], ranked[1][0]))
            if guess is not None and guess[0] != reason:
                reason, decided_by = guess[0], "model"
    return Classification(
        reason=reason, language=detected, confidence=confidence,
        matched=tuple(item for item in matched if item.startswith(reason + ":")) or tuple(matched[:3]),
        scores={key: round(value, 2) for key, value in scores.items()},
        decided_by=decided_by,
    )


def _model_guess(normalised: str, *, among: tuple[str, ...] | None) -> tuple[str, float] | None:
    from .statistical import model

    trained = model()
    if trained is None:
        return None
    probabilities = trained.probabilities(normalised)
    candidates = among or tuple(probabilities)
    best = max(candidates, key=lambda reason: probabilities.get(reason, 0.0))
    return best, probabilities.get(best, 0.0)


def _default_language(marketplace: str | None) -> str:
    from sellers.models.marketplace import Marketplace  # the owner of the mapping

    return Marketplace.language_for_code(marketplace)
