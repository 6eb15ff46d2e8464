"""The monthly performance report: one email per statement (HTML + text, in
the seller's language), sent once."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import transaction

from csba.db import locked
from csba.mail import send_templated_mail

from ..models import MonthlyStatement
from ..presentation import statement_view


def statement_report_send(*, statement_id: int, now: datetime) -> bool:
    """Email the statement's report unless it was sent already. Locks the
    statement; the mark and the send share a transaction, so a failed send
    leaves it unsent for the task's retry. Returns whether it was sent."""
    with transaction.atomic():
        statement = locked(MonthlyStatement.objects.filter(pk=statement_id, report_sent_at__isnull=True))
        if statement is None:
            return False
        statement = MonthlyStatement.objects.select_related("seller", "marketplace", "rate_card").get(pk=statement.pk)
        seller = statement.seller
        statement.report_sent_at = now
        statement.save(update_fields=["report_sent_at"])
        send_templated_mail(
            template="billing/email/statement_report",
            to=seller.notification_email,
            language=seller.preferred_language,
            time_zone=seller.time_zone,
            # statement_view formats money and months: in the seller's language.
            context=lambda: {
                "statement": statement,
                "view": statement_view(statement),
                "seller": seller,
                "marketplace": statement.marketplace,
                "url": f"{settings.SITE_URL}/seller/billing/statements/{statement.pk}/",
                "insights_url": f"{settings.SITE_URL}/seller/billing/insights/?marketplace={statement.marketplace.code}",
            },
        )
        return True


def statement_reports_send(*, marketplace_id: int, month: date, now: datetime) -> int:
    """Send every report of the month not sent yet; returns how many were sent.
    Safe to run twice or concurrently (each statement is locked and marked)."""
    pending = (
        MonthlyStatement.objects.filter(marketplace_id=marketplace_id, month=month, report_sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(statement_report_send(statement_id=pk, now=now) for pk in list(pending))
