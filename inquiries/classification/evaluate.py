"""Accuracy of the classifier on a labelled set (JSON Lines with "text",
"marketplace", "language", "reason"): overall, per language, per reason, and
the confusions, as reported in the README."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..reasons import route_for_reason
from .classifier import classify

DEV_SET = Path(__file__).with_name("dev_set.jsonl")


@dataclass
class Evaluation:
    total: int = 0
    correct: int = 0
    route_correct: int = 0
    language_correct: int = 0
    by_language: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_reason: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    confusions: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def lines(self) -> list[str]:
        out = [
            f"contacts: {self.total}",
            f"reason accuracy: {self.accuracy:.1%}",
            f"route accuracy: {self.route_correct / max(self.total, 1):.1%}",
            f"language detection: {self.language_correct / max(self.total, 1):.1%}",
        ]
        out += [f"  {lang}: {c / n:.1%} of {n}" for lang, (c, n) in sorted(self.by_language.items())]
        out.append("per reason (recall):")
        out += [f"  {reason}: {c / n:.1%} of {n}" for reason, (c, n) in sorted(self.by_reason.items())]
        if self.confusions:
            out.append("most frequent confusions (expected -> got):")
            out += [f"  {a} -> {b}: {n}" for (a, b), n in self.confusions.most_common(12)]
        return out


def evaluate(path: Path | str = DEV_SET) -> Evaluation:
    result = Evaluation()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            item = json.loads(line)
            got = classify(item["text"], marketplace=item.get("marketplace"))
            expected = item["reason"]
            ok = got.reason == expected
            result.total += 1
            result.correct += ok
            result.route_correct += got.route == route_for_reason(expected)
            result.language_correct += got.language == item.get("language", got.language)
            for table, key in ((result.by_language, item.get("language", "?")), (result.by_reason, expected)):
                table[key][0] += ok
                table[key][1] += 1
            if not ok:
                result.confusions[(expected, got.reason)] += 1
                result.errors.append((item.get("id"), expected, got.reason, item["text"]))
    return result
