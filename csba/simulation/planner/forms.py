"""The launch form: a shipped scenario, its knobs (one field per knob, named
by its scenario key path), the seed and the replications."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .knobs import INTEGER, Knob
from .services import MAX_REPLICATIONS

RUN_FIELDS = ("scenario", "seed", "replications")


class LaunchForm(forms.Form):
    scenario = forms.CharField(widget=forms.HiddenInput)
    seed = forms.IntegerField(label=_("Seed"), initial=1, min_value=0)
    replications = forms.IntegerField(label=_("Replications"), initial=1, min_value=1, max_value=MAX_REPLICATIONS)

    def __init__(self, *args, knobs: list[Knob], **kwargs):
        super().__init__(*args, **kwargs)
        self.knobs = knobs
        for knob in knobs:
            field_class = forms.IntegerField if knob.kind == INTEGER else forms.FloatField
            self.fields[knob.path] = field_class(label=knob.label, initial=knob.value, required=False)
            self.fields[knob.path].group = knob.group

    def changes(self) -> dict:
        """The knobs whose value differs from the scenario's own (an empty field keeps it)."""
        data = self.cleaned_data
        return {
            knob.path: data[knob.path]
            for knob in self.knobs
            if data.get(knob.path) is not None and data[knob.path] != knob.value
        }

    def knob_fields(self):
        return [self[knob.path] for knob in self.knobs]
