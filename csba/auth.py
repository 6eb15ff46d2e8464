"""The session's user with its roles in one query.

Django's ``ModelBackend.get_user`` loads the user; the first role check then
loads its groups (``csba.roles.user_roles``): two queries on every request.
This backend reads the group names with the user, as one aggregated column,
and hands them to ``csba.roles`` so the role checks of the request query
nothing more."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Aggregate, CharField

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
