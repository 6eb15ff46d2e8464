"""Operator admin for every sellers model, one module per subject. Enrollment
windows and return-policy decisions change only through the services (admin
actions call them)."""

from . import accounts, enrollment, marketplaces, orders, return_policies, staff

__all__ = ["accounts", "enrollment", "marketplaces", "orders", "return_policies", "staff"]
