"""Signing in: the authentication backend every password check goes
through (the login page, the admin's login, HTTP Basic on the API), which
refuses throttled attempts (``csba.login_throttle``) and loads the session's
user with its roles in one query; and the login forms that say why a
throttled attempt was refused.

Roles: Django's ``ModelBackend.get_user`` loads the user; the first role
check then loads its groups (``csba.roles.user_roles``): two queries on every
request. ``RolesBackend`` reads the group names with the user, as one
aggregated column, and hands them to ``csba.roles`` so the role checks of the
request query nothing more."""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Aggregate, CharField
from django.utils.translation import gettext as _

from . import clock
from .login_throttle import login_failed, login_keys, login_refusal, login_succeeded
from .roles import remember_roles

SEPARATOR = "\x1f"  # the ASCII unit separator: never in a group name


class GroupNames(Aggregate):
    """The names joined by SEPARATOR (``group_concat`` / ``string_agg``)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, '\x1f')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra)


class RolesBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.filter(pk=user_id).annotate(role_names=GroupNames("groups__name")).first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        remember_roles(user, (user.role_names or "").split(SEPARATOR) if user.role_names else ())
        return user


class LoginThrottled(PermissionDenied):
    """Raised by the backend: Django's ``authenticate`` stops at it (no other
    backend is asked) and reports a failed sign-in."""


class ThrottledModelBackend(RolesBackend):
    """Every password check through the login throttle; the session's user
    loaded with its roles (RolesBackend)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if request is None or username is None or password is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        now = clock.now()
        keys = login_keys(request, username)
        refusal = login_refusal(keys, now=now)
        if refusal is not None:
            request.csba_login_wait = refusal.wait_seconds
            request.csba_login_locked = refusal.is_locked
            raise LoginThrottled(f"Sign-in refused for {refusal.wait_seconds} s.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failed(keys, now=now)
        else:
            login_succeeded(keys)
        return user

    @staticmethod
    def _username_field() -> str:
        return get_user_model().USERNAME_FIELD


def throttle_message(request) -> str | None:
    wait = getattr(request, "csba_login_wait", None)
    if not wait:
        return None
    if getattr(request, "csba_login_locked", False):
        return _(
            "Too many failed sign-ins: this account or address is locked for %(minutes)s minutes. "
            "An operator can lift the lock."
        ) % {"minutes": max(1, round(wait / 60))}
    return _("Too many failed sign-ins: wait %(seconds)s seconds before the next attempt.") % {"seconds": wait}


class _ThrottleMessage:
    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            message = throttle_message(self.request)
            if message:
                raise ValidationError(message, code="throttled") from None
            raise


class LoginForm(_ThrottleMessage, AuthenticationForm):
    pass


class AdminLoginForm(_ThrottleMessage, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    """The login page: a throttled attempt is answered 429 with Retry-After."""

    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        wait = getattr(self.request, "csba_login_wait", None)
        if wait:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response
