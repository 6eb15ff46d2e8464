"""`manage.py classify_contacts IN.jsonl -o OUT.jsonl`: the reason and route
of each contact from its text alone (the classifier intake uses).

IN line:  {"id", "text", "marketplace"}
OUT line: {"id", "reason", "route"} (+ "language", "confidence")
Malformed lines are reported on stderr with their line number and skipped;
the command exits non-zero if any line was rejected."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from csba.jsonl import LineRejected, open_text, require, run_batch
from inquiries.classification import classify

MAX_TEXT_CHARS = 100_000


def classify_record(record: dict) -> dict:
    identifier = record.get("id")
    if identifier is None:
        raise LineRejected('missing field "id"')
    text = require(record, "text", allow_empty=True)
    if len(text) > MAX_TEXT_CHARS:
        raise LineRejected(f'field "text" is longer than {MAX_TEXT_CHARS} characters')
    marketplace = record.get("marketplace")
    if marketplace is not None and not isinstance(marketplace, str):
        raise LineRejected('field "marketplace" must be str')
    result = classify(text, marketplace=marketplace)
    return {
        "id": identifier,
        "reason": result.reason,
        "route": result.route,
        "language": result.language,
        "confidence": result.confidence,
    }


class Command(BaseCommand):
    help = "Classify contacts (JSON Lines) into reasons and routes."

    def add_arguments(self, parser):
        parser.add_argument("input", help='JSON Lines with "id", "text", "marketplace"; "-" for stdin.')
        parser.add_argument("-o", "--output", default="-", help="Where to write the results (default stdout).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")

    def handle(self, *args, input: str, output: str, no_progress: bool, **options):
        try:
            source = open_text(input, "r")
            target = open_text(output, "w", standard=self.stdout._out)
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror}") from None
        with source as source, target as sink:
            report = run_batch(
                source,
                sink,
                classify_record,
                errors=self.stderr._out,
                progress=False if no_progress else None,
                description="contacts",
            )
        self.stderr.write(f"{report.written} classified, {len(report.rejected)} rejected")
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} line(s) rejected")
