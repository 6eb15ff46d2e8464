"""With the broker down, intake still answers: the ticket is committed and
the failed enqueue is logged (the periodic jobs re-derive their work)."""

import socket
import time

import pytest

from inquiries.intake.services import Contact, contact_receive
from inquiries.models import Ticket
from tests.factories import T0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_intake_with_the_broker_down_commits_the_ticket_and_logs(django_capture_on_commit_callbacks, caplog):
    from csba.celery import app

    saved = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=f"redis://127.0.0.1:{_closed_port()}/0", task_always_eager=False)
    app._pool = None
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            result = contact_receive(
                contact=Contact(channel="api", marketplace_code="US", body="Where is my parcel?"), now=T0
            )
        elapsed = time.monotonic() - started
    finally:
        app.conf.update(**saved)
        app._pool = None
    assert Ticket.objects.filter(pk=result.ticket.pk).exists()
    assert elapsed < 10
    assert any("on_commit" in r.getMessage() or "Error calling" in r.getMessage() for r in caplog.records)
