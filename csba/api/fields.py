"""Serializer fields the APIs share."""

from rest_framework import serializers

from .parsers import MAX_INTEGER


class IdField(serializers.IntegerField):
    """The id of a row: a positive integer a database column can hold (a
    larger one is a 400, not an overflow in the query)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_INTEGER)
        super().__init__(**kwargs)
