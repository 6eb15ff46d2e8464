"""The agent API: the queue, a ticket with everything the console shows,
claim (or take over), reply and resolve. The same selectors and services as
the browser console; a refused action is HTTP 400 with the DomainError's
code (``claimed_by_other``, ``invalid_transition``, …)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from csba import clock
from csba.errors import NotFound
from csba.roles import AGENTS, HasRole
from sellers.selectors import agent_scope

from ..console import services
from ..console.selectors import ACTIONABLE, SORTS, QueueFilters, ticket_get, ticket_page, ticket_queue
from ..models import Channel, Ticket
from ..reasons import Reason
from ..states import TICKET_QUEUE_CHOICES


class QueueTicketSerializer(serializers.Serializer):
    """A queue line (``selectors.QueueRow``)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    subject = serializers.CharField()
    marketplace = serializers.CharField()
    language = serializers.CharField()
    reason = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    priority = serializers.IntegerField()
    assigned_to = serializers.CharField(source="assigned_to_username", allow_null=True)
    opened_at = serializers.DateTimeField()
    first_response_due_at = serializers.DateTimeField()
    first_responded_at = serializers.DateTimeField(allow_null=True)
    case_deadline_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "AgentQueueTicket"


class CountSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    is_capped = serializers.BooleanField()


class AgentQueueApi(APIView):
    permission_classes = [HasRole.of(AGENTS)]

    class FilterSerializer(serializers.Serializer):
        marketplace = serializers.RegexField(r"^([A-Za-z]{2})?$", required=False, default="", allow_blank=True)
        language = serializers.RegexField(
            r"^([a-z]{2}(-[A-Za-z]{2,4})?)?$", required=False, default="", allow_blank=True
        )
        reason = serializers.ChoiceField(choices=[""] + list(Reason.values), required=False, default="")
        channel = serializers.ChoiceField(choices=[""] + list(Channel.values), required=False, default="")
        status = serializers.ChoiceField(
            choices=[ACTIONABLE] + [s.value for s in TICKET_QUEUE_CHOICES], required=False, default=ACTIONABLE
        )
        due = serializers.ChoiceField(choices=["", "soon", "overdue"], required=False, default="")
        assignee = serializers.ChoiceField(choices=["", "mine", "unassigned"], required=False, default="")
        sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="due")
        page = serializers.IntegerField(min_value=1, max_value=100_000, required=False, default=1)
        page_size = serializers.IntegerField(min_value=1, max_value=200, required=False, default=50)

        class Meta:
            ref_name = "AgentQueueFilter"

    class OutputSerializer(serializers.Serializer):
        count = CountSerializer()
        page = serializers.IntegerField()
        has_next = serializers.BooleanField()
        counts = serializers.DictField(child=serializers.DictField(child=CountSerializer()))
        results = QueueTicketSerializer(many=True)

        class Meta:
            ref_name = "AgentQueue"

    @extend_schema(
        summary="The agent queue",
        operation_id="agent_queue_list",
        description="Tickets by due time (or priority / newest), filtered like the console's queue. Counts stop at "
        "10,000 (`is_capped`). `status=actionable` (the default) is open + seller replied.",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer},
    )
    def get(self, request):
        serializer = self.FilterSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        page, page_size = data.pop("page"), data.pop("page_size")
        data["marketplace"] = data["marketplace"].upper()
        result = ticket_queue(
            filters=QueueFilters(**data),
            agent_id=request.user.pk,
            now=clock.now(),
            page=page,
            page_size=page_size,
            scope=agent_scope(request.user),
        )
        counts = {
            group: {key or "all": {"value": c.value, "is_capped": c.is_capped} for key, c in values.items()}
            for group, values in result.counts.items()
        }
        return Response(
            {
                "count": {"value": result.total.value, "is_capped": result.total.is_capped},
                "page": result.page,
                "has_next": result.has_next,
                "counts": counts,
                "results": QueueTicketSerializer(result.rows, many=True).data,
            }
        )


class TicketSummarySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    assigned_to = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "reference",
            "status",
            "resolution",
            "assigned_to",
            "claimed_at",
            "first_responded_at",
            "resolved_at",
        ]

    def get_assigned_to(self, ticket) -> str | None:
        return ticket.assigned_to.get_username() if ticket.assigned_to_id else None


def _detail(page) -> dict:
    ticket = page.ticket
    return {
        **TicketSummarySerializer(ticket).data,
        "subject": ticket.subject,
        "marketplace": ticket.marketplace.code,
        "channel": ticket.channel,
        "language": ticket.language,
        "reason": ticket.reason,
        "opened_at": ticket.opened_at,
        "first_response_due_at": ticket.first_response_due_at,
        "routing": {"route": ticket.route, "why": ticket.route_reason, "classification": ticket.classification},
        "buyer": {"name": ticket.buyer.name, "email": ticket.buyer.email} if ticket.buyer else None,
        "order": {
            "order_number": ticket.order.order_number,
            "placed_at": ticket.order.placed_at,
            "status": ticket.order.status,
            "items": [
                {
                    "id": v.item.pk,
                    "asin": v.item.product.asin,
                    "title": v.item.product.title,
                    "quantity": v.item.quantity,
                    "unit_price": str(v.item.unit_price),
                    "fulfillment_channel": v.item.fulfillment_channel,
                    "is_covered": v.coverage.is_covered,
                    "coverage": v.coverage.reason,
                    "refundable": str(v.refundable),
                    "return_deadline": v.return_deadline,
                    "is_ticket_item": v.is_ticket_item,
                }
                for v in page.items
            ],
            "shipments": [
                {
                    "carrier": s.carrier,
                    "tracking_number": s.tracking_number,
                    "tracking_url": s.tracking_url,
                    "has_valid_tracking": s.has_valid_tracking,
                    "shipped_at": s.shipped_at,
                    "delivered_at": s.delivered_at,
                }
                for s in page.shipments
            ],
            "return_policy": page.policy.as_dict() if page.policy else None,
        }
        if ticket.order
        else None,
        "product": page.detail.product.as_detail_page() if page.detail else None,
        "suggestion": (
            {
                "decision": page.suggestion.decision,
                "reply": page.suggestion.reply,
                "evidence": page.suggestion.evidence,
                "status": page.suggestion.status,
            }
            if page.suggestion
            else None
        ),
        "messages": [
            {
                "id": m.pk,
                "ticket": m.ticket_id,
                "direction": m.direction,
                "author_kind": m.author_kind,
                "channel": m.channel,
                "body": m.body,
                "sent_at": m.sent_at,
            }
            for m in page.thread
        ],
        "cases": [
            {
                "id": c.pk,
                "status": c.status,
                "question": c.question,
                "opened_at": c.opened_at,
                "deadline_at": c.deadline_at,
            }
            for c in page.cases
        ],
        "macros": [{"id": m.macro.pk, "name": m.macro.name, "text": m.text} for m in page.macros],
    }


