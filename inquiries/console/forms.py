"""Forms of the agent console: they parse and validate input, the services
decide. A DomainError from a service is put on the form (``csba.forms.add_domain_errors``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from csba.formatting import money

from ..models import Channel, Resolution
from ..reasons import Reason
from ..states import TICKET_QUEUE_CHOICES, TicketStatus
from .selectors import ACTIONABLE, SORTS, QueueFilters
from .services import AGENT_RESOLUTIONS, AfterReply


class QueueFilterForm(forms.Form):
    """The queue's filters from the query string. An invalid value is ignored
    (the filter falls back to its default) rather than failing the page."""

    marketplace = forms.ChoiceField(label=_("Marketplace"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("Any reason"))] + [(r.value, _(r.label)) for r in Reason]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel"))] + [(c.value, _(c.label)) for c in Channel]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ACTIONABLE, _("To work on (open, seller replied)"))]
        + [(s.value, _(s.label)) for s in TICKET_QUEUE_CHOICES],
    )
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[("", _("Any time")), ("soon", _("Due soon")), ("overdue", _("Overdue"))],
    )
    assignee = forms.ChoiceField(
        label=_("Assigned"),
        required=False,
        choices=[("", _("Everyone")), ("mine", _("Mine")), ("unassigned", _("Unassigned"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("due", _("Due time, seller replies first")),
            ("priority", _("Priority")),
            ("newest", _("Newest first")),
        ],
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)

    def __init__(self, data=None, *, marketplaces=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["marketplace"].choices = [("", _("All marketplaces"))] + [
            (m.code, f"{m.code} · {m.name}") for m in marketplaces
        ]
        languages: list[str] = []
        for marketplace in marketplaces:
            languages += [lang for lang in marketplace.buyer_languages or [] if lang not in languages]
        self.fields["language"].choices = [("", _("Any language"))] + [(lang, lang) for lang in languages]

    def filters(self) -> QueueFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        data.pop("page", None)
        if data.get("sort") not in SORTS:
            data.pop("sort", None)
        return QueueFilters(**data)

    def page_number(self) -> int:
        self.is_valid()
        return self.cleaned_data.get("page") or 1


def _item_choices(items) -> list[tuple[str, str]]:
    return [
        (
            str(view.item.pk),
            f"{view.item.product.asin} · {view.item.product.title[:40]} × {view.item.quantity} "
            f"({view.item.fulfillment_channel})",
        )
        for view in items
    ]


class ItemForm(forms.Form):
    """A form about one item of the ticket's order (the ticket's own item first)."""

    order_item = forms.TypedChoiceField(label=_("Item"), coerce=int)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order_item"].choices = _item_choices(items)
        chosen = next((view for view in items if view.is_ticket_item), None)
        if chosen is not None:
            self.fields["order_item"].initial = str(chosen.item.pk)


class RefundForm(ItemForm):
    """One amount (what is left to refund on the chosen item, unless the
    agent types less), then a confirmation step: the first POST previews,
    the second (``confirmed``) refunds. ``expected_refunded`` is what the
    preview showed already refunded, so a second click refunds nothing more."""

    amount = forms.DecimalField(
        label=_("Amount to refund"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2, localize=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    expected_refunded = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=12, decimal_places=2)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, items=items, **kwargs)
        chosen = next((view for view in items if view.is_ticket_item), items[0] if items else None)
        if chosen is not None:
            currency = chosen.item.order.marketplace.currency if chosen.item.order_id else ""
            self.fields["amount"].initial = chosen.refundable
            self.fields["amount"].help_text = _("Up to %(amount)s is left to refund on this item.") % {
                "amount": money(chosen.refundable, currency)
            }
        # What each item still allows, for the page's script (the amount follows the chosen item).
        self.refundable = {
            str(view.item.pk): {
                "amount": str(view.refundable),
                "text": str(
                    _("Up to %(amount)s is left to refund on this item.")
                    % {"amount": money(view.refundable, view.item.order.marketplace.currency)}
                ),
            }
            for view in items
        }


class ReturnForm(ItemForm):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReplacementForm(ItemForm):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply to the buyer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000)
    after = forms.ChoiceField(
        label=_("After sending"),
        widget=forms.RadioSelect,
        initial=AfterReply.WAIT_FOR_BUYER,
        choices=[
            (AfterReply.WAIT_FOR_BUYER, _("Wait for the buyer")),
            (AfterReply.RESOLVE, _("Resolve as answered")),
            (AfterReply.KEEP, _("Keep the status")),
        ],
    )
    from_suggestion = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The latest message the agent had in front of it: a newer one refuses the reply (collision check).
    seen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)


class EscalateForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the seller"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5_000
    )
    holding_reply = forms.CharField(
        label=_("Reply to the buyer when the case opens (optional)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        required=False,
        help_text=_("Sent only if the case opens. Leave it empty to write to the buyer later."),
    )
    from_suggestion = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=[(r.value, _(r.label)) for r in AGENT_RESOLUTIONS])
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen"), max_length=500, required=False)


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Merge this ticket into"), max_length=20, help_text=_("The ticket that stays, for example CSBA-123.")
    )


class TakeOverForm(forms.Form):
    reason = forms.CharField(label=_("Why take over"), max_length=300, required=False)


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("Why discard"), max_length=300, required=False)


# For templates and the API: the resolution codes an agent may choose.
RESOLUTION_CHOICES = [(r.value, r.label) for r in AGENT_RESOLUTIONS]
STATUS_LABELS = {s.value: s.label for s in TicketStatus}
RESOLUTION_LABELS = {r.value: r.label for r in Resolution}


class AssignForm(forms.Form):
    """Give the ticket to an agent (the ticket page, and the queue's bulk bar)."""

    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, empty_label=None)

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class BulkForm(forms.Form):
    """The queue's bulk bar: an action on the tickets ticked in the list."""

    action = forms.ChoiceField(
        label=_("With the selected tickets"),
        choices=[
            ("assign", _("Assign to")),
            ("macro", _("Reply with a macro")),
            ("resolve", _("Resolve as")),
            ("merge", _("Merge into one")),
        ],
    )
    tickets = forms.TypedMultipleChoiceField(coerce=int, label=_("Tickets"))
    assignee = forms.ModelChoiceField(label=_("Agent"), queryset=None, required=False)
    macro = forms.ModelChoiceField(label=_("Macro"), queryset=None, required=False)
    resolution = forms.ChoiceField(
        label=_("Resolution"), required=False, choices=[(r.value, _(r.label)) for r in AGENT_RESOLUTIONS]
    )
    into = forms.CharField(
        label=_("Merge into"),
        required=False,
        max_length=20,
        help_text=_("The ticket that stays, for example CSBA-123; empty: the oldest selected."),
    )

    def __init__(self, *args, agents=None, macros=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["macro"].queryset = macros
        self.fields["macro"].label_from_instance = lambda macro: f"{macro.name} ({macro.language})"
        # Any ticket id: the services check each one (and refuse what the agent may not touch).
        self.fields["tickets"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        data = super().clean()
        needs = {"assign": "assignee", "macro": "macro", "resolve": "resolution"}
        field = needs.get(data.get("action", ""))
        if field and not data.get(field):
            self.add_error(field, _("Choose one for this action."))
        into = (data.get("into") or "").strip().upper().removeprefix("CSBA-").removeprefix("#")
        if into and not into.isdigit():
            self.add_error("into", _("A ticket reference such as CSBA-123."))
        data["into"] = int(into) if into.isdigit() else None
        return data


class ReasonForm(forms.Form):
    """An agent's correction of the contact reason (kept as a training example)."""

    reason = forms.ChoiceField(
        label=_("Correct reason"), choices=[(r.value, _(r.label)) for r in Reason if r != Reason.A_TO_Z_CLAIM]
    )
