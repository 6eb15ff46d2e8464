"""bench/results.json: every benchmark's figures with the machine, date and
database they were measured on. ``merge`` updates one or more sections and
keeps the others (so `make load` and `make bench` write to the same file)."""

from __future__ import annotations

import json
from pathlib import Path

PATH = Path(__file__).resolve().parent / "results.json"


def load() -> dict:
    return json.loads(PATH.read_text()) if PATH.exists() else {}


def merge(sections: dict) -> dict:
    results = load()
    results.update(sections)
    PATH.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    return results
