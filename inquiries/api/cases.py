"""API (cases): the seller's case log (list, detail, reply, SAFE-T claim) and
the agent's open-case endpoint. Thin views over inquiries.caselog.services.

Seller endpoints are scoped to ``request.user.seller_account``: another
seller's case is 404 and nothing is written. DomainError → 400 with field errors."""

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, parsers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from csba import clock
from csba.api.fields import IdField
from csba.api.parsers import JSONParser
from csba.errors import NotFound
from csba.roles import AGENTS, OPERATORS, SELLERS, HasRole
from sellers.selectors import seller_for_user

from ..caselog.selectors import CaseFilter, case_detail, case_get, case_list
from ..caselog.services import case_open, case_seller_reply, safet_claim_file
from ..models import Case, CaseMessage, SafeTClaim, SafeTGround
from ..reasons import Reason
from .tickets import ticket_in_scope


class CaseOutputSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="ticket.reference", read_only=True)
    marketplace = serializers.CharField(source="marketplace.code", read_only=True)
    reason = serializers.CharField(source="ticket.reason", read_only=True)
    order_number = serializers.CharField(source="ticket.order.order_number", default=None, read_only=True)
    seconds_left = serializers.SerializerMethodField(help_text="Seconds to the deadline (negative once passed).")

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "ticket",
            "marketplace",
            "reason",
            "order_number",
            "status",
            "question",
            "opened_at",
            "deadline_at",
            "seconds_left",
            "reminded_at",
            "seller_replied_at",
            "resolved_at",
            "resolution",
        ]

    def get_seconds_left(self, case) -> int:
        return int((case.deadline_at - self.context["now"]).total_seconds())


class CaseMessageOutputSerializer(serializers.ModelSerializer):
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = CaseMessage
        fields = ["id", "author_kind", "body", "sent_at", "is_late", "attachments"]

    def get_attachments(self, message) -> list[dict]:
        """Each file with the link that serves it to those who may open it."""
        return [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse("attachment", args=[a.pk]),
            }
            for a in message.attachments.all()
        ]


class SafeTClaimOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = SafeTClaim
        fields = ["id", "refund", "case", "ground", "explanation", "filed_at", "status", "decided_at", "decision_note"]


class SellerCaseApi(APIView):
    permission_classes = [HasRole.of(SELLERS)]

    def seller(self):
        return seller_for_user(self.request.user)


