"""Close (or recompute) a billing month for a marketplace.

python manage.py close_month --marketplace US --month 2026-10 [--recompute --reason TEXT] [--operator USERNAME]

A recomputation needs a reason: it is kept with every statement that changes
(as a revision holding the previous figures) and in the month's
recomputation record.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from csba import clock
from csba.errors import DomainError

from ...periods import parse_month
from ...services import month_close


class Command(BaseCommand):
    help = "Close a billing month for a marketplace (idempotent); --recompute records each change as a revision."

    def add_arguments(self, parser):
        parser.add_argument("--marketplace", required=True, help="Marketplace code, e.g. US.")
        parser.add_argument("--month", required=True, help="YYYY-MM.")
        parser.add_argument("--recompute", action="store_true", help="Compute a closed month again.")
        parser.add_argument("--reason", default="", help="Why the month is recomputed (required with --recompute).")
        parser.add_argument("--operator", default="", help="Username of the operator, recorded as who closed it.")

    def handle(self, *args, marketplace, month, recompute, reason, operator, **options):
        try:
            first_day = parse_month(month)
        except (ValueError, TypeError):
            raise CommandError(f"--month {month!r}: use YYYY-MM, e.g. 2026-10.") from None
        if recompute and not reason.strip():
            raise CommandError("--recompute needs --reason TEXT: the reason is kept with every revision.")
        actor = None
        if operator:
            actor = get_user_model().objects.filter(username=operator).first()
            if actor is None:
                raise CommandError(f"--operator {operator!r}: there is no such user.")
        try:
            result = month_close(
                marketplace=marketplace,
                month=first_day,
                now=clock.now(),
                recompute=recompute,
                reason=reason,
                actor=actor,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        code = result.close.marketplace.code
        if result.already_closed:
            self.stdout.write(
                f"{code} {first_day:%Y-%m} was already closed ({result.close.statements} statements); "
                "nothing changed. Use --recompute to compute it again."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{code} {first_day:%Y-%m}: {result.created} statements created, {result.revised} changed, "
                    f"{result.unchanged} unchanged ({result.close.duration_ms} ms)."
                )
            )
