"""Contact intake API: JSON contacts, raw RFC 5322 email, seller transfers."""
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import parsers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from csba import clock
from csba.errors import DomainError
from csba.roles import AGENTS, INTEGRATORS, OPERATORS, SELLERS, HasRole

from ..models import Channel, Ticket
from ..services.intake import MAX_BODY_CHARS, Contact, contact_receive
from ..services.mail_intake import mail_receive

API_CHANNELS = [Channel.API, Channel.CHAT, Channel.PHONE, Channel.WEB_FORM]


class TicketOutputSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Ticket
        fields = ["id", "reference", "status", "channel", "language", "reason", "route", "route_reason",
                  "marketplace", "order", "order_item", "seller", "opened_at", "first_response_due_at"]


class ContactCreateApi(APIView):
    permission_classes = [HasRole.of(AGENTS, OPERATORS, INTEGRATORS)]

    class InputSerializer(serializers.Serializer):
        marketplace = serializers.CharField(max_length=2)
        channel = serializers.ChoiceField(choices=[c.value for c in API_CHANNELS], default=Channel.API)
        text = serializers.CharField(max_length=MAX_BODY_CHARS, allow_blank=False, trim_whitespace=False)
        subject = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        buyer_email = serializers.EmailField(required=False)
        buyer_name = serializers.CharField(max_length=200, required=False)
        order_number = serializers.CharField(max_length=32, required=False)
        asin = serializers.CharField(max_length=10, required=False)
        language = serializers.ChoiceField(choices=["en", "de", "ja"], required=False)

        def validate_text(self, value):
            if not value.strip():
                raise serializers.ValidationError("The message is empty.")
            return value

    @extend_schema(
        summary="Submit a buyer contact",
        description="Creates a ticket exactly once: a retry with the same Idempotency-Key returns the same ticket "
                    "(200 instead of 201). The contact is classified, checked for coverage and routed.",
        request=InputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={201: TicketOutputSerializer, 200: TicketOutputSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = request.headers.get("Idempotency-Key")
        contact = Contact(
            channel=data["channel"], marketplace_code=data["marketplace"], body=data["text"], subject=data["subject"],
            buyer_email=data.get("buyer_email"), buyer_name=data.get("buyer_name"),
            order_number=data.get("order_number"), asin=data.get("asin"), language=data.get("language"),
            idempotency_key=f"api:{request.user.pk}:{key}" if key else None,
        )
        result = contact_receive(contact=contact, now=clock.now(), actor=request.user)
        return Response(TicketOutputSerializer(result.ticket).data,
                        status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


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
        responses={201: inline_serializer("EmailIntakeResult", {"status": serializers.CharField(),
                                                                 "ticket": serializers.IntegerField()})},
    )
    def post(self, request):
        raw = request.data if isinstance(request.data, (bytes, bytearray)) else b""
        outcome = mail_receive(raw=bytes(raw), now=clock.now(), source_name=f"api:{request.user.pk}")
        if outcome.status == "rejected":
            raise DomainError(f"The message was rejected: {outcome.detail}", code=outcome.reason,
                              field_errors={"message": [outcome.detail]})
        code = status.HTTP_201_CREATED if outcome.status == "created" else status.HTTP_200_OK
        return Response({"status": outcome.status, "ticket": outcome.ticket_id, "detail": outcome.detail}, status=code)


class SellerTransferApi(APIView):
    permission_classes = [HasRole.of(SELLERS)]

    class InputSerializer(serializers.Serializer):
        order_number = serializers.CharField(max_length=32)
        text = serializers.CharField(max_length=MAX_BODY_CHARS)
        asin = serializers.CharField(max_length=10, required=False)

    @extend_schema(
        summary="Transfer a buyer's message to CSBA",
        description="A seller forwards a buyer's message about one of its covered orders to the CSBA team.",
        request=InputSerializer, responses={201: TicketOutputSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seller = request.user.seller_account
        data = serializer.validated_data
        result = contact_receive(
            contact=Contact(channel=Channel.SELLER_TRANSFER, marketplace_code=_order_marketplace(data["order_number"]),
                            body=data["text"], order_number=data["order_number"], asin=data.get("asin"),
                            transferred_by_seller_id=seller.pk,
                            idempotency_key=(f"transfer:{seller.pk}:{request.headers['Idempotency-Key']}"
                                             if request.headers.get("Idempotency-Key") else None)),
            now=clock.now(), actor=request.user,
        )
        return Response(TicketOutputSerializer(result.ticket).data,
                        status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


def _order_marketplace(order_number: str) -> str:
    from sellers.models import Order

    code = Order.objects.filter(order_number=order_number).values_list("marketplace__code", flat=True).first()
    if code is None:
        raise DomainError(f"There is no order {order_number}.", code="unknown_order",
                          field_errors={"order_number": ["Unknown order number."]})
    return code


urlpatterns = [
    path("contacts/", ContactCreateApi.as_view(), name="api-contacts"),
    path("contacts/email/", EmailIntakeApi.as_view(), name="api-contacts-email"),
    path("seller/transfers/", SellerTransferApi.as_view(), name="api-seller-transfers"),
]
