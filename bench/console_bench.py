"""Agent console at scale: the queue's first page and every filter (budget
100 ms server time) and the ticket page (budget 150 ms) with 1,000,000
tickets bulk-inserted (``bench/console_data.py``), with every SQL statement
of each page counted (BEGIN/COMMIT/SAVEPOINT included) and its CPU time.

    python bench/console_bench.py [--tickets 1000000] [--repeat 7] [--keep DIR] [--only sqlite|postgresql]
                                  [--no-check] [--json]

Runs on a fresh SQLite file, then again on PostgreSQL when DATABASE_URL
points to one (a throwaway database ``csba_console_bench``), each in its
own process (``bench/per_database.py``). "Server time" is the time Django
takes for the request in-process (test client: middleware, session, view,
queries, template), median of the runs after one warm-up. Exit status 1
when a page is over its budget (unless --no-check).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.console_data import NOW, load  # noqa: E402
from bench.per_database import add_arguments, child_database, run_per_database  # noqa: E402

QUEUE_BUDGET_MS = 100.0
TICKET_BUDGET_MS = 150.0


def urls(ticket_id: int) -> list[tuple[str, str, float]]:
    queue = [
        "",
        "?marketplace=DE",
        "?language=ja",
        "?reason=refund",
        "?channel=chat",
        "?status=open",
        "?status=pending_buyer",
        "?status=awaiting_seller",
        "?status=seller_replied",
        "?status=resolved",
        "?status=merged",
        "?due=soon",
        "?due=overdue",
        "?assignee=mine",
        "?assignee=unassigned",
        "?sort=priority",
        "?sort=newest",
        "?status=resolved&reason=product_question",
        "?status=resolved&language=de&channel=phone",
        "?marketplace=US&reason=where_is_my_order&assignee=unassigned&due=overdue",
        "?page=5",
    ]
    pages = [("queue", f"/agent/{q}", QUEUE_BUDGET_MS) for q in queue]
    pages.append(("queue fragment", "/agent/queue/results/", QUEUE_BUDGET_MS))
    pages.append(("ticket page", f"/agent/tickets/{ticket_id}/", TICKET_BUDGET_MS))
    return pages


def measure(agent_id: int, ticket_id: int, repeat: int) -> list[dict]:
    from django.contrib.auth.models import User
    from django.test import Client

    from bench.harness import Meter

    client = Client()
    client.force_login(User.objects.get(pk=agent_id))
    client.get("/agent/")  # the session learns the default filters
    results = []
    for name, url, budget in urls(ticket_id):
        client.get(url)  # warm-up; the session learns this view's filters
        meters = []
        for _ in range(repeat):
            with Meter() as meter:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            meters.append(meter)
        median = statistics.median(m.wall for m in meters) * 1000
        results.append(
            {
                "page": name,
                "url": url,
                "median_ms": round(median, 1),
                "cpu_ms": round(statistics.median(m.cpu for m in meters) * 1000, 1),
                "max_ms": round(max(m.wall for m in meters) * 1000, 1),
                "queries": meters[-1].statements,
                "budget_ms": budget,
                "ok": median <= budget,
            }
        )
    return results


def run_one(args) -> int:
    with child_database(args, stem="console", now=NOW) as database:
        loaded = database.load_once(lambda: load(args.tickets))
        results = measure(loaded["agent_id"], loaded["ticket_id"], args.repeat)
    report = {"database": database.vendor, "tickets": args.tickets, "actionable": loaded["actionable"]}
    print(json.dumps({**report, "load_seconds": loaded["seconds"], "results": results}))
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser, tickets=1_000_000)
    args = parser.parse_args()
    if args.one:
        sys.exit(run_one(args))
    all_ok = True
    reports = {}
    for backend, report in run_per_database(__file__, args, stem="console", loading=f"{args.tickets:,} tickets"):
        reports[backend] = report
        print(f"   loaded in {report['load_seconds']} s ({report['actionable']:,} actionable tickets)")
        print(f"   {'page':<16}{'median ms':>10}{'cpu ms':>8}{'max ms':>9}{'queries':>9}  url")
        for row in report["results"]:
            flag = "" if row["ok"] else f"  OVER {row['budget_ms']:.0f} ms"
            print(
                f"   {row['page']:<16}{row['median_ms']:>10}{row['cpu_ms']:>8}{row['max_ms']:>9}{row['queries']:>9}"
                f"  {row['url']}{flag}"
            )
            all_ok = all_ok and row["ok"]
    print("all pages within budget" if all_ok else "some pages over budget")
    if args.json:
        print(json.dumps(reports))
    if not all_ok and not args.no_check:
        sys.exit(1)


if __name__ == "__main__":
    main()
