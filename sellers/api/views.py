"""The seller enrollment API: thin views over the sellers services.

Every view is for the sellers role and scoped to ``request.user.seller_account``;
DomainError becomes HTTP 400 with field errors (csba.errors)."""

import zoneinfo

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from csba import clock
from csba.roles import INTEGRATORS, OPERATORS, SELLERS, HasRole

from .. import selectors
from ..models import InternationalReturns, Marketplace, SellingPlan
from ..return_policy import standard_policy
from ..services import (
    enrollment_eligibility,
    enrollment_opt_in,
    enrollment_opt_out,
    return_policy_submit,
    seller_register,
)
from .serializers import (
    EligibilitySerializer,
    EnrollmentWindowSerializer,
    MarketplaceEnrollmentSerializer,
    ReturnPolicyOutputSerializer,
    SellerRegisteredSerializer,
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
        international_returns = serializers.ChoiceField(
            choices=InternationalReturns.choices,
            required=False,
            default="",
            help_text="Required for a seller based outside the marketplace's country.",
        )
        return_address = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
        return_address_country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")

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
        "restocking fee) and, for a seller based outside the marketplace's country, offer a domestic return "
        "address, a prepaid return label or a returnless refund (`international_returns`), else 400 "
        "`policy_less_favourable` with field errors. An operator approves it "
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


class SellerRegisterApi(APIView):
    """Integrators (and operators) register sellers, e.g. from an onboarding
    system: the same ``seller_register`` as the registration page and the
    admin, so default enrollment and its trial apply."""

    permission_classes = [HasRole.of(OPERATORS, INTEGRATORS)]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        business_country = serializers.RegexField(r"^[A-Za-z]{2}$", help_text="ISO code, e.g. US or CN.")
        notification_email = serializers.EmailField()
        marketplaces = serializers.ListField(
            child=serializers.CharField(max_length=2),
            allow_empty=True,
            help_text="Codes of the marketplaces the seller sells in; default enrollment applies there.",
        )
        plan = serializers.ChoiceField(choices=SellingPlan.choices, default=SellingPlan.PROFESSIONAL)
        preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, default="en")
        time_zone = serializers.CharField(max_length=64, default="UTC")
        registered_at = serializers.DateTimeField(
            required=False, help_text="When it registered with the marketplace, if before now."
        )

        class Meta:
            ref_name = "SellerRegisterInput"

        def validate_marketplaces(self, codes):
            known = set(Marketplace.objects.values_list("code", flat=True))
            unknown = sorted({code.upper() for code in codes} - known)
            if unknown:
                raise serializers.ValidationError(f"Unknown marketplace(s): {', '.join(unknown)}.")
            return [code.upper() for code in codes]

        def validate_time_zone(self, value):
            if value not in zoneinfo.available_timezones():
                raise serializers.ValidationError("An IANA time zone, e.g. America/Los_Angeles.")
            return value

    @extend_schema(
        summary="Register a seller",
        description="Creates the seller account; where a marketplace of `marketplaces` enrols new sellers by "
        "default (US: every seller; JP: China-based sellers) the seller is enrolled with the free trial. "
        "201 with the seller and its coverage windows; 400 with field errors.",
        request=InputSerializer,
        responses={201: SellerRegisteredSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        now = clock.now()
        seller = seller_register(
            name=data["name"],
            business_country=data["business_country"],
            notification_email=data["notification_email"],
            now=now,
            plan=data["plan"],
            preferred_language=data["preferred_language"],
            time_zone=data["time_zone"],
            marketplace_codes=data["marketplaces"],
            registered_at=min(data.get("registered_at") or now, now),
        )
        return Response(SellerRegisteredSerializer(seller).data, status=status.HTTP_201_CREATED)
