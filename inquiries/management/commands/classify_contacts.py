"""`manage.py classify_contacts IN.jsonl -o OUT.jsonl`: the reason and route
of each contact from its text alone (the classifier intake uses).

IN line:  {"id", "text", "marketplace"}
OUT line: {"id", "reason", "route"} (+ "confidence", "unsure", "language")
"confidence" is the calibrated probability of the reason; "unsure" is true
where the model was too unsure to name one (reason "other", for CSBA triage).
Contacts are classified in chunks (the sentence encoder runs batched), and
the output stays in input order. Malformed lines are reported on stderr with
their line number and skipped; the command exits non-zero if any line was
rejected."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from csba.jsonl import LineRejected, open_text, require, run_batch
from inquiries.classification import classify_many
from inquiries.classification.features import prepare_batch

MAX_TEXT_CHARS = 100_000


def check_record(record: dict) -> tuple:
    """The id, text and marketplace of a valid line; LineRejected otherwise."""
    identifier = record.get("id")
    if identifier is None:
        raise LineRejected('missing field "id"')
    text = require(record, "text", allow_empty=True)
    if len(text) > MAX_TEXT_CHARS:
        raise LineRejected(f'field "text" is longer than {MAX_TEXT_CHARS} characters')
    marketplace = record.get("marketplace")
    if marketplace is not None and not isinstance(marketplace, str):
        raise LineRejected('field "marketplace" must be str')
    return identifier, text, marketplace


def classify_records(records: list[tuple]) -> list[dict]:
    results = classify_many([text for _, text, _ in records], marketplaces=[market for _, _, market in records])
    return [
        {
            "id": identifier,
            "reason": result.reason,
            "route": result.route,
            "confidence": result.confidence,
            "unsure": result.unsure,
            "language": result.language,
        }
        for (identifier, _, _), result in zip(records, results)
    ]


class Command(BaseCommand):
    help = "Classify contacts (JSON Lines) into reasons and routes."

    def add_arguments(self, parser):
        parser.add_argument("input", help='JSON Lines with "id", "text", "marketplace"; "-" for stdin.')
        parser.add_argument("-o", "--output", default="-", help="Where to write the results (default stdout).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")
        parser.add_argument(
            "--threads",
            type=int,
            default=2,
            help="BLAS threads for the sentence encoder (default 2; 1 where other work shares the cores).",
        )

    def handle(self, *args, input: str, output: str, no_progress: bool, threads: int, **options):
        try:
            source = open_text(input, "r")
            target = open_text(output, "w", standard=self.stdout._out)
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror}") from None
        prepare_batch(threads=threads)
        with source as source, target as sink:
            report = run_batch(
                source,
                sink,
                check_record,
                handle_many=classify_records,
                errors=self.stderr._out,
                progress=False if no_progress else None,
                description="contacts",
            )
        self.stderr.write(f"{report.written} classified, {len(report.rejected)} rejected")
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} line(s) rejected")
