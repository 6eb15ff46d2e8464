"""A small schema language for scenario files: every key has a type, a
default and a sentence of documentation, and validation reports each problem
with its key path and what was expected (``contacts.channels: shares must sum
to 1, they sum to 0.9``), before anything runs.

Nodes: ``Number`` (optionally whole, with bounds), ``Text`` (optionally one of
some choices), ``Flag``, ``Day`` (a TOML date), ``Weights`` (a list of
non-negative numbers of a given length), ``Shares`` (a table of shares that
sum to 1, keys checked), ``Table`` (fixed keys), ``Each`` (a table whose keys
are names checked by a function, each value of one schema), ``Rows`` (an
array of tables) and ``Words`` (a list of texts from some choices).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

SHARE_TOLERANCE = 1e-6


class Problems(list):
    def add(self, path: str, message: str) -> None:
        self.append(f"{path or '(top level)'}: {message}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


class Node:
    doc: str = ""

    def check(self, value, path: str, problems: Problems):
        raise NotImplementedError

    def default_value(self):
        raise NotImplementedError

    def rows(self, path: str) -> Iterator[tuple[str, str, str]]:
        """(key path, default, documentation) of this node and what is inside it."""
        yield path, self.describe_default(), self.doc

    def describe_default(self) -> str:
        value = self.default_value()
        return "" if value is None else _show(value)


@dataclass
class Number(Node):
    default: float | None = 0.0
    doc: str = ""
    low: float | None = 0.0
    high: float | None = None
    whole: bool = False
    above: bool = False  # strictly above ``low``

    def check(self, value, path, problems):
        if not _is_number(value) or (self.whole and not isinstance(value, int)):
            kind = "a whole number" if self.whole else "a number"
            problems.add(path, f"expected {kind}{self._bounds()}, got {_show(value)}")
            return self.default
        if (self.low is not None and (value <= self.low if self.above else value < self.low)) or (
            self.high is not None and value > self.high
        ):
            problems.add(path, f"expected a number{self._bounds()}, got {_show(value)}")
            return self.default
        return value

    def _bounds(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.above else '≥'} {self.low:g}")
        if self.high is not None:
            parts.append(f"≤ {self.high:g}")
        return f" {' and '.join(parts)}" if parts else ""

    def default_value(self):
        return self.default


def Share(default: float, doc: str = "") -> Number:  # noqa: N802 - reads as a type in the schema
    return Number(doc=doc, default=default, low=0.0, high=1.0)


def Whole(default: int, doc: str = "", *, low: int = 0, high: int | None = None) -> Number:  # noqa: N802
    return Number(doc=doc, default=default, low=low, high=high, whole=True)


@dataclass
class Text(Node):
    default: str = ""
    doc: str = ""
    choices: tuple[str, ...] = ()

    def check(self, value, path, problems):
        if not isinstance(value, str):
            problems.add(path, f"expected a text, got {_show(value)}")
            return self.default
        if self.choices and value not in self.choices:
            problems.add(path, f"expected one of {', '.join(self.choices)}, got {_show(value)}")
            return self.default
        return value

    def default_value(self):
        return self.default


@dataclass
class Flag(Node):
    default: bool = False
    doc: str = ""

    def check(self, value, path, problems):
        if not isinstance(value, bool):
            problems.add(path, f"expected true or false, got {_show(value)}")
            return self.default
        return value

    def default_value(self):
        return self.default


@dataclass
class Day(Node):
    default: date | None = None
    doc: str = ""
    optional: bool = False

    def check(self, value, path, problems):
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        problems.add(path, f"expected a date such as 2026-09-01, got {_show(value)}")
        return self.default_value()

    def default_value(self):
        return self.default.isoformat() if self.default else None


@dataclass
class Weights(Node):
    default: tuple[float, ...] = ()
    doc: str = ""
    length: int = 0

    def check(self, value, path, problems):
        if (
            not isinstance(value, list)
            or len(value) != self.length
            or not all(_is_number(v) and v >= 0 for v in value)
            or sum(value) <= 0
        ):
            problems.add(path, f"expected a list of {self.length} numbers ≥ 0, not all 0")
            return list(self.default)
        return [float(v) for v in value]

    def default_value(self):
        return list(self.default)

    def describe_default(self) -> str:
        return "[" + ", ".join(f"{v:g}" for v in self.default) + "]"


@dataclass
class Words(Node):
    default: tuple[str, ...] = ()
    doc: str = ""
    choices: tuple[str, ...] = ()

    def check(self, value, path, problems):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            problems.add(path, f"expected a list of texts from {', '.join(self.choices)}")
            return list(self.default)
        wrong = [v for v in value if self.choices and v not in self.choices]
        if wrong:
            problems.add(path, f"expected texts from {', '.join(self.choices)}, got {', '.join(map(_show, wrong))}")
            return list(self.default)
        return list(value)

    def default_value(self):
        return list(self.default)


@dataclass
class Shares(Node):
    """Shares of a whole: numbers in [0, 1] keyed by name, summing to 1."""

    default: Mapping[str, float] = field(default_factory=dict)
    doc: str = ""
    keys: tuple[str, ...] = ()  # allowed keys (empty: any key accepted by ``key_check``)
    key_check: Callable[[str], str | None] | None = None  # a message for a bad key, or None

    def check(self, value, path, problems):
        if not isinstance(value, dict) or not value:
            problems.add(path, "expected a table of shares (name = share)")
            return dict(self.default)
        result, ok = {}, True
        for key, share in value.items():
            message = None
            if self.keys and key not in self.keys:
                message = f"unknown key (expected one of {', '.join(self.keys)})"
            elif self.key_check is not None:
                message = self.key_check(key)
            if message:
                problems.add(_join(path, key), message)
                ok = False
                continue
            if not _is_number(share) or not 0 <= share <= 1:
                problems.add(_join(path, key), f"expected a share between 0 and 1, got {_show(share)}")
                ok = False
                continue
            result[key] = float(share)
        total = sum(result.values())
        if ok and abs(total - 1.0) > SHARE_TOLERANCE:
            problems.add(path, f"shares must sum to 1, they sum to {total:.6g}")
        return result if ok else dict(self.default)

    def default_value(self):
        return dict(self.default)

    def describe_default(self) -> str:
        return ", ".join(f"{k} {v:g}" for k, v in self.default.items())


@dataclass
class Table(Node):
    fields: Mapping[str, Node] = field(default_factory=dict)
    doc: str = ""

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            problems.add(path, "expected a table")
            return self.default_value()
        result = {}
        for key in value:
            if key not in self.fields:
                problems.add(_join(path, key), f"unknown key (expected one of {', '.join(self.fields)})")
        for key, node in self.fields.items():
            result[key] = node.check(value[key], _join(path, key), problems) if key in value else node.default_value()
        return result

    def default_value(self):
        return {key: node.default_value() for key, node in self.fields.items()}

    def rows(self, path):
        if self.doc:
            yield path, "", self.doc
        for key, node in self.fields.items():
            yield from node.rows(_join(path, key))


@dataclass
class Each(Node):
    """A table of named entries (``marketplaces.US``, ``agents.teams.en``),
    each of the ``item`` schema; ``key_check`` returns a message for a bad name."""

    item: Node = field(default_factory=Table)
    doc: str = ""
    default: Mapping[str, Any] = field(default_factory=dict)
    key_check: Callable[[str], str | None] | None = None
    placeholder: str = "<name>"

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            problems.add(path, "expected a table of named entries")
            return self.default_value()
        result = {}
        for key, entry in value.items():
            message = self.key_check(key) if self.key_check else None
            if message:
                problems.add(_join(path, key), message)
                continue
            result[key] = self.item.check(entry, _join(path, key), problems)
        return result

    def default_value(self):
        problems = Problems()
        return {key: self.item.check(entry, key, problems) for key, entry in self.default.items()}

    def rows(self, path):
        shown = ", ".join(
            f"{key} {value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else key
            for key, value in self.default.items()
        )
        yield path, shown or "(none)", self.doc
        yield from self.item.rows(_join(path, self.placeholder))


@dataclass
class Rows(Node):
    """An array of tables (``[[orders.peaks]]``)."""

    item: Table = field(default_factory=Table)
    doc: str = ""
    default: tuple[Mapping, ...] = ()

    def check(self, value, path, problems):
        if not isinstance(value, list):
            problems.add(path, "expected an array of tables ([[...]])")
            return self.default_value()
        return [self.item.check(entry, f"{path}[{number}]", problems) for number, entry in enumerate(value, 1)]

    def default_value(self):
        problems = Problems()
        return [self.item.check(dict(entry), "", problems) for entry in self.default]

    def rows(self, path):
        yield path, f"{len(self.default)} row(s)" if self.default else "(none)", self.doc
        yield from self.item.rows(f"{path}[]")


class Lognormal(Table):
    """A lognormal distribution given by its median and the sigma of its logarithm."""

    def rows(self, path):
        fields = self.fields
        yield (
            path,
            f"median {fields['median'].default:g}, sigma {fields['sigma'].default:g}",
            (f"{self.doc} (lognormal: `median`, `sigma` of the logarithm)"),
        )

    def __init__(self, median: float, sigma: float, doc: str = "", *, unit: str = ""):
        super().__init__(
            doc=doc,
            fields={
                "median": Number(default=median, low=0.0, above=True, doc=f"median{f' ({unit})' if unit else ''}"),
                "sigma": Number(default=sigma, low=0.0, doc="sigma of the logarithm (0: always the median)"),
            },
        )


class Beta(Table):
    """A Beta distribution of a share, by its two shape parameters (mean α/(α+β))."""

    def rows(self, path):
        alpha, beta = self.fields["alpha"].default, self.fields["beta"].default
        yield (
            path,
            f"alpha {alpha:g}, beta {beta:g} (mean {alpha / (alpha + beta):.2f})",
            (f"{self.doc} (Beta: `alpha`, `beta`)"),
        )

    def __init__(self, alpha: float, beta: float, doc: str = ""):
        super().__init__(
            doc=doc,
            fields={
                "alpha": Number(default=alpha, low=0.0, above=True, doc="α (mean α/(α+β))"),
                "beta": Number(default=beta, low=0.0, above=True, doc="β"),
            },
        )
