"""Contact intake API: JSON contacts, raw RFC 5322 email, seller transfers."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import parsers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from csba import clock
from csba.api.fields import PrototypeSerializer
from csba.errors import DomainError
from csba.idempotency import MAX_CLIENT_KEY_CHARS, scoped_key
from csba.roles import AGENTS, INTEGRATORS, OPERATORS, SELLERS, HasRole

from ..intake.selectors import order_marketplace_code
from ..intake.services import CLAIM_A_TO_Z, MAX_BATCH, MAX_BODY_CHARS, Contact, contact_receive, contacts_receive_batch
from ..intake.services.mail import mail_receive
from ..models import Channel, Ticket

API_CHANNELS = [Channel.API, Channel.CHAT, Channel.PHONE, Channel.WEB_FORM]
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=f"1 to {MAX_CLIENT_KEY_CHARS} printable characters, unique per contact; scoped to the caller.",
)


class TicketOutputSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "reference",
            "status",
            "channel",
            "language",
            "reason",
            "route",
            "route_reason",
            "marketplace",
            "order",
            "order_item",
            "seller",
            "opened_at",
            "first_response_due_at",
        ]


_DATETIME = serializers.DateTimeField()


def ticket_output(ticket: Ticket) -> dict:
    """``TicketOutputSerializer(ticket).data`` without building a serializer
    per request (intake's hot path; a test holds the two equal)."""
    return {
        "id": ticket.pk,
        "reference": ticket.reference,
        "status": ticket.status,
        "channel": ticket.channel,
        "language": ticket.language,
        "reason": ticket.reason,
        "route": ticket.route,
        "route_reason": ticket.route_reason,
        "marketplace": ticket.marketplace_id,
        "order": ticket.order_id,
        "order_item": ticket.order_item_id,
        "seller": ticket.seller_id,
        "opened_at": _DATETIME.to_representation(ticket.opened_at),
        "first_response_due_at": _DATETIME.to_representation(ticket.first_response_due_at),
    }


class ContactCreateApi(APIView):
    permission_classes = [HasRole.of(AGENTS, OPERATORS, INTEGRATORS)]

    class InputSerializer(PrototypeSerializer):  # made on every request: fields copied, not re-made
        marketplace = serializers.CharField(max_length=2)
        channel = serializers.ChoiceField(choices=[c.value for c in API_CHANNELS], default=Channel.API)
        text = serializers.CharField(max_length=MAX_BODY_CHARS, allow_blank=False, trim_whitespace=False)
        subject = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        buyer_email = serializers.EmailField(required=False)
        buyer_name = serializers.CharField(max_length=200, required=False)
        order_number = serializers.CharField(max_length=32, required=False)
        asin = serializers.CharField(max_length=10, required=False)
        language = serializers.ChoiceField(choices=["en", "de", "ja"], required=False)
        claim = serializers.ChoiceField(
            choices=[CLAIM_A_TO_Z],
            required=False,
            help_text="A claim filed on the marketplace's claim form: 'a_to_z' for an A-to-z Guarantee claim "
            "(handled by CSBA in JP, answered by the seller elsewhere).",
        )

        class Meta:
            ref_name = "ContactInput"

        def validate_text(self, value):
            if not value.strip():
                raise serializers.ValidationError("The message is empty.")
            return value

    @extend_schema(
        summary="Submit a buyer contact",
        description="Creates a ticket exactly once: a retry with the same Idempotency-Key returns the same ticket "
        "(200 instead of 201); the key is yours alone (scoped to your token or user), and a replay with a "
        "different body is 409 `idempotency_key_reused`. The contact is classified, checked for coverage and routed.",
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: TicketOutputSerializer, 200: TicketOutputSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = request.headers.get("Idempotency-Key")
        contact = Contact(
            channel=data["channel"],
            marketplace_code=data["marketplace"],
            body=data["text"],
            subject=data["subject"],
            buyer_email=data.get("buyer_email"),
            buyer_name=data.get("buyer_name"),
            order_number=data.get("order_number"),
            asin=data.get("asin"),
            language=data.get("language"),
            claim=data.get("claim"),
            idempotency_key=scoped_key(request, "api", key),
        )
        result = contact_receive(contact=contact, now=clock.now(), actor=request.user)
        return Response(
            ticket_output(result.ticket),
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class ContactBatchApi(APIView):
    permission_classes = [HasRole.of(AGENTS, OPERATORS, INTEGRATORS)]

    class ItemSerializer(ContactCreateApi.InputSerializer):
        idempotency_key = serializers.CharField(max_length=MAX_CLIENT_KEY_CHARS, required=False)

        class Meta:
            ref_name = "ContactBatchItem"

    @extend_schema(
        summary="Submit many buyer contacts at once",
        description=f"Up to {MAX_BATCH} contacts, each with the fields of a single contact and an optional "
        "idempotency_key (the batch form of the Idempotency-Key header). Each contact is classified, "
        "checked for coverage and routed exactly as a single one; a bad contact is reported in its place "
        "(status 'rejected' with field errors) and the others are taken. Resubmitting returns "
        "'existing' with the same tickets.",
        # Items are documented as any JSON value: one that is not a contact object is rejected in its place.
        request=inline_serializer(
            "ContactBatch",
            {"contacts": serializers.ListField(child=serializers.JSONField(), min_length=1, max_length=MAX_BATCH)},
        ),
        responses={
            200: inline_serializer(
                "ContactBatchResult",
                {
                    "created": serializers.IntegerField(),
                    "existing": serializers.IntegerField(),
                    "rejected": serializers.IntegerField(),
                    "results": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    def post(self, request):
        items = request.data.get("contacts") if isinstance(request.data, dict) else None
        if not isinstance(items, list) or not items:
            raise DomainError(
                'Send {"contacts": [...]} with at least one contact.',
                code="invalid_batch",
                field_errors={"contacts": ["A non-empty list of contacts."]},
            )
        if len(items) > MAX_BATCH:
            raise DomainError(
                f"At most {MAX_BATCH} contacts per batch.",
                code="batch_too_large",
                field_errors={"contacts": [f"At most {MAX_BATCH}."]},
            )
        results: list[dict | None] = [None] * len(items)
        contacts, positions = [], []
        for index, item in enumerate(items):
            serializer = self.ItemSerializer(data=item) if isinstance(item, dict) else None
            if serializer is None or not serializer.is_valid():
                errors = serializer.errors if serializer is not None else {"non_field_errors": ["Not an object."]}
                results[index] = {"index": index, "status": "rejected", "errors": errors}
                continue
            data = serializer.validated_data
            key = data.get("idempotency_key")
            contacts.append(
                Contact(
                    channel=data["channel"],
                    marketplace_code=data["marketplace"],
                    body=data["text"],
                    subject=data["subject"],
                    buyer_email=data.get("buyer_email"),
                    buyer_name=data.get("buyer_name"),
                    order_number=data.get("order_number"),
                    asin=data.get("asin"),
                    language=data.get("language"),
                    claim=data.get("claim"),
                    idempotency_key=scoped_key(request, "api", key, field="idempotency_key"),
                )
            )
            positions.append(index)
        for index, outcome in zip(
            positions, contacts_receive_batch(contacts=contacts, now=clock.now(), actor=request.user)
        ):
            if outcome.error is not None:
                results[index] = {"index": index, "status": "rejected", **outcome.error.as_dict()}
            else:
                ticket = outcome.result.ticket
                results[index] = {
                    "index": index,
                    "status": "created" if outcome.result.created else "existing",
                    "ticket": ticket.pk,
                    "reference": ticket.reference,
                    "reason": ticket.reason,
                    "route": ticket.route,
                    "status_of_ticket": ticket.status,
                }
        counts = {name: sum(1 for r in results if r["status"] == name) for name in ("created", "existing", "rejected")}
        return Response({**counts, "results": results})


class RawBytesParser(parsers.BaseParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read()


class EmailIntakeApi(APIView):
    permission_classes = [HasRole.of(AGENTS, OPERATORS, INTEGRATORS)]
    parser_classes = [RawBytesParser]

    @extend_schema(
        summary="Submit a raw email (RFC 5322)",
        description="The body is the raw message (Content-Type message/rfc822). A reply threads onto its ticket by "
        "In-Reply-To / References or a CSBA-<id> subject reference; the Message-ID makes a resubmission "
        "return the same ticket. A message that cannot be taken gets 400 and is kept as a rejected message.",
        request={"message/rfc822": bytes},
        responses={
            201: inline_serializer(
                "EmailIntakeResult", {"status": serializers.CharField(), "ticket": serializers.IntegerField()}
            )
        },
    )
    def post(self, request):
        raw = request.data if isinstance(request.data, (bytes, bytearray)) else b""
        outcome = mail_receive(raw=bytes(raw), now=clock.now(), source_name=f"api:{request.user.pk}")
        if outcome.status == "rejected":
            raise DomainError(
                f"The message was rejected: {outcome.detail}",
                code=outcome.reason,
                field_errors={"message": [outcome.detail]},
            )
        code = status.HTTP_201_CREATED if outcome.status == "created" else status.HTTP_200_OK
        return Response({"status": outcome.status, "ticket": outcome.ticket_id, "detail": outcome.detail}, status=code)


class SellerTransferApi(APIView):
    permission_classes = [HasRole.of(SELLERS)]

    class InputSerializer(serializers.Serializer):
        order_number = serializers.CharField(max_length=32)
        text = serializers.CharField(max_length=MAX_BODY_CHARS)
        asin = serializers.CharField(max_length=10, required=False)

        class Meta:
            ref_name = "SellerTransferInput"

    @extend_schema(
        summary="Transfer a buyer's message to CSBA",
        description="A seller forwards a buyer's message about one of its covered orders to the CSBA team. A retry "
        "with the same Idempotency-Key returns the same ticket (200).",
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: TicketOutputSerializer, 200: TicketOutputSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seller = request.user.seller_account
        data = serializer.validated_data
        result = contact_receive(
            contact=Contact(
                channel=Channel.SELLER_TRANSFER,
                marketplace_code=_order_marketplace(data["order_number"]),
                body=data["text"],
                order_number=data["order_number"],
                asin=data.get("asin"),
                transferred_by_seller_id=seller.pk,
                idempotency_key=scoped_key(request, "transfer", request.headers.get("Idempotency-Key")),
            ),
            now=clock.now(),
            actor=request.user,
        )
        return Response(
            ticket_output(result.ticket),
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


def _order_marketplace(order_number: str) -> str:
    code = order_marketplace_code(order_number=order_number)
    if code is None:
        raise DomainError(
            f"There is no order {order_number}.",
            code="unknown_order",
            field_errors={"order_number": ["Unknown order number."]},
        )
    return code


urlpatterns = [
    path("contacts/", ContactCreateApi.as_view(), name="api-contacts"),
    path("contacts/batch/", ContactBatchApi.as_view(), name="api-contacts-batch"),
    path("contacts/email/", EmailIntakeApi.as_view(), name="api-contacts-email"),
    path("seller/transfers/", SellerTransferApi.as_view(), name="api-seller-transfers"),
]
