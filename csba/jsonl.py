"""Streaming JSON Lines batches for the batch commands with a fixed contract
(``classify_contacts``, ``answer_questions``): read a line, handle it, write
a line; a malformed line is reported with its line number and skipped; a
progress bar on a terminal; nothing is loaded whole."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO


class LineRejected(ValueError):
    """The line is not a valid record for the command; the message says why."""


@dataclass
class BatchReport:
    written: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def require(record: dict, name: str, kind: type | tuple[type, ...] = str, *, allow_empty: bool = False):
    value = record.get(name)
    if value is None:
        raise LineRejected(f'missing field "{name}"')
    if not isinstance(value, kind):
        expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise LineRejected(f'field "{name}" must be {expected}')
    if isinstance(value, str) and not allow_empty and not value.strip():
        raise LineRejected(f'field "{name}" is empty')
    return value


def run_batch(
    source: TextIO,
    sink: TextIO,
    handle: Callable[[dict], dict],
    *,
    errors: TextIO,
    progress: bool | None = None,
    description: str = "lines",
    handle_many: Callable[[list], list[dict]] | None = None,
    chunk_size: int = 256,
) -> BatchReport:
    """Apply ``handle`` to each JSON object of ``source`` and write its result
    to ``sink``, one per line. ``handle`` raises ``LineRejected`` (or any
    ``ValueError``) for a record it cannot take.

    With ``handle_many``, ``handle`` only checks a record and returns what
    ``handle_many`` needs of it; ``handle_many`` then turns up to
    ``chunk_size`` accepted records at once into their results (in order),
    for work that is cheaper in batches."""
    report = BatchReport()
    pending: list = []

    def flush():
        for result in handle_many(pending):
            sink.write(json.dumps(result, ensure_ascii=False) + "\n")
            report.written += 1
        pending.clear()

    show = errors.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit=" " + description, file=errors, dynamic_ncols=True)
    for number, line in enumerate(source, start=1):
        if bar is not None:
            bar.update(1)
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise LineRejected("not a JSON object")
            result = handle(record)
        except (ValueError, UnicodeError) as error:  # JSONDecodeError and LineRejected are ValueErrors
            message = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
            report.rejected.append((number, message))
            print(f"line {number}: rejected: {message}", file=errors)
            continue
        if handle_many is None:
            sink.write(json.dumps(result, ensure_ascii=False) + "\n")
            report.written += 1
            continue
        pending.append(result)
        if len(pending) >= chunk_size:
            flush()
    if pending:
        flush()
    if bar is not None:
        bar.close()
    return report


def open_text(path: str, mode: str, *, standard: TextIO | None = None):
    """A context manager for a path, or for "-" the standard stream (given, or
    stdin/stdout), which is not closed. Undecodable bytes in the input become
    U+FFFD so that one bad line does not end the batch."""
    if path == "-":
        return contextlib.nullcontext(standard or (sys.stdin if "r" in mode else sys.stdout))
    if "r" in mode:
        return open(path, mode, encoding="utf-8", errors="replace")
    return open(path, mode, encoding="utf-8")
