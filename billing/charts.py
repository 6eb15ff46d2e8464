"""Charts as inline SVG drawn on the server: no script, no network, printable.
Each chart is a ``Chart``: the SVG (with a <title>/<desc> for screen
readers; the pages show the same figures in a table beside it), its legend
(drawn as HTML under the chart, so it wraps in any language instead of being
clipped), and whether there is anything to draw (an empty chart shows a
sentence saying so, never empty axes). Axis labels are spaced by their
width, so they never overlap, in any of the four languages; numbers and
months come formatted by ``csba.formatting`` in the page's language."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from csba import formatting

WIDTH, HEIGHT = 560, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 14, 34
COLORS = ("#0b5cad", "#c45100", "#1f6f2b", "#7a3fb0")
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK JP', 'Hiragino Sans', 'Microsoft YaHei', sans-serif"
FONT_SIZE = 11


@dataclass
class Chart:
    title: str
    svg: SafeString = SafeString("")
    legend: list[tuple[str, int]] = field(default_factory=list)  # (name, colour number: CSS class "swatch cN")
    is_empty: bool = False
    empty_text: str = ""

    def __str__(self) -> str:  # a chart printed as it is: its SVG
        return str(self.svg)


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """About how wide ``text`` is drawn: wide (CJK) characters take a full em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def label_x(x: float, label: str) -> float:
    """Where a centred label goes so it stays inside the chart."""
    half = text_width(label) / 2
    return min(max(x, half + 2), WIDTH - half - 2)


def shown_labels(labels: Sequence[str], step: float, first_x: float = PAD_LEFT) -> list[int]:
    """The indexes of the x labels to draw: as many as fit side by side,
    evenly spaced from the first; the last one too when it has room."""
    if not labels:
        return []
    widest = max(text_width(label) for label in labels) + 10
    every = max(1, math.ceil(widest / step)) if step else len(labels)
    shown = list(range(0, len(labels), every))
    last = len(labels) - 1

    def box(index: int) -> tuple[float, float]:
        x, half = label_x(first_x + index * step, labels[index]), text_width(labels[index]) / 2
        return x - half, x + half

    if shown[-1] != last and box(last)[0] >= box(shown[-1])[1] + 6:
        shown.append(last)
    return shown


def _number(value) -> float | None:
    return None if value is None else float(value)


def _open(title: str, description: str, *, height: int = HEIGHT) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="{FONT}" font-size="{FONT_SIZE}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    )


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence]],
    fmt: Callable[[float], str] = formatting.number,
    y_min: float = 0.0,
    y_max: float | None = None,
    empty_text: str = "",
) -> Chart:
    """One or more lines over the same labels; gaps where a value is None."""
    values = [_number(v) for _, points in series for v in points if v is not None]
    legend = [(name, n % len(COLORS)) for n, (name, _points) in enumerate(series)]
    if not values:
        return Chart(title, legend=legend, is_empty=True, empty_text=empty_text)
    top = y_max if y_max is not None else max(values + [y_min + 1e-9]) * 1.15
    top = top if top > y_min else y_min + 1
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / max(1, len(labels) - 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        return PAD_LEFT + index * step, PAD_TOP + plot_h - (value - y_min) / (top - y_min) * plot_h

    described = "; ".join(
        f"{name} " + ", ".join(f"{label} {fmt(v) if v is not None else '—'}" for label, v in zip(labels, points))
        for name, points in series
    )
    parts = [_open(title, f"{title}: {described}")]
    for fraction in (0, 0.5, 1):
        value = y_min + (top - y_min) * fraction
        _, y = xy(0, value)
        parts.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}" stroke="#d0d4da"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(value))}</text>'
        )
    for index in shown_labels(labels, step):
        x = label_x(xy(index, y_min)[0], labels[index])
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle">{escape(labels[index])}</text>')
    for (name, points), (_name, number) in zip(series, legend):
        color = COLORS[number]
        segment: list[str] = []
        segments = []
        for index, value in enumerate(points):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            x, y = xy(index, float(value))
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>{escape(name)} '
                f"{escape(labels[index])}: {escape(fmt(float(value)))}</title></circle>"
            )
        if segment:
            segments.append(segment)
        for points_text in segments:
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{" ".join(points_text)}"/>')
    parts.append("</svg>")
    return Chart(title, mark_safe("".join(parts)), legend)


