"""Close (or recompute) a billing month for a marketplace.

python manage.py close_month --marketplace US --month 2026-10 [--recompute] [--reason TEXT]
"""

from __future__ import annotations

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
        parser.add_argument("--reason", default="", help="Recorded with each revision.")

    def handle(self, *args, marketplace, month, recompute, reason, **options):
        try:
            first_day = parse_month(month)
        except (ValueError, TypeError):
            raise CommandError(f"--month {month!r}: use YYYY-MM, e.g. 2026-10.") from None
        try:
            result = month_close(
                marketplace=marketplace,
                month=first_day,
                now=clock.now(),
                recompute=recompute,
                reason=reason or ("recomputed from the command line" if recompute else ""),
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
