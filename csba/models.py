"""The project's own rows: dead letters of tasks that could not be carried out."""

from django.db import models


class DeadLetter(models.Model):
    """A task that failed for good: its retries ran out, it raised an error no
    retry can cure, or it was delivered again and again because it killed the
    worker running it (a poison message). The message is taken off its queue
    (the queue goes on with the next one) and kept here for an operator, who
    can send it again from the admin once the cause is fixed."""

    task_name = models.CharField(max_length=200)
    task_id = models.CharField(max_length=64, unique=True)
    queue = models.CharField(max_length=64, blank=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=32)
    exception = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=1)
    failed_at = models.DateTimeField()
    retried_at = models.DateTimeField(null=True, blank=True)
    retried_as = models.CharField(max_length=64, blank=True)

    class Reason(models.TextChoices):
        FAILED = "failed", "Failed (retries exhausted or not retryable)"
        WORKER_LOST = "worker_lost", "Killed its worker on every delivery"

    class Meta:
        ordering = ["-failed_at", "-pk"]
        indexes = [models.Index(fields=["task_name", "failed_at"], name="deadletter_task_failed")]

    def __str__(self) -> str:
        return f"{self.task_name} [{self.task_id}]"
