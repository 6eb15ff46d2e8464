"""`manage.py staffing --profile NAME|FILE.toml|FILE.csv [--roster ROSTER.csv]
[--replications R] [--seed S] [--celery] [--csv OUT.csv] [--html OUT.html]
[--roster-out ROSTER.csv] [--json]`: agents per interval and language.

Without ``--roster`` (forward): the fractional requirement for the targets,
a roster of whole shifts covering it, checked (and corrected) by simulating
it. With ``--roster`` (reverse): the service level, ASA and abandonment per
interval that roster reaches, by the formulas and by simulation. See
docs/simulation.md."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from csba.simulation.arrivals import ProfileError, profile_from_csv, profile_from_toml
from csba.simulation.planning import Simulation, plan_forward, plan_reverse
from csba.simulation.replications import WorkersUnavailable
from csba.simulation.report import format_table, html_page, summary, write_csv
from csba.simulation.roster import RosterError, roster_read, roster_write
from csba.simulation.staffing import targets_from

PROFILES = Path(__file__).resolve().parents[2] / "simulation" / "profiles"


def load_profile(name: str, interval_minutes: int):
    path = Path(name)
    if not path.exists() and (PROFILES / f"{name}.toml").exists():
        path = PROFILES / f"{name}.toml"
    if not path.exists():
        shipped = ", ".join(sorted(p.stem for p in PROFILES.glob("*.toml")))
        raise CommandError(f"no profile {name!r}: give a .toml or .csv file, or one of: {shipped}")
    try:
        if path.suffix == ".csv":
            with path.open(newline="", encoding="utf-8") as lines:
                return profile_from_csv(lines, interval_minutes=interval_minutes)
        with path.open("rb") as handle:
            return profile_from_toml(tomllib.load(handle))
    except tomllib.TOMLDecodeError as error:
        raise CommandError(f"{path}: not valid TOML ({error})") from None
    except (ProfileError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: {error}") from None


class Command(BaseCommand):
    help = "Agents per interval and language for an arrival profile (forward), or a roster's figures (reverse)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--profile",
            required=True,
            help="A shipped profile (holiday-peak, ordinary-day), a .toml profile or a .csv forecast.",
        )
        parser.add_argument("--interval-minutes", type=int, default=30, help="Interval of a .csv forecast.")
        parser.add_argument(
            "--roster", help="Reverse mode: a roster CSV (agent,languages,channels,days,start,end,breaks)."
        )
        parser.add_argument("--service-level", type=float, help="Target share of live contacts answered in time.")
        parser.add_argument("--within-seconds", type=float, help="... answered within this many seconds.")
        parser.add_argument("--max-abandon", type=float, help="Cap on the share of live contacts that abandon.")
        parser.add_argument("--email-within-hours", type=float, help="Email commitment (default 48).")
        parser.add_argument("--min-agents", type=int, help="Agents per language on duty at least (default 1).")
        parser.add_argument("--shift-hours", type=float, default=None, help="Shift length of a built roster.")
        parser.add_argument("--break-minutes", type=float, default=None, help="One break per built shift.")
        parser.add_argument("--replications", type=int, default=5, help="Simulated replications (0: formulas only).")
        parser.add_argument("--rounds", type=int, default=4, help="Forward: simulate-and-correct rounds at most.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--celery", action="store_true", help="Run the replications on the Celery workers.")
        parser.add_argument("--csv", help="Write the table as CSV to this file.")
        parser.add_argument("--html", help="Write the answer with its plots as one HTML file.")
        parser.add_argument("--roster-out", help="Forward: write the proposed roster as CSV.")
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON instead of the table.")

    def handle(self, *args, **options):
        profile = load_profile(options["profile"], options["interval_minutes"])
        try:
            targets = targets_from(
                profile,
                service_level=options["service_level"],
                within_seconds=options["within_seconds"],
                max_abandon=options["max_abandon"],
                email_within_seconds=None
                if options["email_within_hours"] is None
                else options["email_within_hours"] * 3600,
                min_agents=options["min_agents"],
            )
            shifts = self._shifts(profile, options)
            if options["replications"] < 0 or options["rounds"] < 1:
                raise ValueError("replications cannot be negative and rounds must be at least 1")
            simulation = (
                Simulation(options["replications"], options["seed"], options["celery"])
                if options["replications"]
                else None
            )
            if options["roster"]:
                plan = plan_reverse(profile, targets, self._roster(options["roster"]), simulation=simulation)
            else:
                plan = plan_forward(
                    profile,
                    targets,
                    **shifts,
                    simulation=simulation,
                    rounds=options["rounds"],
                    progress=lambda message: self.stderr.write(message),
                )
        except (ValueError, WorkersUnavailable) as error:
            raise CommandError(str(error)) from None
        self._write(plan, options)

    @staticmethod
    def _shifts(profile, options) -> dict:
        given = dict(profile.extra.get("shifts", {}))
        unknown = set(given) - {"hours", "break_minutes"}
        if unknown:
            raise ProfileError(f"shifts.{sorted(unknown)[0]}: unknown key (hours or break_minutes)")
        hours = options["shift_hours"] if options["shift_hours"] is not None else float(given.get("hours", 8))
        pause = (
            options["break_minutes"] if options["break_minutes"] is not None else float(given.get("break_minutes", 30))
        )
        if not 1 <= hours <= 16 or not 0 <= pause < hours * 60 / 2:
            raise ValueError("shifts must last 1 to 16 hours, with a break shorter than half the shift")
        return {"shift_hours": hours, "break_minutes": pause}

    @staticmethod
    def _roster(path: str):
        try:
            with open(path, newline="", encoding="utf-8") as lines:
                return roster_read(lines)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except (RosterError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}") from None

    def _write(self, plan, options) -> None:
        outputs = {
            "csv": lambda out: write_csv(plan, out),
            "roster_out": lambda out: roster_write(plan.roster, out),
            "html": lambda out: out.write(html_page(plan, title=f"Staffing: {options['profile']}")),
        }
        for key, write in outputs.items():
            if options[key]:
                try:
                    with open(options[key], "w", newline="", encoding="utf-8") as out:
                        write(out)
                except OSError as error:
                    raise CommandError(f"{options[key]}: {error.strerror}") from None
        if options["json"]:
            self.stdout.write(json.dumps(summary(plan)))
            return
        self.stdout.write(format_table(plan))
        self.stdout.write(json.dumps(summary(plan), indent=2))
        for note in plan.notes:
            self.stderr.write(f"note: {note}")
        sys.stdout.flush()
