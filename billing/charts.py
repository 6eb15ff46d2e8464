"""Charts as inline SVG drawn on the server: no script, no network, printable,
and each chart carries a <title>/<desc> for screen readers (the pages show
the same figures in a table beside it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 560, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 12, 14, 34
COLORS = ("#0b5cad", "#c45100", "#1f6f2b", "#7a3fb0")


def _number(value) -> float | None:
    return None if value is None else float(value)


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence]],
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    y_min: float = 0.0,
    y_max: float | None = None,
) -> SafeString:
    """One or more lines over the same labels; gaps where a value is None."""
    values = [_number(v) for _, points in series for v in points if v is not None]
    top = y_max if y_max is not None else max(values + [y_min + 1e-9]) * 1.15
    top = top if top > y_min else y_min + 1
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / max(1, len(labels) - 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        return PAD_LEFT + index * step, PAD_TOP + plot_h - (value - y_min) / (top - y_min) * plot_h

    parts = [
        _open(
            title,
            f"{title}: "
            + "; ".join(
                f"{name} "
                + ", ".join(f"{label} {fmt(_number(v)) if v is not None else '—'}" for label, v in zip(labels, points))
                for name, points in series
            ),
        )
    ]
    for fraction in (0, 0.5, 1):
        value = y_min + (top - y_min) * fraction
        _, y = xy(0, value)
        parts.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}" stroke="#d0d4da"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{escape(fmt(value))}</text>'
        )
    every = max(1, -(-len(labels) // 6))  # at most six labels under the axis
    for index, label in enumerate(labels):
        if index % every == 0 or index == len(labels) - 1:
            x, _ = xy(index, y_min)
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11">{escape(label)}</text>'
            )
    for number, (name, points) in enumerate(series):
        color = COLORS[number % len(COLORS)]
        segment: list[str] = []
        segments = []
        for index, value in enumerate(points):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            x, y = xy(index, _number(value))
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>{escape(name)} '
                f"{escape(labels[index])}: {escape(fmt(_number(value)))}</title></circle>"
            )
        if segment:
            segments.append(segment)
        for points_text in segments:
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{" ".join(points_text)}"/>')
        parts.append(
            f'<rect x="{PAD_LEFT + number * 170}" y="2" width="10" height="10" fill="{color}"/>'
            f'<text x="{PAD_LEFT + 14 + number * 170}" y="11" font-size="11">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    *, title: str, items: Sequence[tuple[str, object]], fmt: Callable[[float], str] = lambda v: f"{v:g}"
) -> SafeString:
    """Horizontal bars, one per item, longest first as given."""
    row = 24
    height = max(1, len(items)) * row + 8
    numbers = [_number(v) or 0.0 for _, v in items]
    top = max(numbers + [1e-9])
    label_w, bar_w = 200, WIDTH - 200 - 70
    parts = [
        _open(
            title, f"{title}: " + "; ".join(f"{label} {fmt(n)}" for (label, _), n in zip(items, numbers)), height=height
        )
    ]
    for index, ((label, _), value) in enumerate(zip(items, numbers)):
        y = 4 + index * row
        width = bar_w * value / top if top else 0
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="16" fill="{COLORS[0]}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 15}" font-size="12">{escape(fmt(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _open(title: str, description: str, *, height: int = HEIGHT) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    )


def percent_text(value: float) -> str:
    return f"{value * 100:.1f}%"


def decimal_text(places: int) -> Callable[[float], str]:
    return lambda value: f"{Decimal(str(value)):.{places}f}"
