from django.urls import path

from .views import StatementDetailApi, StatementListApi

urlpatterns = [
    path("billing/statements/", StatementListApi.as_view(), name="api-statement-list"),
    path("billing/statements/<int:pk>/", StatementDetailApi.as_view(), name="api-statement-detail"),
]
