"""The API's JSON parser: the standard library's decoder, then one pass over
the result that refuses what no field can take safely.

Refused with 400 in the API's error shape (``ParseError`` carrying field
errors keyed by the dotted path of the bad value):

- nesting deeper than ``API_JSON_MAX_DEPTH`` (default 32; the decoder's own
  recursion limit is caught too),
- a lone UTF-16 surrogate (``"\\ud800"``) in a key or a string: it cannot be
  stored or echoed as UTF-8,
- an integer beyond a 64-bit database column (``±(2**63 - 1)``), a number
  too large for a float (``1e400``),
- NaN and Infinity (not JSON)."""

from __future__ import annotations

import json
import math
import re

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_INTEGER = 2**63 - 1
DEFAULT_MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


class InvalidJSON(ParseError):
    def __init__(self, message: str, *, path: str = ""):
        super().__init__(message)
        self.field_errors = {path or "non_field_errors": [message]}


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _path(parent: str, key) -> str:
    return f"{parent}.{key}" if parent else str(key)


def check_json_value(data, *, max_depth: int) -> None:
    """Raise InvalidJSON for the first value no field can take (see the
    module docstring). Iterative: a deep document cannot exhaust the stack."""
    stack = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise InvalidJSON(f"The JSON document is nested deeper than {max_depth} levels.", path=path)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, inner in items:
                if isinstance(key, str) and _SURROGATE.search(key):
                    raise InvalidJSON("A key holds a lone UTF-16 surrogate, which is not text.", path=path)
                stack.append((inner, _path(path, key), depth + 1))
        elif isinstance(value, str):
            if _SURROGATE.search(value):
                raise InvalidJSON("Holds a lone UTF-16 surrogate (such as \\ud800), which is not text.", path=path)
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > MAX_INTEGER:
                raise InvalidJSON(f"The number is out of range (at most {MAX_INTEGER}).", path=path)
        elif isinstance(value, float) and not math.isfinite(value):
            raise InvalidJSON("The number is out of range.", path=path)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = raw.decode(encoding) if isinstance(raw, bytes) else raw
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError:
            raise InvalidJSON("The JSON document is nested too deeply.") from None
        except (ValueError, LookupError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise InvalidJSON(f"JSON parse error - {error}") from None
        check_json_value(data, max_depth=getattr(settings, "API_JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH))
        return data
