"""A staffing answer as a table (terminal), CSV, JSON and a self-contained
HTML page with plots (inline SVG and CSS: no script, no CDN, opens offline)."""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable

from csba.simulation.planning import Plan, Row

COLUMNS = [
    "day",
    "time",
    "language",
    "live_per_hour",
    "email_per_hour",
    "required",
    "added",
    "on_duty",
    "formula_service_level",
    "formula_asa_seconds",
    "formula_p_abandon",
    "sim_service_level",
    "sim_service_level_low",
    "sim_service_level_high",
    "sim_asa_seconds",
    "sim_p_abandon",
    "sim_p_abandon_low",
    "sim_p_abandon_high",
]


def _clock(seconds: float) -> tuple[int, str]:
    seconds = int(round(seconds))
    return seconds // 86400, f"{seconds % 86400 // 3600:02d}:{seconds % 3600 // 60:02d}"


def row_values(row: Row) -> dict:
    day, time = _clock(row.start)
    sim = row.simulated or {}

    def pick(name: str, side: str = "mean", digits: int = 4):
        return round(getattr(sim[name], side), digits) if name in sim else None

    return {
        "day": day,
        "time": time,
        "language": row.language,
        "live_per_hour": round(row.live_per_hour, 2),
        "email_per_hour": round(row.email_per_hour, 2),
        "required": None if row.required is None else round(row.required, 2),
        "added": row.added,
        "on_duty": round(row.on_duty, 2),
        "formula_service_level": round(row.formula.service_level, 4),
        "formula_asa_seconds": round(row.formula.asa_seconds, 1),
        "formula_p_abandon": round(row.formula.p_abandon, 4),
        "sim_service_level": pick("service_level"),
        "sim_service_level_low": pick("service_level", "low"),
        "sim_service_level_high": pick("service_level", "high"),
        "sim_asa_seconds": pick("asa_seconds", digits=1),
        "sim_p_abandon": pick("p_abandon"),
        "sim_p_abandon_low": pick("p_abandon", "low"),
        "sim_p_abandon_high": pick("p_abandon", "high"),
    }


def write_csv(plan: Plan, out) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in plan.rows:
        writer.writerow({key: ("" if value is None else value) for key, value in row_values(row).items()})


def summary(plan: Plan) -> dict:
    """The answer's headline figures (JSON-ready)."""
    targets = plan.targets
    result = {
        "mode": plan.mode,
        "intervals": plan.profile.intervals,
        "interval_minutes": plan.profile.interval_seconds / 60,
        "languages": plan.profile.languages,
        "agents": len(plan.roster),
        "agent_hours": round(sum(r.on_duty for r in plan.rows) * plan.profile.interval_seconds / 3600, 1),
        "targets": {
            "service_level": targets.service_level,
            "within_seconds": targets.within_seconds,
            "max_abandon": targets.max_abandon,
            "email_within_hours": targets.email_within_seconds / 3600,
            "email_on_time": targets.email_on_time,
        },
        "rounds": plan.rounds,
        "notes": plan.notes,
    }
    if plan.mode == "forward":
        result["required_agent_hours"] = round(
            sum(r.required for r in plan.rows) * plan.profile.interval_seconds / 3600, 1
        )
    if plan.simulated:
        sim = plan.simulated
        result["replications"] = sim.replications
        result["simulated"] = {
            name: {"mean": round(i.mean, 4), "ci95": [round(i.low, 4), round(i.high, 4)]}
            for name, i in sim.totals.items()
        }
        result["email_on_time"] = {
            language: {"mean": round(i.mean, 4), "ci95": [round(i.low, 4), round(i.high, 4)]}
            for language, i in sim.email.items()
        }
        result["intervals_below_target"] = sum(
            1 for r in plan.rows if r.simulated and r.simulated["service_level"].mean < targets.service_level
        )
    return result


def format_table(plan: Plan) -> str:
    """The answer for a terminal: one line per interval and language."""
    heads = (
        "day",
        "time",
        "lang",
        "live/h",
        "email/h",
        "required",
        "on duty",
        "SL f",
        "SL sim",
        "±",
        "ASA sim",
        "aband f",
        "aband sim",
    )
    lines = [" ".join(f"{h:>9}" for h in heads)]
    for row in plan.rows:
        v = row_values(row)
        half = (
            None if v["sim_service_level"] is None else (v["sim_service_level_high"] - v["sim_service_level_low"]) / 2
        )
        cells = (
            v["day"],
            v["time"],
            v["language"],
            v["live_per_hour"],
            v["email_per_hour"],
            v["required"],
            v["on_duty"],
            v["formula_service_level"],
            v["sim_service_level"],
            half,
            v["sim_asa_seconds"],
            v["formula_p_abandon"],
            v["sim_p_abandon"],
        )
        lines.append(" ".join(f"{_cell(c):>9}" for c in cells))
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def _fact(value) -> str:
    """A summary value in words: means with their interval, lists joined."""
    if isinstance(value, dict) and set(value) == {"mean", "ci95"}:
        return f"{value['mean']:g} (95% interval {value['ci95'][0]:g} to {value['ci95'][1]:g})"
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {_fact(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_fact(item) for item in value) or "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


# -- HTML -----------------------------------------------------------------------------------------------------

WIDTH, HEIGHT, PAD = 960, 220, 44


def _path(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))


