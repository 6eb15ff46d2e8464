"""`manage.py simulate_queue --arrivals-per-hour X --aht-seconds Y --agents C
--target-seconds T --contacts N --warmup W --seed S --json`: the agent pool as
an M/M/c queue (see csba/simulation/queue.py). Prints one JSON object with
asa_seconds, service_level, p_wait, occupancy and contacts (the measured
contacts, after W warm-up contacts), plus the closed-form Erlang C figures."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from csba.simulation.queue import erlang_c, simulate


class Command(BaseCommand):
    help = "Simulate the agent pool as an M/M/c queue and print ASA, service level, P(wait) and occupancy."

    def add_arguments(self, parser):
        parser.add_argument("--arrivals-per-hour", type=float, required=True)
        parser.add_argument("--aht-seconds", type=float, required=True, help="Average handle time.")
        parser.add_argument("--agents", type=int, required=True)
        parser.add_argument("--target-seconds", type=float, default=60.0, help="Service-level target (answer within).")
        parser.add_argument("--contacts", type=int, default=100_000, help="Contacts measured after the warm-up.")
        parser.add_argument("--warmup", type=int, default=10_000, help="Contacts simulated first and not measured.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="Print one JSON object (the default is text).")

    def handle(self, *args, **options):
        shape = {key: options[key] for key in ("arrivals_per_hour", "aht_seconds", "agents", "target_seconds")}
        try:
            figures = simulate(**shape, contacts=options["contacts"], warmup=options["warmup"], seed=options["seed"])
            exact = erlang_c(**shape)
        except ValueError as error:
            raise CommandError(str(error)) from None
        result = figures.as_dict()
        result["erlang_c"] = None if exact is None else {k: v for k, v in exact.as_dict().items() if k != "contacts"}
        if exact is None:
            self.stderr.write("warning: the offered load is at or above the number of agents; the queue is unstable")
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
