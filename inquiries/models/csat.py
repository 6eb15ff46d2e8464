from django.db import models


class CsatInvitation(models.Model):
    """A rating link emailed to the buyer after a ticket was resolved: one per
    resolution, so the email goes out once. The link itself is signed
    (``inquiries.services.csat``); a ticket takes one rating."""

    ticket = models.ForeignKey("inquiries.Ticket", on_delete=models.CASCADE, related_name="csat_invitations")
    resolved_at = models.DateTimeField(help_text="The resolution the invitation is about.")
    email = models.EmailField()
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    rated_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "resolved_at"], name="csat_invitation_once"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="csat_invitation_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"CSAT invitation for CSBA-{self.ticket_id}"
