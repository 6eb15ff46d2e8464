"""`manage.py simulate_queue --arrivals-per-hour X --aht-seconds Y --agents C
--target-seconds T --contacts N --warmup W --seed S [--patience-seconds P]
[--replications R [--celery]] --json`: the agent pool as an M/M/c queue, or
M/M/c+M with a mean patience P (see csba/simulation/mmc.py). Prints one JSON
object with asa_seconds, service_level, p_wait, occupancy and contacts (the
measured contacts of a replication, after W warm-up contacts), p_abandon with
a patience, the closed form (erlang_c, or erlang_a with a patience), and with
R > 1 the means of R independent replications and their 95% intervals."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from csba.simulation.erlang import erlang_a, erlang_c
from csba.simulation.replications import WorkersUnavailable, replications_run, summarize

FIELDS = ("asa_seconds", "service_level", "p_wait", "occupancy", "p_abandon")


def rounded(key: str, value: float) -> float:
    return round(value, 3 if key == "asa_seconds" else 5)


class Command(BaseCommand):
    help = "Simulate the agent pool as an M/M/c (or M/M/c+M) queue: ASA, service level, P(wait), occupancy."

    def add_arguments(self, parser):
        parser.add_argument("--arrivals-per-hour", type=float, required=True)
        parser.add_argument("--aht-seconds", type=float, required=True, help="Average handle time.")
        parser.add_argument("--agents", type=int, required=True)
        parser.add_argument("--target-seconds", type=float, default=60.0, help="Service-level target (answer within).")
        parser.add_argument("--contacts", type=int, default=100_000, help="Contacts measured after the warm-up.")
        parser.add_argument("--warmup", type=int, default=10_000, help="Contacts simulated first and not measured.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--patience-seconds",
            type=float,
            default=None,
            help="Mean patience: waiting contacts abandon (Erlang A); adds p_abandon.",
        )
        parser.add_argument(
            "--replications",
            type=int,
            default=1,
            help="Independent replications; with more than one, means and 95%% intervals.",
        )
        parser.add_argument("--celery", action="store_true", help="Run the replications on the Celery workers.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object (the default is text).")

    def handle(self, *args, **options):
        shape = {key: options[key] for key in ("arrivals_per_hour", "aht_seconds", "agents", "target_seconds")}
        patience = options["patience_seconds"]
        params = dict(shape, contacts=options["contacts"], warmup=options["warmup"], patience_seconds=patience)
        try:
            exact = erlang_c(**shape) if patience is None else erlang_a(**shape, patience_seconds=patience)
            runs = replications_run(
                "queue", params, seed=options["seed"], replications=options["replications"], celery=options["celery"]
            )
        except (ValueError, WorkersUnavailable) as error:
            raise CommandError(str(error)) from None
        result = self._result(runs, exact, patience)
        if exact is None:
            self.stderr.write("warning: the offered load is at or above the number of agents; the queue is unstable")
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")

    @staticmethod
    def _result(runs: list[dict], exact, patience: float | None) -> dict:
        intervals = summarize(runs)
        result = {key: rounded(key, intervals[key].mean) for key in FIELDS if key in intervals}
        result = {key: result[key] for key in ("asa_seconds", "service_level", "p_wait", "occupancy")}
        result["contacts"] = runs[0]["contacts"]
        closed = None if exact is None else {k: rounded(k, v) for k, v in exact.as_dict().items() if k != "contacts"}
        if patience is None:
            result["erlang_c"] = closed
        else:
            result["p_abandon"] = rounded("p_abandon", intervals["p_abandon"].mean)
            result["erlang_a"] = closed
        if len(runs) > 1:
            result["replications"] = len(runs)
            result["ci95"] = {
                key: [rounded(key, v) for v in intervals[key].as_list()] for key in FIELDS if key in intervals
            }
        return result
