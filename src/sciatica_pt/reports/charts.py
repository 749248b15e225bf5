"""Outcome charts for the progress report: a score over time with the band of change too small
to matter (the minimal important change around the baseline), drawn with matplotlib's Agg
backend to SVG text with a fixed hash salt and no date, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt

INK, BAND, SECOND = "#1f3b57", "#d0d7de", "#d9480f"


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[tuple[dt.date, float], ...]
    colour: str = INK


@dataclass(frozen=True)
class Chart:
    """One measure: its series, its scale, and the MIC band around the baseline."""

    title: str
    series: tuple[Series, ...]
    top: float
    mic: float
    better_is_lower: bool

    @property
    def baseline(self) -> float | None:
        """The first score of the first series with any (leg pain leads in sciatica)."""
        first = [s.points[0][1] for s in self.series if s.points]
        return first[0] if first else None


def chart_svg(chart: Chart, width_in: float = 6.4, height_in: float = 2.3) -> str:
    with plt.rc_context({"svg.hashsalt": "sciatica-pt", "svg.fonttype": "path"}):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        try:
            _draw(ax, chart)
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
        finally:
            plt.close(fig)
    return buffer.getvalue()


def _draw(ax: plt.Axes, chart: Chart) -> None:
    baseline = chart.baseline
    days = [d for s in chart.series for d, _ in s.points]
    if baseline is not None:
        low, high = max(baseline - chart.mic, 0), min(baseline + chart.mic, chart.top)
        ax.axhspan(low, high, color=BAND, alpha=0.6, lw=0, label="No meaningful change (MIC)")
        ax.axhline(baseline, color="#8d99a6", lw=0.8, ls="--")
    for series in chart.series:
        xs, ys = [d for d, _ in series.points], [v for _, v in series.points]
        ax.plot(xs, ys, marker="o", ms=3, lw=1.6, color=series.colour, label=series.label)
    ax.set_ylim(0, chart.top)
    ax.set_title(chart.title, fontsize=9, loc="left")
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", lw=0.3)
    if days:
        # At least a week wide, so one or two scores do not get hourly ticks.
        first, last = min(days), max(days)
        ax.set_xlim(
            first - dt.timedelta(days=1),
            max(last, first + dt.timedelta(days=6)) + dt.timedelta(days=1),
        )
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    locator.intervald[mdates.HOURLY] = []  # whole days only
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    direction = "lower is better" if chart.better_is_lower else "higher is better"
    ax.set_ylabel(direction, fontsize=7)
    ax.legend(fontsize=6.5, loc="upper right", frameon=False)


def points(
    pairs: Sequence[tuple[dt.date, float | int | None]],
) -> tuple[tuple[dt.date, float], ...]:
    """Date-ordered points, dropping unanswered values (a gap, never a zero)."""
    return tuple(sorted((d, float(v)) for d, v in pairs if v is not None))
