"""Agents' corrections of a ticket's contact reason: labelled examples that
`manage.py export_corrections` writes out for training the classifier."""

from django.conf import settings
from django.db import models


class ReasonCorrection(models.Model):
    ticket = models.ForeignKey("inquiries.Ticket", on_delete=models.CASCADE, related_name="reason_corrections")
    # What the classifier read (the contact's subject and first message), kept as it was.
    text = models.TextField()
    marketplace = models.CharField(max_length=8)
    language = models.CharField(max_length=8, blank=True)
    predicted_reason = models.CharField(max_length=32)
    predicted_confidence = models.FloatField(null=True, blank=True)
    was_unsure = models.BooleanField(default=False)
    reason = models.CharField(max_length=32)  # the agent's label
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    corrected_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["corrected_at"], name="reason_correction_at")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.predicted_reason} -> {self.reason}"
