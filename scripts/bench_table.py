"""Write the README's table of measured figures from bench/results.json
(between the markers <!-- bench:begin --> and <!-- bench:end -->).

    python scripts/bench_table.py            # called by `make bench` and `make load`
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def _f(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, (int, float)) and abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


# One row per figure: (key in results.json — a prefix when it ends with "*" —, the field that says the
# benchmark ran, how it is measured, the function giving (what, figure) pairs). Registered by ``_row``.
ROWS: list[tuple[str, str | None, str, Callable[[dict], Iterator[tuple[str, str]]]]] = []


def _row(key: str, needs: str | None, how: str):
    def register(function):
        ROWS.append((key, needs, how, function))
        return function

    return register


@_row("intake", "burst", "`bench/intake_bench.py`")
def _intake(intake: dict):
    b, i = intake["burst"], intake["isolated"]
    yield (
        f"a contact, end to end: API request + after-intake task (classification, coverage, routing, "
        f"suggestion or seller notice mailed), {intake['database']}",
        f"busy hour (a burst of {b['contacts']}, one worker drains): **{_f(b['cpu_ms'], 2)} CPU-ms, "
        f"{_f(b['statements'], 2)} statements** per contact; quiet hour (one at a time): {_f(i['cpu_ms'], 2)} CPU-ms, "
        f"{_f(i['statements'], 2)} statements; the request alone {_f(i['request_cpu_ms'], 2)} CPU-ms, "
        f"{_f(i['request_wall_ms'], 2)} ms wall (median)",
    )


@_row("intake_http", "contacts_per_second", "`bench/intake_http_bench.py`")
def _intake_http(http: dict):
    generator = http.get("generator", "the load generator")
    yield (
        f"contacts API through gunicorn ({http['web_workers']} workers), {http['database']}, {generator} on the same cores",
        f"**{_f(http['contacts_per_second'])} contacts/s**, p50 {_f(http['p50_ms'], 1)} ms, p95 {_f(http['p95_ms'], 1)} ms, "
        f"{http['errors']} errors"
        + (
            f"; the gunicorn workers' CPU {_f(http['server_cpu_ms_per_request'], 2)} ms per contact, so "
            f"{_f(http.get('capacity_per_second'))}/s with a core per worker"
            if http.get("server_cpu_ms_per_request")
            else ""
        )
        + (
            f"; the generator's CPU {_f(http['generator_cpu_ms_per_request'], 2)} ms per contact"
            if http.get("generator_cpu_ms_per_request") is not None
            else ""
        )
        + (
            f"; {_f(http['tickets_created'])} tickets created, {_f(http['tasks_queued'])} tasks queued"
            if http.get("tasks_queued") is not None and http.get("tickets_created") is not None
            else ""
        ),
    )


@_row("cases*", "overdue", "`bench/cases_bench.py`")
def _cases(cases: dict):
    o, idle = cases["overdue"], cases["idle_sweep"]
    when = f" (measured {cases['date'][:16]}, load average {cases['load_average']})" if "date" in cases else ""
    yield (
        f"overdue processing end to end: sweep + refunds, returns, replies, events + buyer mails and seller "
        f"digests through the file backend, one worker, {cases['database']}",
        f"{_f(o['cases'])} overdue among {_f(o['total_cases'])} cases: **{_f(o['cpu_seconds_per_1000'], 2)} CPU-s per "
        f"1,000**, {_f(o['wall_seconds'], 1)} s wall, {_f(o['statements_per_case'], 3)} statements per case, "
        f"{_f(o['mails_sent'])} mails; none overdue: {_f(idle['median_ms'], 2)} ms{when}",
    )


@_row("console", None, "`bench/console_bench.py`")
def _console(console: dict):
    for backend, report in console.items() if "error" not in console else []:
        if not isinstance(report, dict) or "results" not in report:
            continue
        worst = max(report["results"], key=lambda r: r["median_ms"])
        yield (
            f"agent console, {_f(report.get('tickets'))} tickets ({_f(report.get('actionable'))} in the open list), {backend}",
            f"slowest page {worst['page']} **{_f(worst['median_ms'], 1)} ms** median, ≤ "
            f"{max(r['queries'] for r in report['results'])} statements a page",
        )


@_row("billing", "cold_close_seconds", "`bench/billing_bench.py`")
def _billing(billing: dict):
    yield (
        f"monthly close, {_f(billing.get('sellers'))} sellers, {_f(billing.get('order_items'))} order items, {billing['database']}",
        f"cold close **{_f(billing['cold_close_seconds'], 2)} s** ({billing['cold_close_queries']} queries), rerun "
        f"{_f(billing['rerun_seconds'], 3)} s",
    )


@_row("classify", "contacts_per_second", "`bench/classify_bench.py`")
def _classify(classify: dict):
    single = (
        f"; one intake classification median {_f(classify['single_median_ms'], 1)} ms, p95 "
        f"{_f(classify['single_p95_ms'], 1)} ms"
        if "single_p95_ms" in classify
        else ""
    )
    yield (
        f"`classify_contacts`, {_f(classify['contacts'])} contacts",
        f"{_f(classify.get('wall_seconds', classify.get('seconds')), 2)} s including start-up "
        f"({_f(classify['contacts_per_second'])}/s){single}",
    )


@_row("answering", "answer_ms", "`bench/answering_bench.py`")
def _answering(answering: dict):
    yield (
        f"answer index, {_f(answering['products'])} products",
        f"build {_f(answering['index_build_seconds'])} s; answer p95 **{_f(answering['answer_ms']['p95'], 1)} ms**",
    )


@_row("queue", "mmc", "`bench/queue_bench.py`")
def _queue(queue: dict):
    ciw = queue.get("ciw_mmc_abandonment") or {}
    yield (
        "the agent pool: M/M/10 loop; event engine on the holiday-peak week (skills, abandonment, "
        "retrials, a roster with breaks)",
        f"M/M/c **{_f(queue['mmc']['contacts_per_cpu_s'])} contacts per CPU-second**; engine "
        f"**{_f(queue['engine_skills_abandonment_roster']['contacts_per_cpu_s'])}** per CPU-second "
        f"({_f(queue['engine_with_email_blending']['contacts_per_cpu_s'])} with email blended in); "
        f"Ciw {ciw.get('version', '-')} with reneging {_f(ciw.get('contacts_per_cpu_s'))}",
    )


@_row("simulate", "cpu_seconds", "`bench/simulate_bench.py`")
def _simulate(simulate: dict):
    yield (
        f"scenario simulator, {simulate['scenario']} at {simulate['scale']} scale for {simulate['days']} days "
        f"({_f(simulate['sellers'])} sellers, {_f(simulate['orders'])} orders, {_f(simulate['contacts'])} "
        "contacts) through the real services, one replication, sqlite",
        f"**{_f(simulate['cpu_ms_per_contact'])} CPU-ms per contact** ({_f(simulate['cpu_seconds'])} CPU-s, "
        f"{_f(simulate['events_per_cpu_second'])} events per CPU-second), peak {_f(simulate['peak_rss_mib'])} MiB",
    )


@_row("load", "total", "`make load`, `bench/load.json`")
def _load(load: dict):
    t = load["total"]
    slowest = max(load["endpoints"].items(), key=lambda kv: kv[1]["p95_ms"])
    yield (
        f"load: {load['users']} users for {load['seconds']} s (agents, buyers, sellers) against gunicorn "
        f"({load['web_workers']} workers) + 1 Celery worker, {load['database']}",
        f"{_f(t['requests'])} requests, **{t['failures']} failures**, p50 {_f(t['p50_ms'], 0)} ms, p95 "
        f"{_f(t['p95_ms'], 0)} ms, p99 {_f(t['p99_ms'], 0)} ms; slowest p95 {slowest[0]} {_f(slowest[1]['p95_ms'], 0)} ms",
    )


def rows(results: dict) -> list[tuple[str, str, str]]:
    out = []
    for key, needs, how, function in ROWS:
        keys = sorted(k for k in results if k.startswith(key[:-1])) if key.endswith("*") else [key]
        for k in keys:
            result = results.get(k)
            if isinstance(result, dict) and (needs is None or needs in result):
                out.extend((what, figure, how) for what, figure in function(result))
    return out


def _sharing(load_average, cpus) -> str:
    """Whether the machine was idle when the run started (a 1-minute load under half its cores)."""
    if not load_average or not cpus:
        return ""
    if load_average[0] < cpus / 2:
        return ": an idle machine"
    return f": the {cpus} cores were shared with other jobs, so timings are upper bounds"


def table(results: dict) -> str:
    meta = results.get("meta", {})
    m = meta.get("machine", {})
    lines = [
        BEGIN,
        f"Generated by `scripts/bench_table.py` from `bench/results.json` (`make bench --scale {meta.get('scale', '?')}`, "
        f"{meta.get('date', '?')}; {m.get('cpus', '?')} × {m.get('cpu', '?')}, {m.get('memory_gib', '?')} GiB, Python "
        f"{m.get('python', '?')}, SQLite {m.get('sqlite', '?')}; load average {m.get('load_average', '?')} at the start"
        f"{_sharing(m.get('load_average'), m.get('cpus'))}). CPU is this process's (the database server's is not in "
        "it); statements include BEGIN/COMMIT/SAVEPOINT.",
        "",
        "| what | figure | how |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows(results)),
        END,
    ]
    return "\n".join(lines)


def main() -> int:
    results = json.loads((ROOT / "bench/results.json").read_text())
    readme = ROOT / "README.md"
    text = readme.read_text()
    if BEGIN not in text:
        print("README.md has no bench markers", file=sys.stderr)
        return 1
    start, end = text.index(BEGIN), text.index(END) + len(END)
    readme.write_text(text[:start] + table(results) + text[end:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
