"""Attachments, served only through a view that checks the viewer's right
to the ticket (never from /media/):

- agents: attachments of tickets in their scope (marketplaces, languages),
  on the buyer's messages and on the case messages; operators: all;
- sellers: attachments of the case messages of their own cases;
- anybody else: 404 (an attachment's existence is not revealed).

What is sent: a PNG, JPEG, GIF or WebP image whose bytes are that format is
shown inline as that type; anything else (SVG, HTML, PDF, an image whose
bytes say otherwise) is a download (``Content-Disposition: attachment``,
``application/octet-stream``). Always ``X-Content-Type-Options: nosniff``, a
sandboxing Content-Security-Policy and no shared caching."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from csba.roles import AGENTS, OPERATORS, SELLERS, user_roles
from sellers.selectors import agent_scope

from .models import Attachment

# Formats shown inline, each with the bytes its files start with.
SAFE_IMAGES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}


def attachment_for_viewer(*, attachment_id: int, user) -> Attachment | None:
    """The attachment if ``user`` may open it, else None."""
    attachment = (
        Attachment.objects.select_related("message__ticket", "case_message__case__ticket")
        .filter(pk=attachment_id)
        .first()
    )
    if attachment is None:
        return None
    roles = user_roles(user)
    if attachment.case_message_id is not None:
        case = attachment.case_message.case
        ticket = case.ticket
        seller = getattr(user, "seller_account", None) if SELLERS in roles else None
        if seller is not None and case.seller_id == seller.pk:
            return attachment
    else:
        ticket = attachment.message.ticket
    if roles & {AGENTS, OPERATORS} and agent_scope(user).allows(ticket):
        return attachment
    return None


def inline_type(attachment: Attachment, head: bytes) -> str | None:
    """The image type to show the file inline as, or None to send it as a download."""
    declared = (attachment.content_type or "").split(";", 1)[0].strip().lower()
    signatures = SAFE_IMAGES.get(declared)
    if not signatures or not head.startswith(signatures):
        return None
    if declared == "image/webp" and head[8:12] != b"WEBP":
        return None
    return declared


@require_GET
def attachment_download(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = attachment_for_viewer(attachment_id=pk, user=request.user)
    if attachment is None:
        raise Http404("No such attachment.")
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file of this attachment is missing.") from None
    head = handle.read(16)
    handle.seek(0)
    shown_as = inline_type(attachment, head)
    response = FileResponse(
        handle,
        as_attachment=shown_as is None,
        filename=attachment.filename or "attachment",
        content_type=shown_as or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
