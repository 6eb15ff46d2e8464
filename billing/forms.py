"""Forms of the seller billing pages and the operator admin."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sellers.models import Marketplace

from .estimator import parse_contacts_by_month
from .periods import parse_month
from .services import promotion_rule_problems, rate_card_problems

MAX_REPORT_BYTES = 20 * 1024 * 1024
MAX_PER_MONTH = 1_000_000_000


class EstimatorForm(forms.Form):
    marketplace = forms.ChoiceField(label=_("Marketplace"))
    order_report = forms.FileField(
        label=_("Order report (tab-separated)"),
        required=False,
        help_text=_(
            "Columns: order id, purchase date, fulfillment channel, quantity, order status (with a header row)."
        ),
    )
    # A billion a month is beyond any seller; larger numbers would overflow the fee arithmetic.
    units_per_month = forms.IntegerField(
        label=_("Or: seller-fulfilled units shipped per month"), min_value=0, max_value=MAX_PER_MONTH, required=False
    )
    contacts_per_month = forms.IntegerField(
        label=_("Buyer contacts per month"), min_value=0, max_value=MAX_PER_MONTH, required=False
    )
    contacts_by_month = forms.CharField(
        label=_("Or: contacts by month"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One line per month, e.g. "2026-07 40".'),
    )
    vtr_percent = forms.DecimalField(
        label=_("Valid Tracking Rate (%)"), min_value=0, max_value=100, required=False, decimal_places=2
    )
    aprl_percent = forms.DecimalField(
        label=_("Amazon Prepaid Return Label rate (%)"), min_value=0, max_value=100, required=False, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marketplace"].choices = [
            (m.code, f"{m.code} · {m.name}") for m in Marketplace.objects.order_by("code")
        ]

    def clean_order_report(self):
        upload = self.cleaned_data.get("order_report")
        if upload and upload.size > MAX_REPORT_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean_contacts_by_month(self):
        text = self.cleaned_data.get("contacts_by_month") or ""
        parsed, errors = parse_contacts_by_month(text)
        if errors:
            raise ValidationError(
                [_("Line %(line)s: %(message)s") % {"line": e.line, "message": e.message} for e in errors]
            )
        if any(count > MAX_PER_MONTH for count in parsed.values()):
            raise ValidationError(
                _("At most %(max)s contacts a month.") % {"max": f"{MAX_PER_MONTH:,}"}, code="max_value"
            )
        return parsed

    def clean(self):
        data = super().clean()
        if not data.get("order_report") and data.get("units_per_month") is None and "order_report" not in self.errors:
            raise ValidationError(_("Upload an order report or type the units shipped per month."))
        if data.get("contacts_per_month") is None and not data.get("contacts_by_month"):
            self.add_error("contacts_per_month", _("Give the contacts per month (0 if none)."))
        return data

    def rate(self, name: str) -> Decimal | None:
        value = self.cleaned_data.get(name)
        return None if value is None else value / Decimal(100)


class MonthCloseForm(forms.Form):
    marketplace = forms.ModelChoiceField(
        queryset=Marketplace.objects.order_by("code"), label=_("Marketplace"), to_field_name="code"
    )
    month = forms.CharField(label=_("Month (YYYY-MM)"), max_length=7)
    recompute = forms.BooleanField(label=_("Recompute if already closed"), required=False)
    reason = forms.CharField(
        label=_("Reason (recorded with each change)"),
        max_length=300,
        required=False,
        help_text=_("Required to recompute a month that is already closed."),
    )

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except (ValueError, TypeError):
            raise ValidationError(_("Use the form YYYY-MM, e.g. 2026-10.")) from None


class RecomputeForm(forms.Form):
    """The reason an operator gives for recomputing closed months."""

    reason = forms.CharField(
        label=_("Why are these months recomputed?"),
        max_length=300,
        help_text=_("Kept with every statement that changes, and in the month's recomputation record."),
        widget=forms.TextInput(attrs={"size": 80}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the months are recomputed."))
        return reason


class RateCardForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        marketplace = data.get("marketplace")
        if marketplace is not None and data.get("currency") and data["currency"] != marketplace.currency:
            self.add_error(
                "currency",
                _("The currency must be the marketplace's (%(currency)s).") % {"currency": marketplace.currency},
            )
        return data


class RateTierFormSet(forms.BaseInlineFormSet):
    """Checks the tiers together: contiguous, no gaps or overlaps, with the card's currency and rates."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        tiers = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or data.get("tier") is None:
                continue
            tiers.append(
                {
                    "tier": data["tier"],
                    "cpu_above": data.get("cpu_above"),
                    "cpu_up_to": data.get("cpu_up_to"),
                    "fee_per_unit": data.get("fee_per_unit"),
                }
            )
        card = self.instance
        problems = rate_card_problems(
            marketplace=getattr(card, "marketplace", None) if card.marketplace_id else None,
            currency=card.currency,
            flat_rate=card.flat_rate,
            standard_rate=card.standard_rate,
            tiers=tiers,
        )
        messages = [m for field in ("tiers", "flat_rate", "standard_rate") for m in problems.get(field, [])]
        if messages:
            raise ValidationError(messages)


class PromotionForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if data.get("kind") is not None and "rules" in data:
            for message in promotion_rule_problems(kind=data["kind"], rules=data["rules"]).get("rules", []):
                self.add_error("rules", message)
        return data
