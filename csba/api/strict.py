"""Text fields take text. DRF's CharField turns a JSON number into a string
(``{"name": 0}`` becomes the name "0"); the schema says "string", so every
text field of the API (CharField and its kinds: email, regex, slug, URL)
refuses anything but a string with the field's "Not a valid string." error.
Installed once, when the project starts (``csba.apps``); form data and query
strings are strings already and are not affected."""

from __future__ import annotations

from rest_framework import fields

_lenient = fields.CharField.to_internal_value


def _text_only(self, data):
    if not isinstance(data, str):
        self.fail("invalid")
    return _lenient(self, data)


def install() -> None:
    if fields.CharField.to_internal_value is not _text_only:
        fields.CharField.to_internal_value = _text_only
