"""The merge step: replications' results into one summary — the mean of
every figure, its 95% Student t interval when there are several
replications (``ci95``, keyed by the figure's dotted path), the published
figures beside the simulated ones. Deterministic: the same results give the
same bytes (sorted keys, rounded floats, no wall-clock value)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from csba.simulation.replications import interval

SCHEMA_VERSION = 1
# DOMAIN.md "Reports and metrics": the published results the simulator is compared with.
PUBLISHED = [
    # key, label, published value, how the simulated value is read, tolerance (None: direction and rough size)
    ("fcr", "First-contact resolution", 0.82, "share", 0.02),
    ("a_to_z_change", "A-to-z claim rate, enrolled vs not enrolled", -0.42, "change", None),
    ("odr_change", "Order defect rate, enrolled vs not enrolled", -0.38, "change", None),
    ("negative_feedback_change", "Negative feedback, enrolled vs not enrolled", -0.37, "change", None),
    ("reply_speedup", "Buyer messages answered faster (times)", 6.0, "times", None),
]


def _round(value):
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {key: _round(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_round(item) for item in value]
    return value


def _numbers(values: Iterable) -> list[float]:
    return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]


def _merge(values: list, path: str, ci: dict):
    """The mean of parallel values (dicts merged key by key); intervals into ``ci``."""
    first = next((v for v in values if v is not None), None)
    if isinstance(first, dict):
        keys = sorted({key for value in values if isinstance(value, dict) for key in value})
        return {key: _merge([(v or {}).get(key) for v in values], f"{path}.{key}" if path else key, ci) for key in keys}
    if isinstance(first, bool) or not isinstance(first, (int, float)):
        return first
    if len(values) == 1:
        return values[0]
    numbers = _numbers(values)
    if len(numbers) < len(values):
        return sum(numbers) / len(numbers) if numbers else None
    mean = sum(numbers) / len(numbers)
    if len(numbers) > 1:
        found = interval(numbers)
        ci[path] = [found.low, found.high]
    return mean


def comparisons(result: dict) -> dict:
    """The simulated counterpart of each published figure in one replication."""
    figures, groups = result["figures"], result["enrolled_vs_not"]
    enrolled, other = groups.get("enrolled", {}), groups.get("not_enrolled", {})

    def change(key: str):
        a, b = enrolled.get(key), other.get(key)
        return None if a is None or not b else a / b - 1.0

    hours_in, hours_out = enrolled.get("buyer_reply_hours"), other.get("buyer_reply_hours")
    return {
        "fcr": figures.get("fcr"),
        "a_to_z_change": change("a_to_z_claim_rate"),
        "odr_change": change("odr"),
        "negative_feedback_change": change("negative_feedback_rate"),
        "reply_speedup": None if not hours_in or hours_out is None else hours_out / hours_in,
    }


def _daily(results: list[dict], ci: dict) -> list[dict]:
    dates = sorted({row["date"] for result in results for row in result["daily"]})
    by_date = [{row["date"]: row for row in result["daily"]} for result in results]
    rows = []
    for day in dates:
        merged = _merge([table.get(day) for table in by_date], "", {})
        merged["date"] = day
        rows.append(merged)
    return rows


def cpu_histogram(cpus: list[float], replications: int) -> dict:
    """Statements by CPU, in bins of one point up to 30% (and above), per replication."""
    counts = [0] * 31
    for value in cpus:
        counts[min(30, int(value * 100 + 1e-9))] += 1
    return {"bin_percent": list(range(31)), "statements": [c / replications for c in counts]}


def summary_build(scenario: dict, *, seed: int, results: list[dict], requested: int) -> dict:
    ci: dict[str, list[float]] = {}
    replications = len(results)
    summary = _merge([result["figures"] for result in results], "", ci)
    summary.update(
        {
            "fees": _merge([result["fees"] for result in results], "fees", ci),
            "enrolled_vs_not": _merge([result["enrolled_vs_not"] for result in results], "enrolled_vs_not", ci),
            "by_marketplace": _merge([result["by_marketplace"] for result in results], "by_marketplace", ci),
            "daily": _daily(results, ci),
            "staffing": _merge([result.get("staffing", {}) for result in results], "staffing", {}),
            "cpu_distribution": cpu_histogram([c for result in results for c in result["cpu"]], max(1, replications)),
            "counts": _merge([result["counts"] for result in results], "counts", {}),
            "mail": _merge([result["mail"] for result in results], "mail", {}),
            "jobs": _merge([result["jobs"] for result in results], "jobs", {}),
        }
    )
    compared = _merge([comparisons(result) for result in results], "published", ci)
    summary["published"] = [
        {
            "key": key,
            "figure": label,
            "published": value,
            "simulated": compared.get(key),
            "ci95": ci.get(f"published.{key}"),
            "unit": unit,
            "tolerance": tolerance,
            "agrees": None
            if compared.get(key) is None
            else (
                abs(compared[key] - value) <= tolerance
                if tolerance is not None
                else (compared[key] > 1 if unit == "times" else compared[key] < 0)
            ),
        }
        for key, label, value, unit, tolerance in PUBLISHED
    ]
    simulation = scenario["simulation"]
    summary.update(
        {
            "schema_version": SCHEMA_VERSION,
            "scenario": scenario["scenario"]["name"],
            "description": scenario["scenario"]["description"],
            "question": scenario["scenario"]["question"],
            "seed": seed,
            "replications": replications,
            "replications_requested": requested,
            "partial": replications < requested or any(result["partial"] for result in results),
            "start": simulation["start"],
            "days": simulation["days"],
            "reached": min((result["reached"] for result in results), default=simulation["start"]),
            "marketplaces": sorted(scenario["marketplaces"]),
            "sellers": results[0]["sellers"] if results else 0,
            "agents": results[0]["agents"] if results else 0,
            "ci95": {key: ci[key] for key in sorted(ci)} if replications > 1 else {},
        }
    )
    return _round(summary)
