"""gunicorn's settings for the web tier: ``gunicorn -c csba/gunicorn.conf.py csba.wsgi``
(command-line options override these; ``WEB_CONCURRENCY`` sets the number of
workers, gunicorn's own variable). See docs/operations.md."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Threaded workers with one request thread: a request's work is CPU (nothing to overlap under the GIL), but
# unlike the sync worker, the gthread worker keeps connections open between requests (keep-alive: no TCP
# connection set up and torn down per request, by the worker and by the proxy or client) and a slow
# client does not hold the worker.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Seconds an idle kept-alive connection stays open: gunicorn's docs advise 1-5 s when clients connect
# directly and a higher value behind a load balancer (GUNICORN_KEEPALIVE).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# The worker's heartbeat file in memory (gunicorn's docs: a disk-backed /tmp can stall workers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No access log (gunicorn's default): the proxy in front logs requests; errors still go to stderr.
accesslog = None
