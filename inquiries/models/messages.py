from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sellers.models.base import choices_check

from .tickets import Channel


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the buyer")
    OUTBOUND = "outbound", _("To the buyer")
    INTERNAL = "internal", _("Internal note")


class AuthorKind(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    AGENT = "agent", _("Agent")
    SELLER = "seller", _("Seller")
    SYSTEM = "system", _("System")


class Message(models.Model):
    ticket = models.ForeignKey("inquiries.Ticket", on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    author_kind = models.CharField(max_length=16, choices=AuthorKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(max_length=16)
    body = models.TextField()
    sent_at = models.DateTimeField()
    external_message_id = models.CharField(
        max_length=300, null=True, blank=True, unique=True, help_text="Email Message-ID or the channel's id."
    )
    in_reply_to = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            choices_check("direction", Direction, "message_direction_valid"),
            choices_check("author_kind", AuthorKind, "message_author_kind_valid"),
        ]
        indexes = [models.Index(fields=["ticket", "sent_at"], name="message_ticket_sent")]

    def __str__(self) -> str:
        return f"{self.direction} on CSBA-{self.ticket_id}"

    @property
    def channel_label(self) -> str:
        """The channel in the viewer's language ("Web form", not "web_form")."""
        try:
            return str(Channel(self.channel).label)
        except ValueError:
            return self.channel


class Attachment(models.Model):
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    case_message = models.ForeignKey(
        "inquiries.CaseMessage", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(message__isnull=False) | models.Q(case_message__isnull=False),
                name="attachment_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.filename


class RejectedMessage(models.Model):
    """An inbound message intake refused, kept with the reason (nothing is lost)."""

    received_at = models.DateTimeField()
    channel = models.CharField(max_length=16)
    reason = models.CharField(max_length=40)
    detail = models.TextField(blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    raw = models.BinaryField(blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Rejected {self.channel} message ({self.reason})"
