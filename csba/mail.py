"""Outgoing notification mail: one template set (``<name>_subject.txt``,
``<name>.txt``, ``<name>.html``) rendered in the recipient's language and
time zone, sent as plain text with an HTML alternative."""

from __future__ import annotations

import secrets
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .mail_wire import MAIL_POLICY, WireMessage, laid_out


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The named time zone, or UTC for a missing or unknown name."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class NotificationMail(EmailMultiAlternatives):
    """A plain-text mail with alternatives whose MIME boundary is chosen when
    the message is built. Left to the ``email`` package, each message gets a
    random boundary checked against its text by a regular expression made for
    that boundary: one regex compiled per mail, about a third of the cost of
    serialising a notice (a sweep sends thousands). Serialised with
    ``MAIL_POLICY``: header folding was another third. The common shape (one
    HTML alternative, no attachments) is laid out directly
    (``csba.mail_wire``), the same bytes without the MIME object tree."""

    _boundary: str | None = None

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if msg.is_multipart() and not msg.get_boundary():
            texts = [self.body, *(str(alternative[0]) for alternative in self.alternatives)]
            msg.set_boundary(self._boundary or boundary_absent_from(texts))
        return msg

    def message(self):
        texts = [self.body, *(str(alternative[0]) for alternative in self.alternatives)]
        wire = laid_out(self, boundary_absent_from(texts))
        return wire if wire is not None else self.built_message()

    def built_message(self, wire: WireMessage | None = None):
        """Django's ``email.message`` for this mail (the same boundary, date
        and message id as ``wire`` when given)."""
        self._boundary = wire.get_boundary() if wire is not None else None
        try:
            msg = super().message()
        finally:
            self._boundary = None
        msg.policy = MAIL_POLICY  # the serialiser takes the outer message's policy for every part
        if wire is not None:
            for name in ("Date", "Message-ID"):
                msg.replace_header(name, wire.header(name))
        return msg


def boundary_absent_from(texts: list[str]) -> str:
    """A MIME boundary (RFC 2046: at most 70 characters) that occurs in none of the texts."""
    while True:
        boundary = f"=_csba_{secrets.token_hex(16)}"
        if not any(boundary in text for text in texts):
            return boundary


@contextmanager
def recipient_locale(language: str | None, time_zone: str | None = None) -> Iterator[None]:
    """The recipient's language and time zone, active while its mail is
    rendered. A batch of mails in one language enters them once
    (``rendered_mail`` inside), not once per mail."""
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(zone(time_zone)):
        yield


def templated_mail(
    *,
    template: str,
    context: dict | Callable[[], dict],
    to: str | list[str],
    language: str | None,
    time_zone: str | None = None,
    headers: dict[str, str] | None = None,
) -> NotificationMail:
    """The message ``template`` (a path without extension) renders to, not
    sent: plain text with an HTML alternative. ``context`` may be a function,
    called inside the recipient's language and time zone (for texts that are
    translated while the context is built). ``headers``: extra headers
    (threading on the recipient's own mail). The templates are compiled once
    per process (Django's cached loader)."""
    with recipient_locale(language, time_zone):
        return rendered_mail(template=template, context=context, to=to, headers=headers)


def rendered_mail(
    *,
    template: str,
    context: dict | Callable[[], dict],
    to: str | list[str],
    headers: dict[str, str] | None = None,
) -> NotificationMail:
    """``templated_mail`` in the language and time zone already active (``recipient_locale``)."""
    values = context() if callable(context) else context
    values = {"LANGUAGE_CODE": translation.get_language(), **values}  # <html lang> of the HTML part
    subject = " ".join(render_to_string(f"{template}_subject.txt", values).split())
    text = render_to_string(f"{template}.txt", values)
    html = render_to_string(f"{template}.html", values)
    mail = NotificationMail(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to] if isinstance(to, str) else list(to), headers=headers
    )
    mail.attach_alternative(html, "text/html")
    return mail


def send_templated_mail(**kwargs) -> None:
    """Render (``templated_mail``, same arguments) and send one message."""
    templated_mail(**kwargs).send()
