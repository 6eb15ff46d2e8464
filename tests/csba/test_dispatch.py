"""Services enqueue tasks by name through csba.dispatch: every name it knows
is a registered task, and a task is sent only once the transaction commits."""

import pytest
from django.conf import settings
from django.db import transaction

from csba import dispatch


def test_every_task_name_services_enqueue_is_registered_even_before_any_tasks_module_was_imported():
    # dispatch.registered imports the tasks modules itself (a web process never does)
    assert all(dispatch.registered(name).name == name for name in dispatch.Task.all())


def test_the_beat_schedule_names_registered_tasks():
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert dispatch.registered(entry["task"]).name == entry["task"]


@pytest.mark.django_db(transaction=True)
def test_a_task_is_sent_after_commit_and_not_for_a_rolled_back_change(monkeypatch):
    sent = []
    monkeypatch.setattr(dispatch.registered(dispatch.Task.CASE_NOTIFY), "delay", lambda *args: sent.append(args))
    with pytest.raises(RuntimeError), transaction.atomic():
        dispatch.enqueue_on_commit(dispatch.Task.CASE_NOTIFY, [1], "opened")
        raise RuntimeError("rolled back")
    assert sent == []
    with transaction.atomic():
        dispatch.enqueue_on_commit(dispatch.Task.CASE_NOTIFY, [2], "opened")
        dispatch.enqueue_each_on_commit(dispatch.Task.CASE_NOTIFY, [([3], "reminder"), ([4], "reminder")])
        assert sent == []
    assert sent == [([2], "opened"), ([3], "reminder"), ([4], "reminder")]