class SellerCaseListApi(SellerCaseApi, generics.ListAPIView):
    serializer_class = CaseOutputSerializer

    class FilterSerializer(serializers.Serializer):
        state = serializers.ChoiceField(choices=list(CaseFilter.STATUSES), required=False, default="")
        reason = serializers.ChoiceField(choices=Reason.values, required=False, default="")
        marketplace = serializers.RegexField(r"^[A-Za-z]{2}$", required=False, default="")

        class Meta:
            ref_name = "SellerCaseFilter"

    @extend_schema(summary="The seller's cases", parameters=[FilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return case_list(
            seller_id=self.seller().pk,
            state=filters.validated_data["state"],
            reason=filters.validated_data["reason"],
            marketplace_code=filters.validated_data["marketplace"],
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": clock.now()}


class SellerCaseDetailApi(SellerCaseApi):
    @extend_schema(
        summary="One case with its history and order context",
        description="404 unless the case is the caller's. Buyer contact details are not included.",
        responses=CaseOutputSerializer,
    )
    def get(self, request, pk):
        case = case_get(seller_id=self.seller().pk, case_id=pk)
        now = clock.now()
        detail = case_detail(case, now=now)
        data = CaseOutputSerializer(case, context={"now": now}).data
        order = detail["order"]
        data.update(
            {
                "messages": CaseMessageOutputSerializer(case.messages.prefetch_related("attachments"), many=True).data,
                "buyer_messages": [{"sent_at": m["sent_at"], "body": m["body"]} for m in detail["buyer_messages"]],
                "order": None
                if order is None
                else {
                    "order_number": order.order_number,
                    "placed_at": order.placed_at,
                    "items": [
                        {
                            "id": i.pk,
                            "asin": i.product.asin,
                            "sku": i.product.sku,
                            "title": i.product.title,
                            "quantity": i.quantity,
                            "unit_price": str(i.unit_price),
                            "fulfillment_channel": i.fulfillment_channel,
                        }
                        for i in detail["items"]
                    ],
                    "shipments": [
                        {
                            "carrier": s.carrier,
                            "tracking_number": s.tracking_number,
                            "shipped_at": s.shipped_at,
                            "delivered_at": s.delivered_at,
                            "has_valid_tracking": s.has_valid_tracking,
                        }
                        for s in detail["shipments"]
                    ],
                    "refunds": [
                        {
                            "id": r.pk,
                            "kind": r.kind,
                            "amount": str(r.amount),
                            "currency": r.currency,
                            "issued_at": r.issued_at,
                            "is_a_to_z": r.is_a_to_z,
                            "safet_claim_deadline": r.safet_deadline,
                        }
                        for r in detail["refunds"]
                    ],
                },
                "safet_claims": SafeTClaimOutputSerializer(detail["claims"], many=True).data,
                "claimable_refunds": [r.pk for r in detail["claimable_refunds"]],
            }
        )
        return Response(data)


class SellerCaseReplyApi(SellerCaseApi):
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=20_000, default="")
        attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)

        class Meta:
            ref_name = "SellerCaseReplyInput"

    @extend_schema(
        summary="Reply to a case",
        description="Moves the ticket back to the agent queue. After the case was closed the reply is kept as a "
        "late note (is_late true) and changes nothing; so is a reply at or after the deadline, whether or not "
        "CSBA has resolved the case yet. 404 for another seller's case.",
        request={"multipart/form-data": InputSerializer, "application/json": InputSerializer},
        responses={201: CaseMessageOutputSerializer},
    )
    def post(self, request, pk):
        seller = self.seller()
        case_get(seller_id=seller.pk, case_id=pk)  # 404 first: input errors must not reveal another seller's case
        data = request.data
        if hasattr(data, "getlist"):  # a form: the files under "attachments" are a list
            data = {"body": data.get("body", ""), "attachments": request.FILES.getlist("attachments")}
        serializer = self.InputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        message = case_seller_reply(
            case_id=pk,
            seller=seller,
            body=serializer.validated_data["body"],
            attachments=serializer.validated_data["attachments"],
            now=clock.now(),
        )
        return Response(CaseMessageOutputSerializer(message).data, status=status.HTTP_201_CREATED)


class SellerSafeTClaimApi(SellerCaseApi):
    class InputSerializer(serializers.Serializer):
        refund = IdField()
        ground = serializers.ChoiceField(choices=SafeTGround.choices)
        explanation = serializers.CharField(max_length=5000)

        class Meta:
            ref_name = "SellerSafeTClaimInput"

    @extend_schema(
        summary="File a SAFE-T reimbursement claim on a full refund of this case",
        request=InputSerializer,
        responses={201: SafeTClaimOutputSerializer},
    )
    def post(self, request, pk):
        seller = self.seller()
        case = case_get(seller_id=seller.pk, case_id=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["refund"] not in {r.pk for r in case.ticket.refunds.all()}:
            raise NotFound("No such refund on this case.", field_errors={"refund": ["Not a refund of this case."]})
        claim = safet_claim_file(
            refund_id=data["refund"],
            seller=seller,
            ground=data["ground"],
            explanation=data["explanation"],
            now=clock.now(),
        )
        return Response(SafeTClaimOutputSerializer(claim).data, status=status.HTTP_201_CREATED)


class CaseOpenApi(APIView):
    permission_classes = [HasRole.of(AGENTS, OPERATORS)]

    class InputSerializer(serializers.Serializer):
        ticket = IdField()
        question = serializers.CharField(allow_blank=True, trim_whitespace=False)

        class Meta:
            ref_name = "CaseOpenInput"

    @extend_schema(
        summary="Escalate a ticket to its seller (open a case)",
        description="Deadline: now + the marketplace's seller reply hours (24 h; JP 6 h). A follow-up on a ticket the "
        "seller already answered reopens that case. JP A-to-z claims are refused (CSBA decides them).",
        request=InputSerializer,
        responses={201: CaseOutputSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket_in_scope(request, serializer.validated_data["ticket"])
        now = clock.now()
        case = case_open(
            ticket_id=serializer.validated_data["ticket"],
            question=serializer.validated_data["question"],
            now=now,
            actor=request.user,
        )
        return Response(CaseOutputSerializer(case, context={"now": now}).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("cases/", CaseOpenApi.as_view(), name="api-cases-open"),
    path("seller/cases/", SellerCaseListApi.as_view(), name="api-seller-cases"),
    path("seller/cases/<int:pk>/", SellerCaseDetailApi.as_view(), name="api-seller-case"),
    path("seller/cases/<int:pk>/replies/", SellerCaseReplyApi.as_view(), name="api-seller-case-replies"),
    path("seller/cases/<int:pk>/safet-claims/", SellerSafeTClaimApi.as_view(), name="api-seller-case-safet"),
]
