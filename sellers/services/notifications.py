"""Emails to sellers about their enrollment (HTML + text, in the seller's language)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from csba.db import locked
from csba.mail import send_templated_mail

from ..models import Enrollment, EnrollmentStatus

KINDS = ("activated", "default")


def enrollment_notify(*, enrollment_id: int, kind: str, now: datetime) -> bool:
    """Email the seller that its window is active (``activated``) or that it
    was enrolled by default and how to opt out (``default``). An activation
    is announced once (``activation_notified_at``); a window ended meanwhile
    gets no activation email. Returns whether an email was sent."""
    if kind not in KINDS:
        raise ValueError(f"unknown enrollment notification {kind!r}")
    with transaction.atomic():
        enrollment = locked(Enrollment.objects.filter(pk=enrollment_id))
        if enrollment is None:
            return False
        if kind == "activated":
            if enrollment.status != EnrollmentStatus.ACTIVE or enrollment.activation_notified_at is not None:
                return False
            enrollment.activation_notified_at = now
            enrollment.save(update_fields=["activation_notified_at"])
        seller, marketplace = enrollment.seller, enrollment.marketplace
        # Sent inside the transaction that records it: a failed send rolls the
        # mark back and the task's retry sends again.
        send_templated_mail(
            template=f"sellers/email/enrollment_{kind}",
            to=seller.notification_email,
            language=seller.preferred_language,
            time_zone=seller.time_zone,
            context={
                "enrollment": enrollment,
                "seller": seller,
                "marketplace": marketplace,
                "url": f"{settings.SITE_URL}/seller/enrollment/{marketplace.code}/",
                "opt_out_url": f"{settings.SITE_URL}/seller/enrollment/{marketplace.code}/opt-out/",
            },
        )
        return True
