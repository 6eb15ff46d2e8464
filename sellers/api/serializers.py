"""Output shapes shared by the seller API views."""

from rest_framework import serializers

from ..models import Enrollment, ReturnPolicy


class EnrollmentWindowSerializer(serializers.ModelSerializer):
    marketplace = serializers.CharField(source="marketplace.code")

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "marketplace",
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
            "status",
            "submitted_at",
            "decided_at",
            "decision_note",
        ]
