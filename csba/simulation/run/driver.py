"""Running a scenario: one child process per replication (its own SQLite
file in the run's directory), their progress gathered, a stop passed on, and
the merged figures written as ``summary.json``, ``run.json`` and
``report.html``.

The entry points every front end shares (the command, a Celery task, the
demo seeder):

- ``run_scenario(scenario, seed=, out_dir=, replications=1, processes=1,
  progress=, should_stop=) -> dict`` — the whole run, returns the summary;
- ``replication_in_child(scenario, seed_state=, index=, out_dir=, progress=,
  should_stop=) -> dict`` — one replication (a unit a Celery worker can run),
  returns its result;
- ``results_write(scenario, seed=, out_dir=, results=) -> dict`` — the merge
  step: summary.json, run.json and report.html from replication results.
"""

from __future__ import annotations

import json
import os
import platform
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from csba.simulation.replications import replication_seeds, seed_state

from .database import child_environment, replication_database, template_ensure
from .summary import summary_build

POLL_SECONDS = 0.2


@dataclass
class Progress:
    """What a progress bar shows: the share done, the virtual date reached
    (the least advanced replication), contacts and events so far, events per
    second of wall time."""

    fraction: float
    at: str
    contacts: int
    events: int
    events_per_second: float
    replications: int
    finished: int


class ReplicationFailed(RuntimeError):
    pass


class _Child:
    def __init__(self, scenario: dict, state: dict, index: int, out_dir: Path, template: Path):
        self.index = index
        self.result_path = out_dir / f"replication-{index}.json"
        if self.result_path.exists():
            self.result_path.unlink()
        database = replication_database(template, out_dir, index)
        spec = out_dir / f"replication-{index}.spec.json"
        spec.write_text(json.dumps({"scenario": scenario, "seed": state, "result": str(self.result_path)}))
        self.log = out_dir / f"replication-{index}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "csba.simulation.run.child", str(spec)],
            env=child_environment(database),
            stdout=subprocess.PIPE,
            stderr=self.log.open("w"),
            text=True,
            bufsize=1,
        )
        self.status = {"fraction": 0.0, "at": scenario["simulation"]["start"], "contacts": 0, "events": 0}
        self.done = False

    def read(self) -> None:
        self.take(self.process.stdout.readline())

    def take(self, line: str) -> None:
        if not line:
            return
        try:
            message = json.loads(line)
        except ValueError:
            return
        if message.get("done"):
            self.done = True
        else:
            self.status.update(message)

    def result(self) -> dict:
        code = self.process.wait()
        if code != 0 or not self.result_path.exists():
            tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise ReplicationFailed(f"replication {self.index} failed (exit {code}):\n{tail}")
        return json.loads(self.result_path.read_text(encoding="utf-8"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()


def _run_children(
    scenario: dict,
    states: list[tuple[int, dict]],
    out_dir: Path,
    *,
    processes: int,
    progress: Callable[[Progress], None] | None,
    should_stop: Callable[[], bool] | None,
) -> dict:
    template = template_ensure()
    waiting, running, results = list(states), {}, {}
    selector = selectors.DefaultSelector()
    began, stopping = time.monotonic(), False
    total = len(states)
    try:
        while waiting or running:
            while waiting and len(running) < max(1, processes) and not stopping:
                index, state = waiting.pop(0)
                child = running[index] = _Child(scenario, state, index, out_dir, template)
                selector.register(child.process.stdout, selectors.EVENT_READ, child)
            for key, _ in selector.select(timeout=POLL_SECONDS):
                key.data.read()
            if should_stop is not None and should_stop() and not stopping:
                stopping = True
                waiting.clear()
                for child in running.values():
                    child.stop()
            for index, child in list(running.items()):
                if child.process.poll() is not None:
                    for line in child.process.stdout:  # what it printed last
                        child.take(line)
                    selector.unregister(child.process.stdout)
                    results[index] = child.result()
                    del running[index]
            if progress is not None:
                progress(_progress(running, results, total, began))
    except BaseException:
        for child in running.values():
            child.kill()
        raise
    return results


def _progress(running: dict, results: dict, total: int, began: float) -> Progress:
    statuses = [child.status for child in running.values()]
    done_fraction = len(results) + sum(s["fraction"] for s in statuses)
    events = sum(s["events"] for s in statuses) + sum(r["counts"].get("events", 0) for r in results.values())
    contacts = sum(s["contacts"] for s in statuses) + sum(r["figures"]["contacts"] for r in results.values())
    at = min((s["at"] for s in statuses), default=max((r["reached"] for r in results.values()), default=""))
    elapsed = max(1e-9, time.monotonic() - began)
    return Progress(done_fraction / max(1, total), at, contacts, events, events / elapsed, total, len(results))


def replication_in_child(
    scenario: dict,
    *,
    seed_state: dict,
    index: int,
    out_dir: Path | str,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """One replication in a child process; its result (figures, performance)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return _run_children(scenario, [(index, seed_state)], out, processes=1, progress=progress, should_stop=should_stop)[
        index
    ]


def run_scenario(
    scenario: dict,
    *,
    seed: int,
    out_dir: Path | str,
    replications: int = 1,
    processes: int = 1,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """Run ``replications`` independent replications (``processes`` at a time)
    and write the run's files; returns the summary. A stop asked through
    ``should_stop`` ends every replication at its next step: the figures so
    far are written, marked partial."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    states = [(index, seed_state(sequence)) for index, sequence in enumerate(replication_seeds(seed, replications), 1)]
    results = _run_children(scenario, states, out, processes=processes, progress=progress, should_stop=should_stop)
    return results_write(
        scenario,
        seed=seed,
        out_dir=out,
        results=[results[i] for i in sorted(results)],
        requested=replications,
        wall_seconds=time.monotonic() - began,
    )


def results_write(
    scenario: dict,
    *,
    seed: int,
    out_dir: Path | str,
    results: list[dict],
    requested: int | None = None,
    wall_seconds: float | None = None,
) -> dict:
    """The merge step: summary.json (deterministic: no wall-clock value),
    run.json (how long it took, where) and report.html."""
    from .report import report_html

    out = Path(out_dir)
    summary = summary_build(scenario, seed=seed, results=results, requested=requested or len(results))
    (out / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    run = {
        "wall_seconds": None if wall_seconds is None else round(wall_seconds, 3),
        "replications": [result.get("performance", {}) for result in results],
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (out / "run.json").write_text(json.dumps(run, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out / "report.html").write_text(report_html(summary), encoding="utf-8")
    return summary
