"""`manage.py ingest_mail PATH`: take in buyer email from a Maildir, a folder
of .eml files or one .eml file. Reports per message what it did; exits
non-zero if any message was rejected."""

from django.core.management.base import BaseCommand, CommandError

from csba import clock
from inquiries.intake.services.mail import mail_ingest_paths


class Command(BaseCommand):
    help = "Ingest buyer email (Maildir, folder of .eml files, or one .eml file) as tickets."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A Maildir, a folder of .eml files, or an .eml file.")

    def handle(self, *args, path: str, **options):
        import os

        if not os.path.exists(path):
            raise CommandError(f"{path}: no such file or folder")
        report = mail_ingest_paths(path=path, now=clock.now())
        for outcome in report.outcomes:
            where = f" → CSBA-{outcome.ticket_id}" if outcome.ticket_id else ""
            why = (
                f" ({outcome.reason}: {outcome.detail})"
                if outcome.status == "rejected"
                else (f" ({outcome.detail})" if outcome.detail else "")
            )
            self.stdout.write(f"{outcome.name}: {outcome.status}{where}{why}")
        counts = ", ".join(f"{n} {status}" for status, n in sorted(report.as_dict().items())) or "no messages"
        self.stdout.write(f"{len(report.outcomes)} message(s): {counts}")
        if report.rejected:
            raise CommandError(f"{report.rejected} message(s) rejected")
