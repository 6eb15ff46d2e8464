"""The three roles (Django groups) and the checks every page uses."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

AGENTS = "agents"
SELLERS = "sellers"
OPERATORS = "operators"
INTEGRATORS = "integrators"
ALL_ROLES = (AGENTS, SELLERS, OPERATORS, INTEGRATORS)


def user_roles(user) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_csba_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {OPERATORS}
        user._csba_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in user_roles(user)


def role_required(role: str):
    """View decorator: anonymous users go to the login page, a user without
    the role gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, role):
                raise PermissionDenied(f"This page is for the {role} role.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HasRole:
    """DRF permission: ``permission_classes = [HasRole.of(AGENTS, OPERATORS)]``."""

    @staticmethod
    def of(*roles: str):
        from rest_framework.permissions import BasePermission

        class _HasRole(BasePermission):
            message = f"This endpoint is for the {' or '.join(roles)} role."

            def has_permission(self, request, view):
                return bool(request.user and request.user.is_authenticated) and bool(
                    user_roles(request.user) & set(roles)
                )

        _HasRole.__name__ = "HasRole_" + "_".join(roles)
        return _HasRole
