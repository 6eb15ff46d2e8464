"""Statements over the API: sellers read their own, operators and
integrators every seller's (filters: marketplace, month, seller)."""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView, RetrieveAPIView

from csba.roles import INTEGRATORS, OPERATORS, SELLERS, HasRole, user_roles

from ..models import MonthlyStatement
from ..periods import parse_month
from .serializers import StatementOutputSerializer


def _statements(request):
    statements = MonthlyStatement.objects.select_related("marketplace").order_by("-month", "marketplace__code", "pk")
    if user_roles(request.user) & {OPERATORS, INTEGRATORS}:
        return statements
    seller = getattr(request.user, "seller_account", None)
    if seller is None:
        raise Http404("This user has no seller account.")
    return statements.filter(seller_id=seller.pk)


class StatementListApi(ListAPIView):
    permission_classes = [HasRole.of(SELLERS, OPERATORS, INTEGRATORS)]
    serializer_class = StatementOutputSerializer

    @extend_schema(summary="Monthly statements", parameters=[
        OpenApiParameter("marketplace", str, description="Marketplace code, e.g. US."),
        OpenApiParameter("month", str, description="YYYY-MM."),
        OpenApiParameter("seller", int, description="Seller id (operators and integrators)."),
    ])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        statements = _statements(self.request)
        params = self.request.query_params
        if params.get("marketplace"):
            statements = statements.filter(marketplace__code=params["marketplace"].upper())
        if params.get("month"):
            try:
                statements = statements.filter(month=parse_month(params["month"]))
            except (ValueError, TypeError):
                statements = statements.none()
        if params.get("seller", "").isdigit():
            statements = statements.filter(seller_id=int(params["seller"]))
        return statements


class StatementDetailApi(RetrieveAPIView):
    permission_classes = [HasRole.of(SELLERS, OPERATORS, INTEGRATORS)]
    serializer_class = StatementOutputSerializer

    @extend_schema(summary="One monthly statement with every input that led to its fee")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _statements(self.request)
