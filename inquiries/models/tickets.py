from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sellers.models.base import choices_check

from ..reasons import Reason, Route
from ..states import TicketStatus


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("Email")
    WEB_FORM = "web_form", _("Web form")
    API = "api", _("API")
    SELLER_TRANSFER = "seller_transfer", _("Seller transfer")


class Resolution(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    RETURN_AUTHORIZED = "return_authorized", _("Return authorized")
    REPLACED = "replaced", _("Replacement sent")
    CANCELLED = "cancelled", _("Order cancelled")
    SELLER_RESOLVED = "seller_resolved", _("Resolved with the seller's information")
    AUTO_RESOLVED = "auto_resolved", _("Resolved by CSBA judgment")
    NO_ACTION = "no_action", _("No action needed")
    DUPLICATE = "duplicate", _("Duplicate")


# Columns the agent queue filters, counts and sorts on (after status, due time, id).
QUEUE_COVERED_MP = ["assigned_to", "first_responded_at", "language", "reason", "channel", "priority", "opened_at"]
QUEUE_COVERED = [
    "assigned_to",
    "first_responded_at",
    "marketplace",
    "language",
    "reason",
    "channel",
    "priority",
    "opened_at",
]


def ticket_reference(ticket_id: int) -> str:
    """How a person refers to a ticket (mail subjects, pages, search): ``CSBA-<id>``."""
    return f"CSBA-{ticket_id}"


class Ticket(models.Model):
    """A buyer contact. ``status`` changes only through
    ``inquiries.transitions.ticket_transition``."""

    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="tickets")
    buyer = models.ForeignKey("sellers.Buyer", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    order = models.ForeignKey("sellers.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    order_item = models.ForeignKey(
        "sellers.OrderItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    claimed_order = models.ForeignKey(
        "sellers.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The order a web-form or chat contact named while its email is not the order's buyer's: not "
        "attached (nothing of it shown to the contact) until an agent verifies the buyer.",
    )
    seller = models.ForeignKey(
        "sellers.SellerAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=32, choices=Reason.choices)
    route = models.CharField(max_length=24, choices=Route.choices)
    route_reason = models.CharField(max_length=300, help_text="Why the ticket was routed where it was.")
    classification = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=24, choices=TicketStatus.choices)
    priority = models.SmallIntegerField(default=0, help_text="Higher first; a seller reply raises it.")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField()
    first_response_due_at = models.DateTimeField()
    first_responded_at = models.DateTimeField(null=True, blank=True)
    is_commitment_breached = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=24, choices=Resolution.choices, blank=True)
    idempotency_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="<path>:<caller>:<client key> (csba.idempotency), or email:<Message-ID>.",
    )
    idempotency_fingerprint = models.CharField(
        max_length=64, blank=True, help_text="Digest of the contact that took the key: a replay must match it."
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    suggestion = models.JSONField(null=True, blank=True, help_text="The suggested answer and its evidence.")
    suggestion_at = models.DateTimeField(null=True, blank=True)
    after_intake_at = models.DateTimeField(
        null=True, blank=True, help_text="When the work after intake (suggestion, seller notice) was done."
    )
    csat_score = models.PositiveSmallIntegerField(null=True, blank=True)
    csat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_response_due_at", "pk"]
        constraints = [
            choices_check("status", TicketStatus, "ticket_status_valid"),
            choices_check("channel", Channel, "ticket_channel_valid"),
            choices_check("reason", Reason, "ticket_reason_valid"),
            choices_check("route", Route, "ticket_route_valid"),
            models.CheckConstraint(
                condition=models.Q(csat_score__isnull=True) | models.Q(csat_score__gte=1, csat_score__lte=5),
                name="ticket_csat_range",
            ),
        ]
        indexes = [
            # The agent queue: tickets of a status by due time. Both indexes also
            # hold every column the queue filters and counts on, so its pages
            # and counts read the index alone (no row lookups); see docs/console.md.
            models.Index(fields=["status", "first_response_due_at", "id", *QUEUE_COVERED], name="ticket_queue"),
            models.Index(
                fields=["marketplace", "status", "first_response_due_at", "id", *QUEUE_COVERED_MP],
                name="ticket_queue_mp",
            ),
            models.Index(
                fields=["assigned_to", "status", "first_response_due_at", "first_responded_at"],
                name="ticket_queue_agent",
            ),
            models.Index(fields=["seller", "opened_at"], name="ticket_seller_opened"),
            models.Index(fields=["route", "opened_at"], name="ticket_route_opened"),
            # Tickets whose after-intake task has not run (lost with the broker): small, re-derived each minute.
            models.Index(
                fields=["opened_at"], condition=models.Q(after_intake_at__isnull=True), name="ticket_after_intake_due"
            ),
        ]

    def __str__(self) -> str:
        return ticket_reference(self.pk)

    @property
    def reference(self) -> str:
        return ticket_reference(self.pk)

    @property
    def is_buyer_unverified(self) -> bool:
        return self.claimed_order_id is not None and self.order_id is None


class ActorKind(models.TextChoices):
    SYSTEM = "system", _("System")
    AGENT = "agent", _("Agent")
    SELLER = "seller", _("Seller")
    BUYER = "buyer", _("Buyer")
    OPERATOR = "operator", _("Operator")


class TicketEvent(models.Model):
    """The audit trail: one row per action, written in the action's transaction."""

    # no index of its own: event_ticket_at (ticket, at) serves every look-up by ticket, and a sweep writes
    # ~5 events per case (one index fewer to feed: COPY of the events ~15 % faster on PostgreSQL)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events", db_index=False)
    case = models.ForeignKey("inquiries.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices)
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["ticket", "at"], name="event_ticket_at")]

    def __str__(self) -> str:
        return f"{self.kind} on CSBA-{self.ticket_id} at {self.at:%Y-%m-%d %H:%M}"


class Macro(models.Model):
    """A canned response per language, managed by operators in the admin."""

    name = models.CharField(max_length=100)
    language = models.CharField(max_length=8)
    reason = models.CharField(max_length=32, choices=Reason.choices, blank=True)
    body = models.TextField(help_text="May use {buyer_name}, {order_number}, {ticket_reference}.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["language", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "language"], name="macro_name_language")]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
