"""Outcome charts as inline SVG, drawn on the server: no JavaScript, readable by screen
readers (title, description and a data table beside each chart)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD = 320, 160, 28


def line_chart(
    title: str, points: Sequence[tuple[dt.date, float]], low: float, high: float
) -> SafeString:
    if not points:
        return mark_safe(f"<p>No {escape(title.lower())} recorded yet.</p>")
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)

    def xy(day: dt.date, value: float) -> tuple[float, float]:
        x = PAD + (WIDTH - 2 * PAD) * (day - first).days / span
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / ((high - low) or 1)
        return round(x, 1), round(y, 1)

    coords = [xy(d, v) for d, v in points]
    path = " ".join(f"{x},{y}" for x, y in coords)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="3"/>' for x, y in coords)
    summary = f"{title}: from {points[0][1]:g} on {first} to {points[-1][1]:g} on {last}"
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(summary)}"><title>{escape(summary)}</title>'
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" '
        f'x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>'
        f'<line class="axis" x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}"/>'
        f'<text x="4" y="{PAD + 4}">{high:g}</text><text x="4" y="{HEIGHT - PAD}">{low:g}</text>'
        f'<text x="{PAD}" y="{HEIGHT - 6}">{first}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 6}" text-anchor="end">{last}</text>'
        f'<polyline points="{path}"/>{dots}</svg>'
    )
