"""The case log's two clocks as pure rules on loaded values, read by the
services and the pages alike: when a seller's reply is late, and until when a
SAFE-T claim may be filed."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..states import CASE_CLOSED, CaseStatus


def is_reply_late(*, status: str, deadline_at: datetime, now: datetime) -> bool:
    """A seller's reply is on time only before the deadline (DOMAIN.md): one
    that arrives at or after ``deadline_at`` to a case still awaiting the
    seller is late whether or not the sweep has run yet, and one to a closed
    case is late. Further replies to a case answered in time are not."""
    return status in CASE_CLOSED or (status == CaseStatus.AWAITING_SELLER and now >= deadline_at)


def safet_claim_deadline(*, issued_at: datetime, marketplace) -> datetime:
    """The last moment a SAFE-T claim on a refund may be filed: the refund's
    time plus the marketplace's ``safet_claim_days`` (60, Amazon's published
    window)."""
    return issued_at + timedelta(days=marketplace.safet_claim_days)
