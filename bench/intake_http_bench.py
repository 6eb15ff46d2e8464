"""The contacts API through gunicorn on loopback: how many single-contact
requests per second two gunicorn workers hold, and their latency.

    python bench/intake_http_bench.py [--seconds 15] [--clients 8] [--web-workers 2]
                                      [--generator wrk|python] [--database-url URL]

Data as in intake_bench (30 enrolled sellers, 600 orders); a Redis of its own
(append-only file, fsync every second: Redis's own default for AOF and what a
managed Redis runs) takes the throttle's counts and the after-intake tasks as
real Celery messages (no worker drains them here: this measures the web tier;
the test suite has a worker consume them). gunicorn is started as
production runs it (``gunicorn -c csba/gunicorn.conf.py csba.wsgi``).

The load generator runs on the same two cores as the workers, so its CPU is
taken from the workers' budget: ``wrk`` (``apt-get install wrk``; a small C
program, a Lua script sending the varied JSON bodies with their own
Idempotency-Key) when it is installed, else ``--clients`` Python threads with
keep-alive connections. Both run a warm-up (``--warmup`` seconds) and then
the measured window; beside contacts/s and latency, the CPU per request of
the gunicorn processes (master and workers, from /proc), of the generator,
and what the workers' CPU allows when each worker has a core of its own
(``capacity_per_second``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import database, postgres_server  # noqa: E402
from bench.http_load import ServerMeter, python_clients, wrk_run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--generator", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with database("intake_http", server=postgres_server(args.database_url)) as vendor:
        print(json.dumps(run(args, vendor)))


def run(args, vendor: str) -> dict:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connections

    from bench import intake_bench
    from csba import clock
    from csba.tokens import token_create
    from inquiries.models import Ticket
    from tests.integration.processes import Process, RedisServer, free_port, port_open, wait_until

    intake_bench._data()
    token = token_create(user=User.objects.get(username="bench"), name="bench", now=clock.now()).secret
    payloads = [json.dumps(p).encode() for p, _ in intake_bench._contacts(2000, 0)]
    tickets_before = Ticket.objects.count()
    connections.close_all()
    workdir = Path(tempfile.mkdtemp(prefix="csba-http-bench-"))
    redis = RedisServer(workdir, fsync="everysec")
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
        # one integrator sends every request here. The throttle still counts every request.
        "API_RATE_TOKEN": "10000000/min",
        "API_RATE_USER": "10000000/min",
        "WEB_CONCURRENCY": str(args.web_workers),
    }
    port = free_port()
    argv = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "csba" / "gunicorn.conf.py")]
    web = Process("gunicorn", [*argv, "-b", f"127.0.0.1:{port}", "csba.wsgi"], env, workdir)
    try:
        wait_until(lambda: port_open(port) or not web.alive(), seconds=60, what="gunicorn")
        # Both workers up and warm (each loads what requests need before it accepts: csba.warmup).
        wait_until(lambda: _healthy(port, args.web_workers) or not web.alive(), seconds=120, what="gunicorn workers")
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Token {token}",
            "X-Forwarded-Proto": "https",
        }
        meter = ServerMeter(web.pid)
        if args.generator == "wrk":
            result = wrk_run(
                port,
                payloads,
                headers,
                clients=args.clients,
                seconds=args.seconds,
                warmup=args.warmup,
                meter=meter,
                workdir=workdir,
            )
        else:
            result = python_clients(
                port, payloads, headers, clients=args.clients, seconds=args.seconds, warmup=args.warmup, meter=meter
            )
    finally:
        web.stop()  # the requests under way finish first (graceful stop): their tasks are published
        queued = _queued(redis.url) if web.popen.returncode is not None else None
        redis.stop()
    created = Ticket.objects.count() - tickets_before
    server_cpu = meter.seconds / result["contacts"] if result["contacts"] else None
    return {
        "database": vendor,
        "web_workers": args.web_workers,
        "clients": args.clients,
        **result,
        "tickets_created": created,
        "server_cpu_ms_per_request": round(server_cpu * 1000, 3) if server_cpu else None,
        "capacity_per_second": round(args.web_workers / server_cpu, 1) if server_cpu else None,
        "redis_fsync": "everysec",
        "tasks_queued": queued,
    }


def _healthy(port: int, workers: int) -> bool:
    import http.client

    try:
        for _ in range(workers):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/health/", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status != 200:
                return False
        return True
    except OSError:
        return False


def _queued(url: str) -> int:
    """Task messages waiting on the intake queue (one per contact taken in)."""
    import redis

    return redis.Redis.from_url(url).llen("intake")


if __name__ == "__main__":
    main()
