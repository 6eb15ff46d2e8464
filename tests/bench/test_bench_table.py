"""The README's benchmark table is generated from bench/results.json: each benchmark's row appears only when
that benchmark ran, every cases_* run gets its row, and the header says whether the machine was idle."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import bench_table  # noqa: E402

OVERDUE = {
    "cases": 1900,
    "total_cases": 22000,
    "cpu_seconds_per_1000": 0.91,
    "wall_seconds": 2.4,
    "statements_per_case": 0.12,
    "mails_sent": 2000,
}


def cases_run(database: str) -> dict:
    return {"database": database, "overdue": OVERDUE, "idle_sweep": {"median_ms": 1.5}}


def test_rows_only_for_benchmarks_that_ran_and_one_per_cases_run():
    results = {
        "cases": cases_run("sqlite"),
        "cases_postgresql": cases_run("postgresql"),
        "billing": {"error": "failed"},  # no cold_close_seconds: no row
        "console": {"error": "failed"},
    }
    rows = bench_table.rows(results)
    assert [how for _, _, how in rows] == ["`bench/cases_bench.py`"] * 2
    assert "sqlite" in rows[0][0] and "postgresql" in rows[1][0]
    assert "**0.91 CPU-s per 1,000**" in rows[0][1]


def test_console_row_per_database_with_its_slowest_page():
    page = {"page": "queue", "median_ms": 12.0, "queries": 9}
    ticket = {"page": "ticket page", "median_ms": 40.5, "queries": 20}
    results = {"console": {"sqlite": {"tickets": 20000, "actionable": 7897, "results": [page, ticket]}}}
    [(what, figure, _)] = bench_table.rows(results)
    assert "20,000 tickets" in what
    assert "ticket page **40.5 ms**" in figure and "≤ 20 statements" in figure


@pytest.mark.parametrize(
    ("load_average", "expected"),
    [([0.4, 1.0, 2.0], ": an idle machine"), ([3.5, 3.0, 3.0], ": the 2 cores were shared")],
)
def test_header_says_whether_the_machine_was_idle(load_average, expected):
    meta = {"meta": {"scale": "small", "date": "2026-12-03", "machine": {"cpus": 2, "load_average": load_average}}}
    header = bench_table.table(meta).splitlines()[1]
    assert expected in header


def test_main_replaces_only_the_marked_block(tmp_path, monkeypatch):
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench/results.json").write_text(json.dumps({"cases": cases_run("sqlite")}))
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{bench_table.BEGIN}\nold table\n{bench_table.END}\nafter\n")
    monkeypatch.setattr(bench_table, "ROOT", tmp_path)
    assert bench_table.main() == 0
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith("\nafter\n")
    assert "old table" not in text and "0.91 CPU-s per 1,000" in text


def test_http_row_shows_the_server_cpu_when_measured():
    http = {"web_workers": 2, "database": "sqlite", "contacts_per_second": 121.6, "p50_ms": 60.0, "p95_ms": 79.0}
    [(_, without, _)] = bench_table.rows({"intake_http": {**http, "errors": 0}})
    assert "CPU" not in without
    measured = {**http, "errors": 0, "server_cpu_ms_per_request": 7.34, "capacity_per_second": 272.5}
    [(_, figure, _)] = bench_table.rows({"intake_http": measured})
    assert "**121.6 contacts/s**" in figure and "7.34 ms per contact" in figure and "272.5/s" in figure


def test_http_row_names_the_generator_and_its_cpu_and_the_task_cross_check():
    measured = {
        "web_workers": 2,
        "database": "sqlite",
        "contacts_per_second": 310.2,
        "p50_ms": 20.0,
        "p95_ms": 31.0,
        "errors": 0,
        "generator": "wrk (1 thread, Lua script)",
        "generator_cpu_ms_per_request": 0.104,
        "tickets_created": 4000,
        "tasks_queued": 4000,
    }
    [(what, figure, _)] = bench_table.rows({"intake_http": measured})
    assert "wrk (1 thread, Lua script) on the same cores" in what
    assert "the generator's CPU 0.10 ms per contact" in figure
    assert "4,000 tickets created, 4,000 tasks queued" in figure
