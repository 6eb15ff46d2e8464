"""Statements over the API: sellers read their own, operators and
integrators every seller's (filters: marketplace, month, seller)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from csba.api.fields import IdField
from csba.roles import INTEGRATORS, OPERATORS, SELLERS, HasRole, user_roles
from sellers.selectors import seller_for_user

from ..periods import parse_month
from ..selectors import statement_filter, statement_list, statement_list_all
from .serializers import StatementOutputSerializer


def _statements(request):
    """Sellers read their own statements; operators and integrators every
    seller's, unless their API token is limited to one seller."""
    limited_to = getattr(getattr(request, "auth", None), "seller_id", None)
    if limited_to is not None:
        return statement_list(seller_id=limited_to)
    if user_roles(request.user) & {OPERATORS, INTEGRATORS}:
        return statement_list_all()
    return statement_list(seller_id=seller_for_user(request.user).pk)


class StatementFilterSerializer(serializers.Serializer):
    marketplace = serializers.RegexField(r"^[A-Za-z]{2}$", required=False, help_text="Marketplace code, e.g. US.")
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False, help_text="YYYY-MM.")
    seller = IdField(required=False, help_text="Seller id (operators and integrators).")

    class Meta:
        ref_name = "StatementFilter"

    def validate_month(self, value):
        try:
            return parse_month(value)
        except ValueError:
            raise serializers.ValidationError("A month as YYYY-MM.") from None


class StatementListApi(ListAPIView):
    permission_classes = [HasRole.of(SELLERS, OPERATORS, INTEGRATORS)]
    serializer_class = StatementOutputSerializer

    @extend_schema(summary="Monthly statements", parameters=[StatementFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = StatementFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return statement_filter(
            _statements(self.request),
            marketplace_code=data.get("marketplace", ""),
            month=data.get("month"),
            seller_id=data.get("seller"),
        )


class StatementDetailApi(RetrieveAPIView):
    permission_classes = [HasRole.of(SELLERS, OPERATORS, INTEGRATORS)]
    serializer_class = StatementOutputSerializer

    @extend_schema(summary="One monthly statement with every input that led to its fee")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _statements(self.request)