def _chart(
    title: str,
    series: list[tuple[str, str, list[float | None]]],
    *,
    top: float,
    target: float | None = None,
    band: tuple[list[float | None], list[float | None]] | None = None,
    days: int = 1,
    unit: str = "",
) -> str:
    """One line chart: ``series`` of (label, colour, values per interval)."""
    count = max(len(values) for _, _, values in series) or 1
    top = top or 1.0

    def x(i: float) -> float:
        return PAD + (WIDTH - 2 * PAD) * i / max(1, count - 1)

    def y(value: float) -> float:
        return HEIGHT - PAD + (2 * PAD - HEIGHT) * max(0.0, min(value, top)) / top

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{html.escape(title)}">',
        f'<text x="{PAD}" y="16" class="title">{html.escape(title)}</text>',
    ]
    for step in range(5):
        level = top * step / 4
        parts.append(
            f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(level):.1f}" y2="{y(level):.1f}" class="grid"/>'
            f'<text x="{PAD - 4}" y="{y(level) + 4:.1f}" class="axis" text-anchor="end">'
            f"{level:.2f}{unit}</text>"
        )
    for day in range(days + 1):
        at = x(day * count / days) if days else PAD
        parts.append(f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{PAD}" y2="{HEIGHT - PAD}" class="grid"/>')
        if day < days:
            parts.append(f'<text x="{at + 4:.1f}" y="{HEIGHT - PAD + 14}" class="axis">day {day}</text>')
    if band:
        low, high = band
        upper = [(x(i), y(v)) for i, v in enumerate(high) if v is not None]
        lower = [(x(i), y(v)) for i, v in enumerate(low) if v is not None][::-1]
        if upper:
            parts.append(f'<path d="{_path(upper + lower)} Z" class="band"/>')
    if target is not None:
        parts.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(target):.1f}" y2="{y(target):.1f}" class="target"/>')
    for offset, (label, colour, values) in enumerate(series):
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if points:
            parts.append(f'<path d="{_path(points)}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        parts.append(
            f'<text x="{WIDTH - PAD - 170 * (len(series) - offset)}" y="16" fill="{colour}" '
            f'class="legend">■ {html.escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def html_page(plan: Plan, *, title: str) -> str:
    """The answer as one HTML file: per language, agents required and on
    duty, the service level and the abandonment per interval (simulated with
    its 95% band, and by the formula), the targets as dashed lines."""
    info = summary(plan)
    days = max(1, round(plan.profile.horizon_seconds / 86400))
    sections = []
    for language in plan.profile.languages:
        rows = [r for r in plan.rows if r.language == language]
        sim = [r.simulated for r in rows]

        def values(name: str, side: str = "mean", rows=rows, sim=sim) -> list:
            return [getattr(s[name], side) if s else None for s in sim]

        agents = [("required (fractional)", "#888", [r.required for r in rows])] if plan.mode == "forward" else []
        agents.append(("on duty (roster)", "#1f5fa8", [r.on_duty for r in rows]))
        peak = max(max((v or 0) for _, _, vals in agents for v in vals), 1.0)
        sections.append(
            f"<h2>{html.escape(language)}</h2>"
            + _chart("Agents", agents, top=peak * 1.1, days=days)
            + _chart(
                "Service level (live, answered within target)",
                [
                    ("simulated", "#1f5fa8", values("service_level")),
                    ("formula", "#d9822b", [r.formula.service_level for r in rows]),
                ],
                top=1.0,
                target=plan.targets.service_level,
                band=(values("service_level", "low"), values("service_level", "high")),
                days=days,
            )
            + _chart(
                "Abandonment (live)",
                [
                    ("simulated", "#1f5fa8", values("p_abandon")),
                    ("formula", "#d9822b", [r.formula.p_abandon for r in rows]),
                ],
                top=max(0.1, 2 * plan.targets.max_abandon),
                target=plan.targets.max_abandon,
                band=(values("p_abandon", "low"), values("p_abandon", "high")),
                days=days,
            )
        )
    facts = "".join(
        f"<tr><th>{html.escape(k.replace('_', ' '))}</th><td>{html.escape(_fact(v))}</td></tr>" for k, v in info.items()
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1000px; }}
svg {{ width: 100%; height: auto; margin: 8px 0 16px; }}
.title {{ font-weight: 600; font-size: 13px; }} .axis, .legend {{ font-size: 11px; fill: #555; }}
.legend {{ font-weight: 600; }} .grid {{ stroke: #e4e4e4; }} .target {{ stroke: #c0392b; stroke-dasharray: 6 4; }}
.band {{ fill: #1f5fa8; opacity: .15; }} table {{ border-collapse: collapse; }}
th, td {{ text-align: left; padding: 2px 10px 2px 0; vertical-align: top; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<table>{facts}</table>
{"".join(sections)}
<p>Dashed red: the target. Shaded: the simulation's 95% interval over independent replications.</p>
</body></html>
"""
