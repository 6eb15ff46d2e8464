"""The contacts API through gunicorn on loopback: how many single-contact
requests per second two gunicorn workers hold, and their latency.

    python bench/intake_http_bench.py [--seconds 15] [--clients 8] [--web-workers 2] [--database-url URL]

Data as in intake_bench (30 enrolled sellers, 600 orders); a Redis of its own
takes the after-intake tasks (no worker drains them here: this measures the
web tier). ``--clients`` threads, each with its own keep-alive connection and
the integrator's API token, post contacts back to back for ``--seconds`` after
a warm-up; the load generator runs on the same two cores, so the figure is a
lower bound of what the web tier holds. Beside it, the CPU time the gunicorn
processes (master and workers, from /proc) spent in the window per request
completed, and what that CPU time allows when each worker has a core of its
own (``capacity_per_second``: workers / server CPU per request, the generator
elsewhere).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import database, postgres_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with database("intake_http", server=postgres_server(args.database_url)) as vendor:
        print(json.dumps(run(args, vendor)))


def run(args, vendor: str) -> dict:
    import tempfile

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connections

    from bench import intake_bench
    from csba import clock
    from csba.tokens import token_create
    from tests.integration.processes import Process, RedisServer, free_port, port_open, wait_until

    intake_bench._data()
    token = token_create(user=User.objects.get(username="bench"), name="bench", now=clock.now()).secret
    payloads = [json.dumps(p).encode() for p, _ in intake_bench._contacts(2000, 0)]
    connections.close_all()
    workdir = Path(tempfile.mkdtemp(prefix="csba-http-bench-"))
    redis = RedisServer(workdir)
    redis.start()
    db = settings.DATABASES["default"]
    url = os.environ["DATABASE_URL"] if vendor == "postgresql" else f"sqlite:///{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "csba.settings.prod",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "REDIS_URL": redis.url,
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        # Capacity, not the per-caller throttle (1,200/min per token by default; a deployment sets its own):
        # one integrator sends every request here.
        "API_RATE_TOKEN": "10000000/min",
        "API_RATE_USER": "10000000/min",
    }
    port = free_port()
    web = Process(
        "gunicorn",
        [sys.executable, "-m", "gunicorn", "csba.wsgi", "-w", str(args.web_workers), "-b", f"127.0.0.1:{port}"],
        env,
        workdir,
    )
    try:
        wait_until(lambda: port_open(port) or not web.alive(), seconds=60, what="gunicorn")
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Token {token}",
            "X-Forwarded-Proto": "https",
        }
        # (started, ended, status, body head) of every request; the window is chosen afterwards
        done: list[tuple[float, float, int, bytes]] = []
        counter = iter(range(10**9))
        stop = threading.Event()

        def post_loop():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while not stop.is_set():
                n = next(counter)
                started = time.perf_counter()
                connection.request(
                    "POST",
                    "/api/v1/contacts/",
                    body=payloads[n % len(payloads)],
                    headers={**headers, "Idempotency-Key": f"http-{n}"},
                )
                response = connection.getresponse()
                body = response.read()
                done.append((started, time.perf_counter(), response.status, body[:200]))

        threads = [threading.Thread(target=post_loop) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)
        cpu_before = _tree_cpu_seconds(web.pid)
        begun = time.perf_counter()
        time.sleep(args.seconds)
        ended = time.perf_counter()
        cpu_after = _tree_cpu_seconds(web.pid)
        stop.set()
        for thread in threads:
            thread.join()  # the requests under way finish: a slow one is measured, not dropped
        # Latency: every request begun inside the window, however long it took.
        # Throughput: the requests that completed inside the window.
        measured = [(end - start, status, body) for start, end, status, body in done if begun <= start < ended]
        completed = sum(1 for start, end, _, _ in done if begun <= end < ended)
        errors = [f"{status} {body!r}" for _, status, body in measured if status != 201]
        ordered = sorted(latency for latency, _, _ in measured)
        elapsed = ended - begun
        server_cpu = (cpu_after - cpu_before) / completed if completed else None
        return {
            "database": vendor,
            "web_workers": args.web_workers,
            "clients": args.clients,
            "seconds": round(elapsed, 1),
            "contacts": completed,
            "contacts_per_second": round(completed / elapsed, 1),
            "errors": len(errors),
            "first_errors": errors[:3],
            "p50_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
            "p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 2) if ordered else None,
            "p99_ms": round(ordered[int(len(ordered) * 0.99)] * 1000, 2) if ordered else None,
            "max_ms": round(ordered[-1] * 1000, 2) if ordered else None,
            "server_cpu_ms_per_request": round(server_cpu * 1000, 3) if server_cpu else None,
            "capacity_per_second": round(args.web_workers / server_cpu, 1) if server_cpu else None,
        }
    finally:
        web.stop()
        redis.stop()


def _tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of ``root`` and its children (gunicorn's
    master and workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(cpu.get(pid, 0.0) for pid in tree)


if __name__ == "__main__":
    main()
