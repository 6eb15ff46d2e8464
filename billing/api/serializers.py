from rest_framework import serializers

from ..models import MonthlyStatement


class StatementOutputSerializer(serializers.ModelSerializer):
    marketplace = serializers.CharField(source="marketplace.code")
    seller_id = serializers.IntegerField()
    month = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyStatement
        fields = (
            "id",
            "seller_id",
            "marketplace",
            "month",
            "units",
            "contacts",
            "window_units",
            "window_contacts",
            "cpu",
            "vtr",
            "aprl_rate",
            "odr",
            "csat",
            "tier",
            "is_standard_rate",
            "base_rate",
            "discount_percent",
            "effective_rate",
            "fee",
            "currency",
            "flags",
            "inputs",
            "computed_at",
            "version",
            "report_sent_at",
        )

    def get_month(self, statement) -> str:
        return f"{statement.month:%Y-%m}"
