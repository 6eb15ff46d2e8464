"""`manage.py simulate_live --rate N/min [--marketplace US --marketplace DE]
[--count N] [--seed S]`: simulated buyers contact the running system through
the real intake service until stopped (Ctrl-C) or N were sent."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from csba import clock
from csba.simulation.planner.live import LiveBuyers, live_trickle, rate_per_minute


class Command(BaseCommand):
    help = "Trickle simulated buyer contacts into this system's intake at a rate (until Ctrl-C)."

    def add_arguments(self, parser):
        parser.add_argument("--rate", required=True, help="contacts per minute (6/min) or per hour (90/h)")
        parser.add_argument(
            "--marketplace", action="append", default=[], help="a marketplace code (repeat; default: all)"
        )
        parser.add_argument("--count", type=int, default=None, help="stop after this many contacts")
        parser.add_argument("--seed", type=int, default=None, help="draws repeatable from this seed")

    def handle(self, *args, rate: str, marketplace: list[str], count: int | None, seed: int | None, **options):
        try:
            per_minute = rate_per_minute(rate)
        except ValueError as error:
            raise CommandError(f"--rate: {error}") from None
        if count is not None and count < 1:
            raise CommandError("--count: expected at least 1")
        codes = [code.strip().upper() for text in marketplace for code in text.split(",") if code.strip()]
        try:
            buyers = LiveBuyers(marketplaces=codes, seed=seed)
        except ValueError as error:
            raise CommandError(f"--marketplace: {error}") from None

        sent = [0]

        def show(contact, result) -> None:
            sent[0] += 1
            ticket = getattr(result, "ticket", None)
            what = f"ticket {ticket.pk} ({ticket.reason}, {ticket.route})" if ticket else f"refused: {result}"
            self.stdout.write(f"{clock.now():%H:%M:%S} {contact.marketplace_code} {contact.channel}: {what}")

        self.stdout.write(f"Live buyers: {per_minute:g} contacts per minute into {', '.join(buyers.marketplaces)}.")
        try:
            live_trickle(buyers, per_minute=per_minute, now=clock.now, sleep=time.sleep, limit=count, on_contact=show)
        except KeyboardInterrupt:
            pass
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Live buyers: {sent[0]} contacts sent.")