def ticket_in_scope(request, pk: int):
    """The ticket, checked before any input: 404 if it is not there or outside the agent's marketplaces."""
    ticket = ticket_get(ticket_id=pk, scope=agent_scope(request.user))
    if ticket is None:
        raise NotFound("No such ticket.")
    return ticket


class AgentTicketDetailApi(APIView):
    permission_classes = [HasRole.of(AGENTS)]

    @extend_schema(
        summary="A ticket as the agent sees it",
        operation_id="agent_ticket_retrieve",
        description="Thread (with merged duplicates), order items with coverage, shipments, return policy, "
        "product detail page, suggestion with evidence, cases and macros.",
        responses={200: inline_serializer("AgentTicket", {"id": serializers.IntegerField()})},
    )
    def get(self, request, pk):
        page = ticket_page(ticket_id=pk, now=clock.now(), scope=agent_scope(request.user))
        if page is None:
            raise NotFound("No such ticket.")
        return Response(_detail(page))


class AgentTicketClaimApi(APIView):
    permission_classes = [HasRole.of(AGENTS)]

    class InputSerializer(serializers.Serializer):
        take_over = serializers.BooleanField(default=False, help_text="Take the ticket from the agent holding it.")
        reason = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)

        class Meta:
            ref_name = "AgentClaimInput"

    @extend_schema(
        summary="Claim a ticket (or take it over)",
        description="Of two simultaneous claims exactly one wins; the other gets 400 `claimed_by_other`. "
        "`take_over: true` takes a held ticket, recorded as a `taken_over` event.",
        request=InputSerializer,
        responses={200: TicketSummarySerializer},
    )
    def post(self, request, pk):
        ticket_in_scope(request, pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        now = clock.now()
        if serializer.validated_data["take_over"]:
            ticket = services.ticket_take_over(
                ticket_id=pk, agent=request.user, now=now, reason=serializer.validated_data["reason"]
            )
        else:
            ticket = services.ticket_claim(ticket_id=pk, agent=request.user, now=now)
        return Response(TicketSummarySerializer(ticket).data)


class AgentTicketReplyApi(APIView):
    permission_classes = [HasRole.of(AGENTS)]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20_000)
        after = serializers.ChoiceField(
            choices=list(services.AfterReply.ALL), default=services.AfterReply.WAIT_FOR_BUYER
        )
        from_suggestion = serializers.BooleanField(default=False)

        class Meta:
            ref_name = "AgentReplyInput"

    @extend_schema(
        summary="Reply to the buyer by the ticket's channel",
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "AgentReply", {"message": serializers.IntegerField(), "ticket": TicketSummarySerializer()}
            )
        },
    )
    def post(self, request, pk):
        ticket_in_scope(request, pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.ticket_reply(ticket_id=pk, agent=request.user, now=clock.now(), **serializer.validated_data)
        ticket = ticket_get(ticket_id=pk)
        return Response(
            {"message": message.pk, "ticket": TicketSummarySerializer(ticket).data}, status=status.HTTP_201_CREATED
        )


class AgentTicketResolveApi(APIView):
    permission_classes = [HasRole.of(AGENTS)]

    class InputSerializer(serializers.Serializer):
        resolution = serializers.ChoiceField(choices=[r.value for r in services.AGENT_RESOLUTIONS])
        note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)

        class Meta:
            ref_name = "AgentResolveInput"

    @extend_schema(
        summary="Resolve a ticket with a resolution code",
        description="Closes the ticket's open case and invites the buyer to the CSAT survey after commit.",
        request=InputSerializer,
        responses={200: TicketSummarySerializer},
    )
    def post(self, request, pk):
        ticket_in_scope(request, pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = services.ticket_resolve(ticket_id=pk, agent=request.user, now=clock.now(), **serializer.validated_data)
        return Response(TicketSummarySerializer(ticket).data)


urlpatterns = [
    path("agent/tickets/", AgentQueueApi.as_view(), name="api-agent-queue"),
    path("agent/tickets/<int:pk>/", AgentTicketDetailApi.as_view(), name="api-agent-ticket"),
    path("agent/tickets/<int:pk>/claim/", AgentTicketClaimApi.as_view(), name="api-agent-ticket-claim"),
    path("agent/tickets/<int:pk>/reply/", AgentTicketReplyApi.as_view(), name="api-agent-ticket-reply"),
    path("agent/tickets/<int:pk>/resolve/", AgentTicketResolveApi.as_view(), name="api-agent-ticket-resolve"),
]
