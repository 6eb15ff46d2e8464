"""`manage.py simulate --scenario FILE --seed N --out DIR [--replications R] [--days D]`:
run a scenario (TOML, see scenarios/ and docs/simulation.md) through the real
services under a virtual clock, each replication in a process of its own with
its own SQLite file in DIR; writes DIR/summary.json, DIR/report.html and
DIR/run.json. Ctrl-C stops at the next step and still writes the report,
marked partial. Never touches the database of this process."""

from __future__ import annotations

import signal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from csba.simulation.run.database import known_marketplaces, template_ensure
from csba.simulation.run.driver import ReplicationFailed, run_scenario
from csba.simulation.run.progress import ProgressBar
from csba.simulation.scenario import ScenarioError, scenario_load


def _setting(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    import tomllib

    try:
        return key.strip(), tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return key.strip(), value


class Command(BaseCommand):
    help = "Simulate a scenario through the real services under a virtual clock (see docs/simulation.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--scenario", required=True, help="a TOML file, or the name of a file in scenarios/")
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--out", required=True, help="directory for the report and the replications' databases")
        parser.add_argument("--replications", type=int, default=1)
        parser.add_argument("--days", type=int, default=None, help="simulate this many days instead")
        parser.add_argument("--processes", type=int, default=1, help="replications run at the same time")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="override a scenario key, e.g. --set agents.teams.en.agents=12",
        )

    def handle(self, *args, **options):
        if options["replications"] < 1:
            raise CommandError("--replications: expected at least 1")
        if options["days"] is not None and options["days"] < 1:
            raise CommandError("--days: expected at least 1")
        template = template_ensure()
        try:
            scenario = scenario_load(
                options["scenario"],
                marketplaces=known_marketplaces(template),
                overrides=dict(_setting(text) for text in options["set"]),
                days=options["days"],
            )
        except ScenarioError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"the scenario {error.source} cannot run; nothing was written:\n{lines}") from None
        stop = {"asked": 0}
        previous = signal.getsignal(signal.SIGINT)

        def ask_stop(signum, frame):
            stop["asked"] += 1
            if stop["asked"] > 1:
                raise KeyboardInterrupt
            self.stderr.write("\nstopping at the next step; the partial report follows (Ctrl-C again to abort)")

        signal.signal(signal.SIGINT, ask_stop)
        bar = ProgressBar(self.stderr._out)
        try:
            summary = run_scenario(
                scenario,
                seed=options["seed"],
                out_dir=Path(options["out"]),
                replications=options["replications"],
                processes=options["processes"],
                progress=bar,
                should_stop=lambda: stop["asked"] > 0,
            )
        except ReplicationFailed as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            raise CommandError("aborted: no report was written") from None
        finally:
            bar.close()
            signal.signal(signal.SIGINT, previous)
        self.stdout.write(summary_lines(summary, Path(options["out"])))


def summary_lines(summary: dict, out: Path) -> str:
    def share(value):
        return "—" if value is None else f"{value:.1%}"

    fees = ", ".join(f"{code} {fee['total']:,.2f} {fee['currency']}" for code, fee in summary["fees"].items())
    lines = [
        f"{summary['scenario']}: {summary['contacts']:,} contacts over {summary['days']} days"
        + (" (PARTIAL: stopped early)" if summary["partial"] else ""),
        f"  FCR {share(summary['fcr'])}   service level {share(summary['service_level'])}   "
        f"ASA {summary['asa_seconds'] or 0:.0f} s   abandoned {share(summary['p_abandon'])}",
        f"  escalated {share(summary['escalation_rate'])}   auto-resolved {share(summary['auto_resolution_rate'])}"
        f"   sellers on time {share(summary['seller_on_time_rate'])}",
        f"  fees: {fees or '— (no month closed)'}",
        f"  report: {out / 'report.html'}",
    ]
    return "\n".join(lines)