def count_text(value: float) -> str:
    """A count as a count (no decimals), in the page's language."""
    return formatting.number(int(value), 0) if float(value).is_integer() else formatting.number(value)


def bar_chart(
    *,
    title: str,
    items: Sequence[tuple[str, object]],
    fmt: Callable[[float], str] = count_text,
    empty_text: str = "",
) -> Chart:
    """Horizontal bars, one per item, in the order given; the label column
    as wide as the longest label needs (at most 45% of the chart; longer
    labels are shortened, the full one in the bar's tooltip)."""
    numbers = [_number(v) or 0.0 for _, v in items]
    if not items or not any(numbers):
        return Chart(title, is_empty=True, empty_text=empty_text)
    row = 24
    height = len(items) * row + 8
    top = max(numbers)
    label_w = min(WIDTH * 0.45, max(text_width(label) for label, _ in items) + 12)
    value_w = max(text_width(fmt(n)) for n in numbers) + 10
    bar_w = WIDTH - label_w - value_w
    described = "; ".join(f"{label} {fmt(n)}" for (label, _), n in zip(items, numbers))
    parts = [_open(title, f"{title}: {described}", height=height)]
    for index, ((label, _), value) in enumerate(zip(items, numbers)):
        y = 4 + index * row
        width = bar_w * value / top if top else 0
        shown = label
        while text_width(shown) > label_w - 12 and len(shown) > 2:
            shown = shown[:-2] + "…"
        parts.append(
            f'<text x="{label_w - 8:.1f}" y="{y + 15}" text-anchor="end">{escape(shown)}<title>{escape(label)}</title></text>'
            f'<rect x="{label_w:.1f}" y="{y + 3}" width="{width:.1f}" height="16" fill="{COLORS[0]}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 15}">{escape(fmt(value))}</text>'
        )
    parts.append("</svg>")
    return Chart(title, mark_safe("".join(parts)))


def column_chart(
    *,
    title: str,
    items: Sequence[tuple[str, object]],
    fmt: Callable[[float], str] = formatting.number,
    empty_text: str = "",
) -> Chart:
    """Vertical columns over labelled periods (a fee per quarter), each with
    its value on top; a value of 0 stands as a flat line on the axis."""
    if not items:
        return Chart(title, is_empty=True, empty_text=empty_text)
    numbers = [_number(v) or 0.0 for _, v in items]
    top = max(numbers + [1e-9]) * 1.2
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(items)
    column = min(56.0, slot * 0.6)
    base = PAD_TOP + plot_h
    described = "; ".join(f"{label} {fmt(n)}" for (label, _), n in zip(items, numbers))
    parts = [
        _open(title, f"{title}: {described}"),
        f'<line x1="{PAD_LEFT}" y1="{base}" x2="{WIDTH - PAD_RIGHT}" y2="{base}" stroke="#767676"/>',
    ]
    labels = [label for label, _ in items]
    for index in shown_labels(labels, slot, first_x=PAD_LEFT + slot / 2):
        x = label_x(PAD_LEFT + slot * (index + 0.5), labels[index])
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle">{escape(labels[index])}</text>')
    for index, value in enumerate(numbers):
        x = PAD_LEFT + slot * (index + 0.5)
        height = plot_h * value / top if top else 0
        parts.append(
            f'<rect x="{x - column / 2:.1f}" y="{base - height:.1f}" width="{column:.1f}" height="{max(height, 1.5):.1f}" '
            f'fill="{COLORS[0]}"><title>{escape(labels[index])}: {escape(fmt(value))}</title></rect>'
            f'<text x="{x:.1f}" y="{base - height - 5:.1f}" text-anchor="middle">{escape(fmt(value))}</text>'
        )
    parts.append("</svg>")
    return Chart(title, mark_safe("".join(parts)))


def percent_text(value: float) -> str:
    return formatting.percent(value)


def decimal_text(places: int) -> Callable[[float], str]:
    return lambda value: formatting.number(round(value, places), places)


def money_text(currency: str) -> Callable[[float], str]:
    return lambda value: formatting.money(f"{value:.4f}".rstrip("0").rstrip("."), currency)
