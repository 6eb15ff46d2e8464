"""The three roles (Django groups) and the checks every page uses."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

AGENTS = "agents"
SELLERS = "sellers"
OPERATORS = "operators"
INTEGRATORS = "integrators"
PLANNERS = "planners"
ALL_ROLES = (AGENTS, SELLERS, OPERATORS, INTEGRATORS, PLANNERS)


def user_roles(user) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_csba_roles", None)
    if cached is None:
        cached = remember_roles(user, user.groups.values_list("name", flat=True))
    return cached


def remember_roles(user, group_names) -> frozenset[str]:
    """Keep the user's roles on the object for the request (``csba.auth``
    loads them with the user)."""
    roles = frozenset(group_names)
    if user.is_superuser:
        roles = roles | {OPERATORS}
    user._csba_roles = roles
    return roles


def has_role(user, role: str) -> bool:
    return role in user_roles(user)


# Where each role works, in the order a user with several roles lands.
CONSOLES = (
    (AGENTS, "agent:queue", gettext_lazy("Agent console")),
    (SELLERS, "seller-home", gettext_lazy("Seller portal")),
    (OPERATORS, "admin:index", gettext_lazy("Admin")),
    (INTEGRATORS, "api-docs", gettext_lazy("API docs")),
    (PLANNERS, "planner:home", gettext_lazy("Planner")),
)
ROLE_NAMES = {
    AGENTS: gettext_lazy("customer-service agents"),
    SELLERS: gettext_lazy("sellers"),
    OPERATORS: gettext_lazy("operators"),
    INTEGRATORS: gettext_lazy("integrators"),
    PLANNERS: gettext_lazy("planners"),
}


def consoles_for(user) -> list[tuple[str, str]]:
    """(URL, name) of each console the user may open, its main one first."""
    roles = user_roles(user)
    return [(reverse(url_name), str(label)) for role, url_name, label in CONSOLES if role in roles]


def landing_url(user) -> str:
    """The page a user lands on after logging in: its own console."""
    consoles = consoles_for(user)
    return consoles[0][0] if consoles else reverse("home")


def role_required(role: str, *more: str):
    """View decorator: anonymous users go to the login page, a user without
    the role (or any of ``more``) gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_roles(request.user) & {role, *more}:
                raise PermissionDenied(_("This page is for %(role)s.") % {"role": ROLE_NAMES.get(role, role)})
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
