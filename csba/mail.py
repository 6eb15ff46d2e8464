"""Outgoing notification mail: one template set (``<name>_subject.txt``,
``<name>.txt``, ``<name>.html``) rendered in the recipient's language and
time zone, sent as plain text with an HTML alternative."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The named time zone, or UTC for a missing or unknown name."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def templated_mail(
    *,
    template: str,
    context: dict | Callable[[], dict],
    to: str | list[str],
    language: str | None,
    time_zone: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The message ``template`` (a path without extension) renders to, not
    sent: plain text with an HTML alternative. ``context`` may be a function,
    called inside the recipient's language and time zone (for texts that are
    translated while the context is built). ``headers``: extra headers
    (threading on the recipient's own mail). The templates are compiled once
    per process (Django's cached loader)."""
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(zone(time_zone)):
        values = context() if callable(context) else context
        subject = " ".join(render_to_string(f"{template}_subject.txt", values).split())
        text = render_to_string(f"{template}.txt", values)
        html = render_to_string(f"{template}.html", values)
    mail = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to] if isinstance(to, str) else list(to), headers=headers
    )
    mail.attach_alternative(html, "text/html")
    return mail


def send_templated_mail(**kwargs) -> None:
    """Render (``templated_mail``, same arguments) and send one message."""
    templated_mail(**kwargs).send()
