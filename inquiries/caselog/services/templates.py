"""A seller's reply templates for the case log: create, change, delete.
Each is the seller's own (another seller's id is NotFound)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from csba.errors import DomainError, NotFound

from ...models import SellerReplyTemplate

MAX_TEMPLATES = 50


def _checked(name: str, body: str) -> tuple[str, str]:
    name, body = (name or "").strip(), (body or "").replace("\r\n", "\n").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the template a name.")]
    if not body:
        errors["body"] = [_("Write the text of the template.")]
    if errors:
        raise DomainError(_("The template was not saved."), code="invalid_template", field_errors=errors)
    return name[:100], body[:5000]


@transaction.atomic
def reply_template_save(
    *, seller_id: int, name: str, body: str, now: datetime, template_id: int | None = None
) -> SellerReplyTemplate:
    """Create (``template_id`` None) or change one of the seller's templates;
    names are unique per seller; at most ``MAX_TEMPLATES``."""
    name, body = _checked(name, body)
    if template_id is None:
        if SellerReplyTemplate.objects.filter(seller_id=seller_id).count() >= MAX_TEMPLATES:
            raise DomainError(
                _("You have %(max)s templates already: change or delete one.") % {"max": MAX_TEMPLATES},
                code="too_many_templates",
            )
        template = SellerReplyTemplate(seller_id=seller_id)
    else:
        template = SellerReplyTemplate.objects.select_for_update().filter(pk=template_id, seller_id=seller_id).first()
        if template is None:
            raise NotFound("No such template.")
    template.name, template.body, template.updated_at = name, body, now
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:
        raise DomainError(
            _("You have a template of that name already."),
            code="duplicate_template",
            field_errors={"name": [_("Choose another name.")]},
        ) from None
    return template


@transaction.atomic
def reply_template_delete(*, seller_id: int, template_id: int) -> None:
    deleted, _count = SellerReplyTemplate.objects.filter(pk=template_id, seller_id=seller_id).delete()
    if not deleted:
        raise NotFound("No such template.")
