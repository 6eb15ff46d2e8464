"""Statements over the API: sellers read their own, operators and
integrators every seller's (filters: marketplace, month, seller)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView, RetrieveAPIView

from csba.roles import INTEGRATORS, OPERATORS, SELLERS, HasRole, user_roles
from sellers.selectors import seller_for_user

from ..periods import parse_month
from ..selectors import statement_filter, statement_list, statement_list_all, statement_list_none
from .serializers import StatementOutputSerializer


def _statements(request):
    """Sellers read their own statements; operators and integrators every seller's."""
    if user_roles(request.user) & {OPERATORS, INTEGRATORS}:
        return statement_list_all()
    return statement_list(seller_id=seller_for_user(request.user).pk)


class StatementListApi(ListAPIView):
    permission_classes = [HasRole.of(SELLERS, OPERATORS, INTEGRATORS)]
    serializer_class = StatementOutputSerializer

    @extend_schema(
        summary="Monthly statements",
        parameters=[
            OpenApiParameter("marketplace", str, description="Marketplace code, e.g. US."),
            OpenApiParameter("month", str, description="YYYY-MM."),
            OpenApiParameter("seller", int, description="Seller id (operators and integrators)."),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        try:
            month = parse_month(params["month"]) if params.get("month") else None
        except (ValueError, TypeError):
            return statement_list_none()
        seller = int(params["seller"]) if params.get("seller", "").isdigit() else None
        return statement_filter(
            _statements(self.request), marketplace_code=params.get("marketplace", ""), month=month, seller_id=seller
        )


class StatementDetailApi(RetrieveAPIView):
    permission_classes = [HasRole.of(SELLERS, OPERATORS, INTEGRATORS)]
    serializer_class = StatementOutputSerializer

    @extend_schema(summary="One monthly statement with every input that led to its fee")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _statements(self.request)
