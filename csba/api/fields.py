"""Serializer fields the APIs share."""

import copy

from rest_framework import serializers

from .parsers import MAX_INTEGER


class IdField(serializers.IntegerField):
    """The id of a row: a positive integer a database column can hold (a
    larger one is a 400, not an overflow in the query)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_INTEGER)
        super().__init__(**kwargs)


class PrototypeSerializer(serializers.Serializer):
    """A serializer whose fields are shallow copies of the declared ones
    instead of DRF's deep copies (each of which runs the field's ``__init__``
    again): an input serializer made on every request of a hot endpoint
    (intake's contacts) saves most of its set-up. Safe for plain fields (no
    nested serializers, nothing a field changes on itself after its
    ``__init__`` but its binding to this serializer, which the copy gets)."""

    def get_fields(self):
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}
