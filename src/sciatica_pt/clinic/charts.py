"""Outcome charts as inline SVG, drawn on the server: no JavaScript, readable by screen
readers (a title that says what the chart shows, and the numbers in a table beside it).

A chart may carry the assessment's baseline (a dashed line) and the band of no meaningful
change around it: the minimal important change of the measure, from `core.outcomes.mic`
(never a copy of its numbers), so a point outside the band is a change that matters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sciatica_pt.core.followup.models import Measure
from sciatica_pt.core.outcomes.mic import MIC

WIDTH, HEIGHT, PAD = 320, 160, 28
# Lines told apart by colour and by dash, so they read in grey and for colour-blind eyes too.
STYLES = (
    ("#0b4f9c", ""),
    ("#a34700", "6 3"),
    ("#2f6b1f", "2 3"),
    ("#6b2f8f", "8 3 2 3"),
    ("#4a4a4a", "1 2"),
)

Points = Sequence[tuple[dt.date, float]]


@dataclass(frozen=True)
class Band:
    """The assessment's baseline and the minimal important change around it."""

    baseline: float
    low: float
    high: float
    text: str  # the clinician's caption: the rule and its reference
    plain: str  # the patient's: what the band means for them, no reference, no jargon


def mic_band(measure: Measure, baseline: float | None) -> Band | None:
    """The band of no meaningful change around `baseline` for `measure` (core MIC)."""
    if baseline is None or measure not in MIC:
        return None
    mic = MIC[measure]
    step = mic.threshold(baseline)
    text = (
        f"Baseline {baseline:g}; the shaded band is less than the minimal important change "
        f"({mic.text}, here {step:g}; {', '.join(mic.refs)})"
    )
    better = "lower" if mic.lower_is_better else "higher"
    plain = (
        f"The dashed line is your score at the start ({baseline:g}). Scores inside the shaded "
        f"band are within {step:g} of it: too small a change to be sure of. A score outside "
        f"the band is a real change; {better} is better."
    )
    return Band(baseline, baseline - step, baseline + step, text, plain)


def line_chart(
    title: str,
    points: Points,
    low: float,
    high: float,
    band: Band | None = None,
    for_patient: bool = False,
) -> SafeString:
    """One measure over time, with its baseline and MIC band when given."""
    return chart(title, [(title, points)], low, high, band, for_patient)


def chart(
    title: str,
    series: Sequence[tuple[str, Points]],
    low: float,
    high: float,
    band: Band | None = None,
    for_patient: bool = False,
) -> SafeString:
    """Several lines on one pair of axes (a PSFS activity each), each named in a legend. The
    band's caption is the clinician's, or the patient's plain one `for_patient`."""
    series = [(name, points) for name, points in series if points]
    if not series:
        return mark_safe(f"<p>No {escape(title.lower())} recorded yet.</p>")
    days = sorted(d for _, points in series for d, _ in points)
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * (day - first).days / span, 1)

    def y_of(value: float) -> float:
        value = min(max(value, low), high)
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / ((high - low) or 1), 1)

    parts = [
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" '
        f'y2="{HEIGHT - PAD}"/>',
        f'<line class="axis" x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}"/>',
        f'<text x="4" y="{PAD + 4}">{high:g}</text><text x="4" y="{HEIGHT - PAD}">{low:g}</text>',
        f'<text x="{PAD}" y="{HEIGHT - 6}">{first}</text>',
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 6}" text-anchor="end">{last}</text>',
    ]
    if band is not None:
        top, bottom = y_of(band.high), y_of(band.low)
        parts.insert(
            0,
            f'<rect class="mic-band" x="{PAD}" y="{top}" width="{WIDTH - 2 * PAD}" '
            f'height="{round(bottom - top, 1)}" fill="#dde7f3"/>'
            f'<line class="baseline" x1="{PAD}" y1="{y_of(band.baseline)}" x2="{WIDTH - PAD}" '
            f'y2="{y_of(band.baseline)}" stroke="#4a4a4a" stroke-dasharray="4 3"/>',
        )
    for index, (_name, points) in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        coords = [(x_of(d), y_of(v)) for d, v in sorted(points)]
        path = " ".join(f"{x},{y}" for x, y in coords)
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{path}" stroke="{colour}"{dashing}/>')
        parts += [f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>' for x, y in coords]
    summary = "; ".join(
        _summary(name if len(series) > 1 else "", points) for name, points in series
    )
    caption = (band.plain if for_patient else band.text) if band is not None else ""
    if caption:
        summary += f". {caption}"
    label = escape(f"{title}: {summary}")
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{''.join(parts)}</svg>"
    )
    return mark_safe(svg + _legend(series, caption))


def _summary(name: str, points: Points) -> str:
    ordered = sorted(points)
    (d0, v0), (d1, v1) = ordered[0], ordered[-1]
    return f"{name} from {v0:g} on {d0} to {v1:g} on {d1}".lstrip()


def _legend(series: Sequence[tuple[str, Points]], caption: str) -> str:
    """The key (when there are several lines or a band), in words, under the chart."""
    rows = []
    if len(series) > 1:
        for index, (name, points) in enumerate(series):
            colour, dash = STYLES[index % len(STYLES)]
            swatch = (
                f'<svg class="swatch" width="24" height="8" aria-hidden="true" focusable="false">'
                f'<line x1="0" y1="4" x2="24" y2="4" stroke="{colour}" stroke-width="3"'
                f"{f' stroke-dasharray={chr(34)}{dash}{chr(34)}' if dash else ''}/></svg>"
            )
            latest = sorted(points)[-1][1]
            rows.append(f"<li>{swatch} {escape(name)}: now {latest:g}</li>")
    if caption:
        rows.append(f'<li class="band-key">{escape(caption)}</li>')
    return f'<ul class="chart-key">{"".join(rows)}</ul>' if rows else ""
