"""Admin helpers every app's admin shares: the operators role as the
permission (``OperatorAdmin``, ``OperatorInline``), audit-style inlines, and
running a service per selected object (``run_each``)."""

from django.contrib import admin, messages
from django.db import models

from .errors import DomainError
from .roles import OPERATORS, has_role


def run_each(modeladmin, request, objects, call, done_message):
    """Call a service per object; report successes and each DomainError."""
    done = 0
    for obj in objects:
        try:
            call(obj)
        except DomainError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


class OperatorAdmin(admin.ModelAdmin):
    """Staff users in the operators role may use these pages without per-model
    Django permissions (the role is the permission); others need the usual ones.
    A model admin that forbids adding or deleting still does."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request):
        return _is_operator(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _is_operator(request) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_operator(request) or super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return _is_operator(request) or super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return _is_operator(request) or super().has_delete_permission(request, obj)


def _is_operator(request) -> bool:
    return request.user.is_active and request.user.is_staff and has_role(request.user, OPERATORS)


class OperatorInline:
    """The same rule for inlines (mix in before TabularInline)."""

    def has_view_permission(self, request, obj=None):
        return _is_operator(request) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_operator(request) or super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return _is_operator(request) or super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_operator(request) or super().has_delete_permission(request, obj)


class ReadOnlyInline(OperatorInline, admin.TabularInline):
    """An audit-style inline: rows are shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
