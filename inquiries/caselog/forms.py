"""Forms of the seller case log: they parse input; the services decide (and
report bad input as DomainError, shown on the form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from csba.formatting import day, money

from ..models import SafeTGround
from ..reasons import Reason
from .selectors import CaseFilter

STATE_CHOICES = [
    ("", _("All cases")),
    (CaseFilter.OPEN, _("Open")),
    (CaseFilter.ANSWERED, _("Answered")),
    (CaseFilter.AUTO_RESOLVED, _("Resolved by CSBA")),
    (CaseFilter.CLOSED, _("Closed")),
]


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False, label=_("Show"))
    reason = forms.ChoiceField(choices=[("", _("All reasons")), *Reason.choices], required=False, label=_("Reason"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class CaseReplyForm(forms.Form):
    # Not required here: the service reports an empty reply with its own message.
    body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}), label=_("Your reply"))
    attachments = MultipleFileField(
        required=False,
        label=_("Attachments"),
        help_text=_("Up to 5 files, 10 MB each (photos, invoices, tracking proof)."),
    )


class SafeTClaimForm(forms.Form):
    refund = forms.TypedChoiceField(coerce=int, label=_("Refund"))
    ground = forms.ChoiceField(choices=SafeTGround.choices, label=_("Ground"))
    explanation = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label=_("Explanation"))

    def __init__(self, *args, refunds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["refund"].choices = [
            (
                r.pk,
                f"{money(r.amount, r.currency)} — {day(r.issued_at)} · "
                + _("file by %(date)s") % {"date": day(r.safet_deadline)},
            )
            for r in refunds
        ]


class ReplyTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("{order_number} and {ticket_reference} are filled in from the case."),
    )
