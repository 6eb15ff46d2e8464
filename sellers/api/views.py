"""The seller enrollment API: thin views over the sellers services.

Every view is for the sellers role and scoped to ``request.user.seller_account``;
DomainError becomes HTTP 400 with field errors (csba.errors)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from csba import clock
from csba.roles import SELLERS, HasRole

from .. import selectors
from ..models import Marketplace
from ..return_policy import standard_policy
from ..services import enrollment_eligibility, enrollment_opt_in, enrollment_opt_out, return_policy_submit
from .serializers import (
    EligibilitySerializer,
    EnrollmentWindowSerializer,
    MarketplaceEnrollmentSerializer,
    ReturnPolicyOutputSerializer,
)

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Marketplace code: US, DE or JP.")


def _marketplace(code: str) -> Marketplace:
    return selectors.marketplace_get(code=code)


class SellerApi(APIView):
    permission_classes = [HasRole.of(SELLERS)]

    def seller(self):
        return selectors.seller_for_user(self.request.user)


class EnrollmentListApi(SellerApi):
    @extend_schema(
        summary="Enrollment status in every marketplace",
        description="Status (not_enrolled / pending / active) and the history of coverage windows in each marketplace.",
        responses=MarketplaceEnrollmentSerializer(many=True),
    )
    def get(self, request):
        overview = selectors.enrollment_overview(seller_id=self.seller().pk, now=clock.now())
        return Response(MarketplaceEnrollmentSerializer(overview, many=True).data)


class EnrollmentDetailApi(SellerApi):
    @extend_schema(
        summary="Enrollment status and history in one marketplace",
        parameters=[CODE],
        responses=MarketplaceEnrollmentSerializer,
    )
    def get(self, request, code):
        [entry] = selectors.enrollment_overview(
            seller_id=self.seller().pk, now=clock.now(), marketplace=_marketplace(code)
        )
        return Response(MarketplaceEnrollmentSerializer(entry).data)


class EnrollmentWindowApi(SellerApi):
    @extend_schema(
        summary="One coverage window",
        description="404 unless the window is the caller's own.",
        responses=EnrollmentWindowSerializer,
    )
    def get(self, request, pk):
        window = selectors.enrollment_get(seller_id=self.seller().pk, enrollment_id=pk)
        return Response(EnrollmentWindowSerializer(window).data)


class EligibilityApi(SellerApi):
    @extend_schema(
        summary="Requirements to enrol",
        description="Every unmet requirement at once (the Terms & Conditions are accepted with the "
        "opt-in request and are not listed here).",
        parameters=[CODE],
        responses=EligibilitySerializer,
    )
    def get(self, request, code):
        eligibility = enrollment_eligibility(seller=self.seller(), marketplace=_marketplace(code), now=clock.now())
        return Response(
            EligibilitySerializer(
                {
                    "marketplace_code": eligibility.marketplace_code,
                    "is_eligible": eligibility.is_eligible,
                    "unmet": eligibility.unmet,
                }
            ).data
        )


class OptInApi(SellerApi):
    class InputSerializer(serializers.Serializer):
        terms_accepted = serializers.BooleanField(
            help_text="Must be true: the seller accepts the CSBA Terms & Conditions."
        )

        class Meta:
            ref_name = "SellerOptInInput"

    @extend_schema(
        summary="Opt in",
        description="Records the opt-in; the window takes effect after the marketplace's delay (one hour) and is "
        "`pending` until then. Ineligible: 400 `not_eligible` with one entry in `errors` per unmet "
        "requirement. Already enrolled: 400 `already_enrolled`. A retry with the same Idempotency-Key "
        "returns the same window with 200 instead of 201.",
        request=InputSerializer,
        parameters=[CODE, OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        responses={201: EnrollmentWindowSerializer, 200: EnrollmentWindowSerializer},
    )
    def post(self, request, code):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marketplace = _marketplace(code)
        result = enrollment_opt_in(
            seller_id=self.seller().pk,
            marketplace_code=marketplace.code,
            now=clock.now(),
            terms_accepted=serializer.validated_data["terms_accepted"],
            request_key=request.headers.get("Idempotency-Key", ""),
        )
        return Response(
            EnrollmentWindowSerializer(result.enrollment).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class OptOutApi(SellerApi):
    @extend_schema(
        summary="Opt out",
        description="Closes the open window now: orders placed from now on are not covered; orders placed while "
        "enrolled stay covered. A pending window is cancelled. Not enrolled: 400 `not_enrolled`.",
        request=None,
        parameters=[CODE],
        responses=EnrollmentWindowSerializer,
    )
    def post(self, request, code):
        window = enrollment_opt_out(
            seller_id=self.seller().pk, marketplace_code=_marketplace(code).code, now=clock.now()
        )
        return Response(EnrollmentWindowSerializer(window).data)


class ReturnPolicyApi(SellerApi):
    class InputSerializer(serializers.Serializer):
        window_days = serializers.IntegerField(min_value=1, max_value=365)
        has_prepaid_labels = serializers.BooleanField()
        restocking_fee_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
        description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "SellerReturnPolicyInput"

    @extend_schema(
        summary="Return policy in force and history",
        parameters=[CODE],
        responses=inline_serializer(
            "ReturnPolicyStatus",
            {
                "in_force": inline_serializer(
                    "ApplicableReturnPolicy",
                    {
                        "window_days": serializers.IntegerField(),
                        "has_prepaid_labels": serializers.BooleanField(),
                        "restocking_fee_percent": serializers.CharField(),
                        "source": serializers.CharField(),
                        "policy_id": serializers.IntegerField(allow_null=True),
                    },
                ),
                "standard": inline_serializer(
                    "StandardReturnPolicy",
                    {
                        "window_days": serializers.IntegerField(),
                        "has_prepaid_labels": serializers.BooleanField(),
                        "restocking_fee_percent": serializers.CharField(),
                    },
                ),
                "history": ReturnPolicyOutputSerializer(many=True),
            },
        ),
    )
    def get(self, request, code):
        marketplace = _marketplace(code)
        view = selectors.return_policy_status(seller_id=self.seller().pk, marketplace=marketplace)
        standard = standard_policy(marketplace).as_dict()
        return Response(
            {
                "in_force": view.in_force.as_dict(),
                "standard": {
                    key: standard[key] for key in ("window_days", "has_prepaid_labels", "restocking_fee_percent")
                },
                "history": ReturnPolicyOutputSerializer(view.history, many=True).data,
            }
        )

    @extend_schema(
        summary="Submit a return policy",
        description="Must be at least as favourable as the marketplace's standard policy (window, prepaid labels, "
        "restocking fee), else 400 `policy_less_favourable` with field errors. An operator approves it "
        "in the admin; until then the previous policy stays in force.",
        request=InputSerializer,
        parameters=[CODE],
        responses={201: ReturnPolicyOutputSerializer},
    )
    def post(self, request, code):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = return_policy_submit(
            seller_id=self.seller().pk,
            marketplace_code=_marketplace(code).code,
            now=clock.now(),
            **serializer.validated_data,
        )
        return Response(ReturnPolicyOutputSerializer(policy).data, status=status.HTTP_201_CREATED)
