"""Output shapes shared by the seller API views."""

from rest_framework import serializers

from ..models import Enrollment, ReturnPolicy, SellerAccount


class EnrollmentWindowSerializer(serializers.ModelSerializer):
    marketplace = serializers.CharField(source="marketplace.code")
    program = serializers.CharField(source="program.name", allow_null=True, default=None)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "marketplace",
            "program",
            "status",
            "source",
            "requested_at",
            "effective_at",
            "ended_at",
            "terms_accepted_at",
            "trial_ends_at",
        ]


class MarketplaceEnrollmentSerializer(serializers.Serializer):
    marketplace = serializers.CharField(source="marketplace.code")
    status = serializers.ChoiceField(
        choices=["not_enrolled", "pending", "active"],
        help_text="What the seller sees: pending until effective_at, then active.",
    )
    current = EnrollmentWindowSerializer(allow_null=True)
    windows = EnrollmentWindowSerializer(many=True, help_text="Every coverage window, newest first.")


class UnmetRequirementSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="plan, standing, business_country, terms_accepted, invitation, store_*")
    message = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    marketplace = serializers.CharField(source="marketplace_code")
    is_eligible = serializers.BooleanField()
    unmet = UnmetRequirementSerializer(many=True)


class ReturnPolicyOutputSerializer(serializers.ModelSerializer):
    marketplace = serializers.CharField(source="marketplace.code")

    class Meta:
        model = ReturnPolicy
        fields = [
            "id",
            "marketplace",
            "window_days",
            "has_prepaid_labels",
            "restocking_fee_percent",
            "description",
            "international_returns",
            "return_address",
            "return_address_country",
            "status",
            "submitted_at",
            "decided_at",
            "decision_note",
        ]


class SellerRegisteredSerializer(serializers.ModelSerializer):
    enrollments = EnrollmentWindowSerializer(many=True, help_text="Coverage windows opened by default enrollment.")

    class Meta:
        model = SellerAccount
        fields = [
            "id",
            "name",
            "business_country",
            "plan",
            "preferred_language",
            "time_zone",
            "notification_email",
            "registered_at",
            "enrollments",
        ]
