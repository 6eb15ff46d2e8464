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


# --- dead letters (csba.taskbase): tasks that failed for good -----------------------------------------------------

from . import clock  # noqa: E402
from .models import DeadLetter  # noqa: E402


@admin.register(DeadLetter)
class DeadLetterAdmin(OperatorAdmin):
    list_display = ("failed_at", "task_name", "queue", "reason", "attempts", "short_exception", "retried_at")
    list_filter = ("reason", "task_name", "queue")
    search_fields = ("task_name", "task_id", "exception")
    date_hierarchy = "failed_at"
    actions = ["send_again"]
    readonly_fields = [f.name for f in DeadLetter._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="error")
    def short_exception(self, obj):
        return obj.exception[:120]

    @admin.action(description="Send the selected tasks again (same arguments)")
    def send_again(self, request, queryset):
        from .taskbase import dead_letter_retry

        now = clock.now()
        for dead_letter in queryset:
            dead_letter_retry(dead_letter, now=now)
        self.message_user(request, f"{queryset.count()} task(s) sent again.", messages.SUCCESS)
