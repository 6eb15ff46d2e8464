"""gunicorn's settings for the web tier: ``gunicorn -c csba/gunicorn.conf.py csba.wsgi``
(command-line options override these; ``WEB_CONCURRENCY`` sets the number of
workers, gunicorn's own variable). See docs/operations.md."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Sync workers: one request at a time per process, the request's work is CPU (no long waits to overlap).
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# The worker's heartbeat file in memory (gunicorn's docs: a disk-backed /tmp can stall workers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No access log (gunicorn's default): the proxy in front logs requests; errors still go to stderr.
accesslog = None
