"""`manage.py export_corrections -o FILE.jsonl [--since YYYY-MM-DD]`: agents'
corrections of contact reasons as labelled examples in the training format
of the classifier, to fold into training:

    python -m inquiries.classification.train --corrections FILE.jsonl

One line per correction: {"id", "text", "marketplace", "language", "reason",
"source", "group", "predicted_reason", "corrected_at"}; "reason" is the
agent's label. Where a ticket was corrected twice, the later one counts."""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from csba.jsonl import open_text
from inquiries.models import ReasonCorrection


def correction_rows(*, since: datetime.date | None = None):
    """The latest correction of each ticket, oldest first, as training rows."""
    queryset = ReasonCorrection.objects.order_by("corrected_at", "pk")
    if since is not None:
        queryset = queryset.filter(corrected_at__date__gte=since)
    latest: dict[int, ReasonCorrection] = {}
    for correction in queryset.iterator():
        latest[correction.ticket_id] = correction
    for correction in sorted(latest.values(), key=lambda c: (c.corrected_at, c.pk)):
        yield {
            "id": f"correction-{correction.pk}",
            "text": correction.text,
            "marketplace": correction.marketplace,
            "language": correction.language,
            "reason": correction.reason,
            "source": "agent correction",
            "group": f"ticket-{correction.ticket_id}",
            "predicted_reason": correction.predicted_reason,
            "corrected_at": correction.corrected_at.isoformat(),
        }


class Command(BaseCommand):
    help = "Export agents' reason corrections as labelled training examples (JSON Lines)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", default="-", help="Where to write (default stdout).")
        parser.add_argument("--since", type=datetime.date.fromisoformat, help="Only corrections from this day on.")

    def handle(self, *args, output: str, since, **options):
        try:
            target = open_text(output, "w", standard=self.stdout._out)
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror}") from None
        count = 0
        with target as sink:
            for row in correction_rows(since=since):
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        self.stderr.write(f"{count} correction(s) exported")
