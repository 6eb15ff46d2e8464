"""The reliability layer in-process: 503 with Retry-After when the database
is unavailable (never 500), dead letters and sending one again, and the task
base class (database errors retried, eager tasks left alone)."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from csba import dispatch
from csba.models import DeadLetter
from csba.taskbase import dead_letter_record, dead_letter_retry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _unavailable(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def test_the_api_answers_503_with_retry_after_in_its_error_shape_when_the_database_is_unavailable(monkeypatch):
    # given an integrator and a database that refuses connections in the middle of intake
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="integration", roles=["integrators"]))
    monkeypatch.setattr("inquiries.api.contacts.contact_receive", _unavailable)
    # when a contact is posted
    response = client.post(
        "/api/v1/contacts/",
        json.dumps({"marketplace": "US", "text": "Where is my order?"}),
        content_type="application/json",
    )
    # then 503, a retry hint, the one error shape — and nothing stored
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json() == {
        "detail": "The service is briefly unavailable. Please retry in a few seconds.",
        "code": "service_unavailable",
        "errors": {},
    }
    from inquiries.models import Ticket

    assert not Ticket.objects.exists()


def test_a_page_answers_503_and_any_other_error_stays_a_500_without_retry_hint(monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr("csba.views.connection.cursor", _unavailable)
    page = client.get("/health/")
    assert page.status_code == 503 and page["Retry-After"]

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("csba.views.connection.cursor", broken)
    page = client.get("/health/")
    assert page.status_code == 500 and not page.has_header("Retry-After")


def test_a_dead_letter_is_recorded_once_per_task_and_can_be_sent_again(monkeypatch, clock):
    # given a task that failed for good
    task = dispatch.registered(dispatch.Task.CASE_NOTIFY)
    dead_letter_record(
        task=task, task_id="t-1", args=[[1], "opened"], kwargs={}, reason="failed", exception="OSError: smtp down"
    )
    dead_letter_record(
        task=task,
        task_id="t-1",
        args=[[1], "opened"],
        kwargs={},
        reason="failed",
        exception="OSError: again",
        attempts=6,
    )
    letter = DeadLetter.objects.get()
    assert (letter.task_name, letter.args, letter.attempts) == (dispatch.Task.CASE_NOTIFY, [[1], "opened"], 6)
    # when an operator sends it again
    sent = []
    monkeypatch.setattr(task, "apply_async", lambda **kw: sent.append(kw) or type("R", (), {"id": "t-2"})())
    dead_letter_retry(letter, now=clock.now)
    # then the same task goes out with the same arguments, and the letter says so
    assert sent == [{"args": [[1], "opened"], "kwargs": {}}]
    letter.refresh_from_db()
    assert letter.retried_as == "t-2" and letter.retried_at == clock.now


def test_the_admin_lists_dead_letters_for_operators_and_sends_them_again(client, monkeypatch, clock):
    task = dispatch.registered(dispatch.Task.CASE_NOTIFY)
    dead_letter_record(task=task, task_id="t-9", args=[[5], "reminder"], kwargs={}, reason="failed", exception="X")
    client.force_login(UserFactory(username="ops", roles=["operators"], is_staff=True))
    page = client.get("/admin/csba/deadletter/")
    assert page.status_code == 200 and dispatch.Task.CASE_NOTIFY.encode() in page.content
    sent = []
    monkeypatch.setattr(task, "apply_async", lambda **kw: sent.append(kw) or type("R", (), {"id": "t-10"})())
    letter = DeadLetter.objects.get()
    response = client.post(
        "/admin/csba/deadletter/", {"action": "send_again", "_selected_action": [letter.pk]}, follow=True
    )
    assert response.status_code == 200
    assert sent == [{"args": [[5], "reminder"], "kwargs": {}}]
    assert DeadLetter.objects.get().retried_as == "t-10"


def test_an_eager_task_that_fails_raises_to_its_caller_and_leaves_no_dead_letter():
    # Tests and the simulator run tasks in-process: the error belongs to the caller.
    with pytest.raises(ValueError):
        dispatch.registered(dispatch.Task.CASE_NOTIFY).delay([1], "no-such-notice")
    assert not DeadLetter.objects.exists()


def test_every_task_routes_to_a_declared_queue():
    from django.conf import settings

    from csba.celery import app

    app.loader.import_default_modules()
    queues = set(settings.CSBA_QUEUES)
    for name in app.tasks:
        if name.startswith("celery."):
            continue
        route = app.amqp.router.route({}, name)
        assert route["queue"].name in queues, name
