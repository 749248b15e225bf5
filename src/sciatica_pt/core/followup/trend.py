"""A worsening trend holds progression and alerts the therapist (clinical-notes §6.4).

The traffic-light model is about the trend as well as the session: pain may rise a little
during exercise provided it settles by the next morning and does not creep up week to week.
Each session can be "tolerated" while the patient gets worse, so the review also looks at the
weeks:
- pain creeping up: the weekly mean of leg pain (or of back pain) rose in each of the last two
  weeks, by at least MIN_RISE in all (a project threshold, so a tenth of a point of noise is
  not a trend), with a check-in in each of the three weeks;
- an outcome score worse by its minimal important change (`core.outcomes.mic`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

from sciatica_pt.core.followup.events import alert
from sciatica_pt.core.followup.models import Alert, Change, CheckIn, OutcomeSummary, Severity

TREND_WEEKS = 3
MIN_RISE = 1.0
REFS = ("JOSPT-2021", "JOSPT-2012")


def weekly_means(checkins: Sequence[CheckIn], today: date, leg: bool) -> list[float] | None:
    """The mean pain of each of the last TREND_WEEKS weeks ending today, oldest first; None
    when a week has no check-in."""
    means = []
    for back in range(TREND_WEEKS - 1, -1, -1):
        end = today - timedelta(days=7 * back)
        week = [c for c in checkins if end - timedelta(days=6) <= c.date <= end]
        if not week:
            return None
        means.append(sum(c.leg_pain if leg else c.back_pain for c in week) / len(week))
    return means


def creeping(checkins: Sequence[CheckIn], today: date) -> list[str]:
    """Which pain creeps up week on week, in words."""
    found = []
    for name, leg in (("leg pain", True), ("back pain", False)):
        means = weekly_means(checkins, today, leg)
        if (
            means is not None
            and all(later > earlier for earlier, later in pairwise(means))
            and means[-1] - means[0] >= MIN_RISE
        ):
            weeks = " -> ".join(f"{m:.1f}" for m in means)
            found.append(f"{name} crept up week on week (weekly means {weeks})")
    return found


def worsening(
    checkins: Sequence[CheckIn], summaries: Sequence[OutcomeSummary], today: date
) -> list[str]:
    """Every sign of a worsening trend, in words; empty when there is none."""
    worse = [
        f"{s.measure} worse by its minimal important change ({s.minimal_important_change})"
        for s in summaries
        if s.verdict is Change.WORSE
    ]
    return creeping(checkins, today) + worse


def worsening_alert(found: Sequence[str], today: date) -> Alert:
    return alert(
        "trend.worsening",
        today,
        Severity.WARNING,
        f"The patient is getting worse: {'; '.join(found)}. No dose is raised meanwhile.",
        "Therapist: contact the patient and re-assess (warning signs, directions, load); "
        "adjust the program before it steps up again.",
        REFS,
    )
