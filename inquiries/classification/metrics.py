"""Figures of a classification run against labels: route accuracy, the
share of out-of-scope contacts (those the route sends to the seller or to
marketplace support) that CSBA would keep, reason accuracy, each per
language, recall and precision per reason, and the confusion matrix."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..reasons import Route, route_for_reason

SHORT = {
    "where_is_my_order": "wism",
    "cancel_order": "canc",
    "change_order": "chng",
    "return_request": "retn",
    "refund": "refd",
    "damaged_or_defective": "dmgd",
    "wrong_or_missing_item": "wrng",
    "product_question": "prod",
    "payment": "paym",
    "feedback_complaint": "fdbk",
    "invoice": "invc",
    "customization": "cust",
    "pre_order": "preo",
    "account": "acct",
    "other": "othr",
}


@dataclass(frozen=True)
class Scores:
    contacts: int
    reason_accuracy: float
    route_accuracy: float
    out_of_scope: int
    out_of_scope_kept: float
    unsure: float


def score(truth: list[str], predicted: list[str], unsure: list[bool] | None = None) -> Scores:
    pairs = list(zip(truth, predicted))
    routes = [(route_for_reason(t), route_for_reason(p)) for t, p in pairs]
    out_of_scope = [got for expected, got in routes if expected != Route.CSBA]
    count = max(len(pairs), 1)
    return Scores(
        contacts=len(pairs),
        reason_accuracy=sum(t == p for t, p in pairs) / count,
        route_accuracy=sum(e == g for e, g in routes) / count,
        out_of_scope=len(out_of_scope),
        out_of_scope_kept=sum(got == Route.CSBA for got in out_of_scope) / max(len(out_of_scope), 1),
        unsure=sum(unsure or []) / count,
    )


@dataclass
class Report:
    title: str
    truth: list[str]
    predicted: list[str]
    languages: list[str]
    unsure: list[bool]

    def overall(self) -> Scores:
        return score(self.truth, self.predicted, self.unsure)

    def by_language(self) -> dict[str, Scores]:
        result = {}
        for language in sorted(set(self.languages)):
            index = [i for i, value in enumerate(self.languages) if value == language]
            result[language] = score(
                [self.truth[i] for i in index], [self.predicted[i] for i in index], [self.unsure[i] for i in index]
            )
        return result

    def by_reason(self) -> dict[str, tuple[float, float, int]]:
        """Recall, precision and support of each true reason."""
        result = {}
        for reason in sorted(set(self.truth)):
            support = sum(t == reason for t in self.truth)
            hits = sum(t == p == reason for t, p in zip(self.truth, self.predicted))
            said = sum(p == reason for p in self.predicted)
            result[reason] = (hits / support, hits / said if said else 0.0, support)
        return result

    def confusion(self) -> Counter:
        return Counter(zip(self.truth, self.predicted))

    def lines(self) -> list[str]:
        def row(name: str, s: Scores) -> str:
            return (
                f"  {name:<8} {s.contacts:>6}  route {s.route_accuracy:6.1%}  out-of-scope kept "
                f"{s.out_of_scope_kept:6.1%} (of {s.out_of_scope})  reason {s.reason_accuracy:6.1%}  unsure {s.unsure:5.1%}"
            )

        out = [f"== {self.title}", row("all", self.overall())]
        out += [row(language, scores) for language, scores in self.by_language().items()]
        out.append("  per reason: recall / precision (contacts)")
        out += [
            f"    {reason:<22} {recall:6.1%} / {precision:6.1%} ({support})"
            for reason, (recall, precision, support) in self.by_reason().items()
        ]
        labels = sorted(set(self.truth) | set(self.predicted))
        confusion = self.confusion()
        out.append("  confusion (rows: true reason, columns: predicted)")
        out.append("    " + " " * 6 + "".join(f"{SHORT.get(label, label[:4]):>5}" for label in labels))
        for truth in labels:
            if any(confusion[(truth, p)] for p in labels):
                out.append(
                    f"    {SHORT.get(truth, truth[:4]):<6}"
                    + "".join(f"{confusion[(truth, p)] or '.':>5}" for p in labels)
                )
        return out
