"""What every Celery task of the project inherits (``Celery(task_cls=...)``):

- **Database outages are retried.** A task that meets ``OperationalError`` /
  ``InterfaceError`` (the server restarting, a failover, too many
  connections) drops its broken connection and is retried with a growing
  countdown; tasks are idempotent, so running again is safe.
- **Poison messages end in a dead letter.** With ``acks_late`` and
  ``reject_on_worker_lost`` a message whose task kills its worker (out of
  memory, a segfault, ``kill -9``) goes back to the queue; one that does so on
  every delivery would come back for ever. Each delivery is counted in Redis
  (by task id); past ``CSBA_TASK_MAX_DELIVERIES`` the message is rejected
  without requeue and recorded as a ``DeadLetter``.
- **A task that fails for good is recorded.** Retries exhausted, or an error
  no retry can cure: a ``DeadLetter`` row with the arguments and traceback,
  visible in the admin (Dead letters), where an operator can send it again.
  The message itself is acknowledged, so its queue moves on.
"""

from __future__ import annotations

import logging
import traceback as tb
from datetime import datetime

from celery import Task
from celery.exceptions import Reject
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections

from . import clock

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def _drop_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_ERRORS:
            pass


class CsbaTask(Task):
    # A database outage is retried this often, waiting 1, 2, 4 … up to 60 s.
    database_retries = 8

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except DATABASE_ERRORS as exc:
            _drop_broken_connections()
            if self.request.is_eager and self.app.conf.task_eager_propagates:
                raise
            retries = self.request.retries or 0
            if retries >= self.database_retries:
                raise
            log.warning("%s: database unavailable (%s); retry %d", self.name, exc, retries + 1)
            raise self.retry(exc=exc, countdown=min(2**retries, 60), max_retries=self.database_retries) from exc

    def before_start(self, task_id, args, kwargs):
        if self.request.is_eager:
            return
        limit = getattr(settings, "CSBA_TASK_MAX_DELIVERIES", 0)
        if not limit:
            return
        deliveries = delivery_count(self.app, task_id, retries=self.request.retries or 0)
        if deliveries > limit:
            dead_letter_record(
                task=self,
                task_id=task_id,
                args=args,
                kwargs=kwargs,
                reason="worker_lost",
                exception=f"Delivered {deliveries} times; the worker running it was lost each time.",
                attempts=deliveries - 1,
            )
            raise Reject("poison message: dead-lettered", requeue=False)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if self.request.is_eager:
            return  # tests and the simulator run tasks in-process: the error reaches the caller
        dead_letter_record(
            task=self,
            task_id=task_id,
            args=args,
            kwargs=kwargs,
            reason="failed",
            exception=f"{type(exc).__name__}: {exc}",
            traceback=str(einfo) if einfo else "".join(tb.format_exception(exc)),
            attempts=(self.request.retries or 0) + 1,
        )


_redis_clients: dict[str, object] = {}


def delivery_count(app, task_id: str, *, retries: int) -> int:
    """How many times this message (task id and retry number) was delivered,
    this one included. Counted in the broker's Redis; 0 when it is unreachable
    (the task then simply runs)."""
    url = app.conf.broker_url or ""
    if not url.startswith("redis"):
        return 0
    try:
        import redis

        client = _redis_clients.get(url)
        if client is None:
            client = _redis_clients[url] = redis.Redis.from_url(url, socket_timeout=2)
        key = f"csba:deliveries:{task_id}:{retries}"
        pipe = client.pipeline()
        pipe.incr(key)
        pipe.expire(key, 7 * 24 * 3600)
        return int(pipe.execute()[0])
    except Exception:  # the broker is the one thing a task cannot do without; let it run
        log.warning("delivery count of %s unavailable", task_id, exc_info=True)
        return 0


def dead_letter_record(*, task, task_id, args, kwargs, reason, exception, traceback="", attempts=1) -> None:
    """Keep the failed message for an operator (once per task id). Logged
    instead when the database itself is down."""
    from .models import DeadLetter

    delivery = getattr(task.request, "delivery_info", None) or {}
    try:
        if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
            close_old_connections()  # a connection the failure broke is replaced
        DeadLetter.objects.update_or_create(
            task_id=task_id or "",
            defaults={
                "task_name": task.name,
                "queue": str(delivery.get("routing_key") or ""),
                "args": list(args or ()),
                "kwargs": dict(kwargs or {}),
                "reason": reason,
                "exception": exception[:10_000],
                "traceback": traceback[-20_000:],
                "attempts": attempts,
                "failed_at": clock.now(),
            },
        )
    except Exception:
        log.exception("dead letter of %s[%s] not recorded: %s", task.name, task_id, exception)
    else:
        log.error("dead letter: %s[%s] %s: %s", task.name, task_id, reason, exception)


def dead_letter_retry(dead_letter, *, now: datetime) -> str:
    """Send a dead-lettered task again (an operator's action): a new message
    with the same arguments; returns its task id."""
    from .dispatch import registered

    result = registered(dead_letter.task_name).apply_async(
        args=dead_letter.args, kwargs=dead_letter.kwargs, **({"queue": dead_letter.queue} if dead_letter.queue else {})
    )
    dead_letter.retried_at = now
    dead_letter.retried_as = result.id or ""
    dead_letter.save(update_fields=["retried_at", "retried_as"])
    return dead_letter.retried_as
