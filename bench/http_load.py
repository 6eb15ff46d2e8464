"""Load generators for intake_http_bench: ``wrk`` with a Lua script (a small
C program: little of the shared cores goes to it) or Python threads with
keep-alive connections (the fallback where wrk is not installed). Each runs
a warm-up, then the measured window, and returns the window's figures with
the generator's own CPU per request; ``ServerMeter`` takes the server's CPU
(a process tree, from /proc) over the same window."""

from __future__ import annotations

import http.client
import json
import os
import resource
import statistics
import subprocess
import threading
import time
from pathlib import Path


class ServerMeter:
    """CPU seconds of a process tree (gunicorn's master and workers) between ``start`` and ``stop``."""

    def __init__(self, root: int):
        self.root, self.seconds = root, 0.0

    def start(self) -> None:
        self._begun = tree_cpu_seconds(self.root)

    def stop(self) -> None:
        self.seconds = tree_cpu_seconds(self.root) - self._begun


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of ``root`` and its descendants, from /proc."""
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


# --- wrk ------------------------------------------------------------------------------------------------------------

# One request after another on each connection; every request a body of the list in turn and an
# Idempotency-Key of its own (the run's label, the thread, a counter). Any status but 201 is counted.
_WRK_SCRIPT = """
local bodies = {%(bodies)s}
local headers = %(headers)s
local counter, label = 0, "x"
other = 0
local threads = {}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end
function init(args)
  label = args[1] .. "-" .. tid .. "-"
end
function request()
  counter = counter + 1
  headers["Idempotency-Key"] = label .. counter
  return wrk.format("POST", "/api/v1/contacts/", headers, bodies[counter %% #bodies + 1])
end
function response(status, hdrs, body)
  if status ~= 201 then
    other = other + 1
    if other <= 3 then io.stderr:write("status " .. status .. ": " .. string.sub(body, 1, 200) .. "\\n") end
  end
end
function done(summary, latency, requests)
  local other_total = 0
  for _, thread in ipairs(threads) do other_total = other_total + thread:get("other") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "not_201": %%d, "socket_errors": %%d, "timeouts": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, other_total, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def _lua_string(data: bytes) -> str:
    text = data.decode()
    level = 1
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def wrk_run(port, payloads, headers, *, clients, seconds, warmup, meter, workdir: Path) -> dict:
    script = workdir / "contacts.lua"
    script.write_text(
        _WRK_SCRIPT
        % {
            "bodies": ",\n".join(_lua_string(p) for p in payloads),
            "headers": "{" + ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items()) + "}",
        }
    )

    def wrk(label: str, duration: float) -> tuple[dict, str]:
        argv = [
            "wrk",
            "-t",
            "1",
            "-c",
            str(clients),
            "-d",
            f"{max(1, round(duration))}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
        ]
        done = subprocess.run([*argv, f"http://127.0.0.1:{port}", "--", label], capture_output=True, text=True)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            raise RuntimeError(f"wrk failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return json.loads(lines[-1]), done.stderr

    wrk("warmup", warmup)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk is the only child reaped in the window
    meter.start()
    figures, stderr = wrk("run", seconds)
    meter.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    generator_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    count, elapsed = figures["requests"], figures["duration_us"] / 1e6
    errors = figures["not_201"] + figures["socket_errors"] + figures["timeouts"]
    return {
        "generator": "wrk (1 thread, Lua script)",
        "seconds": round(elapsed, 1),
        "contacts": count,
        "contacts_per_second": round(count / elapsed, 1),
        "errors": errors,
        "first_errors": stderr.splitlines()[:3] if errors else [],
        "p50_ms": round(figures["p50_us"] / 1000, 2),
        "p95_ms": round(figures["p95_us"] / 1000, 2),
        "p99_ms": round(figures["p99_us"] / 1000, 2),
        "max_ms": round(figures["max_us"] / 1000, 2),
        "generator_cpu_ms_per_request": round(generator_cpu / count * 1000, 3) if count else None,
    }


# --- Python threads ---------------------------------------------------------------------------------------------------


def python_clients(port, payloads, headers, *, clients, seconds, warmup, meter) -> dict:
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

    threads = [threading.Thread(target=post_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    meter.start()
    cpu_before = time.process_time()
    begun = time.perf_counter()
    time.sleep(seconds)
    ended = time.perf_counter()
    generator_cpu = time.process_time() - cpu_before
    meter.stop()
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

    def ms(value):
        return round(value * 1000, 2) if ordered else None

    return {
        "generator": f"Python ({clients} threads, keep-alive)",
        "seconds": round(elapsed, 1),
        "contacts": completed,
        "contacts_per_second": round(completed / elapsed, 1),
        "errors": len(errors),
        "first_errors": errors[:3],
        "p50_ms": ms(statistics.median(ordered)) if ordered else None,
        "p95_ms": ms(ordered[int(len(ordered) * 0.95)]) if ordered else None,
        "p99_ms": ms(ordered[int(len(ordered) * 0.99)]) if ordered else None,
        "max_ms": ms(ordered[-1]) if ordered else None,
        "generator_cpu_ms_per_request": round(generator_cpu / completed * 1000, 3) if completed else None,
    }
