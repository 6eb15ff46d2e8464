"""``manage.py answer_questions IN.jsonl -o OUT.jsonl``: answer or escalate
product questions against the detail pages given with them (the contract is
in ARCHITECTURE.md). Also the seller's detail-page coverage check: the lines
with "decision": "escalate" are the questions the page cannot answer."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from inquiries.answering.batch import answer_file


class Command(BaseCommand):
    help = "Answer product questions from their detail pages (JSON lines in, JSON lines out)."

    def add_arguments(self, parser):
        parser.add_argument("input", help="JSON lines: {id, marketplace, question, product{…}}; '-' for stdin")
        parser.add_argument("-o", "--output", required=True, help="where to write the answers; '-' for stdout")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")

    def handle(self, *args, input, output, no_progress, **options):
        err = getattr(self.stderr, "_out", sys.stderr)
        try:
            out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc}") from exc
        try:
            counts = answer_file(input, out, err, progress=False if no_progress else None)
        except FileNotFoundError as exc:
            raise CommandError(f"cannot read {input}: {exc}") from exc
        finally:
            if out is not sys.stdout:
                out.close()
        err.write(
            f"{counts['lines']} questions: {counts['answer']} answered, {counts['escalate']} escalated, "
            f"{counts['rejected']} lines rejected\n"
        )
        if counts["rejected"]:
            raise CommandError(f"{counts['rejected']} line(s) rejected", returncode=2)
