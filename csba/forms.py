"""Form helpers every app's pages share."""

from __future__ import annotations

from django import forms

from .errors import DomainError


def add_domain_errors(form: forms.Form, error: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Show a DomainError on a form: the message on top, each field error on
    its field (``field_map`` renames service fields to form fields); an error
    on a field the form does not have goes on top, unless it repeats the
    message."""
    field_map = field_map or {}
    form.add_error(None, error.message)
    for name, messages in error.field_errors.items():
        target = field_map.get(name, name)
        for message in messages:
            if target in form.fields:
                form.add_error(target, message)
            elif message != error.message and target != "non_field_errors":
                form.add_error(None, message)
