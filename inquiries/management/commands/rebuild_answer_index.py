"""``manage.py rebuild_answer_index``: rebuild the answer index (BM25
statistics and passage embeddings) from the whole catalog. ``make run``
calls it at start; products edited later are re-indexed one by one on commit."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand

from inquiries.answering import index
from inquiries.answering.services import answer_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the answer index from the product catalog."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-embed",
            action="store_true",
            help="skip passage embeddings (they are then computed at a product's first question)",
        )

    def handle(self, *args, no_embed, **options):
        from tqdm import tqdm

        started = time.perf_counter()
        bar = tqdm(disable=not sys.stderr.isatty(), unit="products", desc="rebuild_answer_index")
        result = answer_index_rebuild(embed=not no_embed, progress=bar.update)
        bar.close()
        self.stdout.write(
            f"Answer index rebuilt: {result['products']} products, {result['passages']} passages, "
            f"{result['terms']} terms, {result['embedded']} passage vectors, languages "
            f"{', '.join(result['languages']) or '-'} in {time.perf_counter() - started:.1f} s ({index.index_path()})"
        )
