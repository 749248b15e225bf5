"""Not improving at 6 and 12 weeks: the one definition (clinical-notes §2.7, §7).

The clock is time in care, counted from the program's start: the guidelines speak of radicular
pain that persists after about 6-12 weeks of good conservative care (NICE-NG59; some pathways
expect 12 weeks of community care before a specialist opinion), not of the days between two
scores. The verdict comes from the scores: no measure improved by its minimal important change
(baseline = each measure's first score, latest = its last).

- 6 weeks or more and nothing improved: review the diagnosis, the program and the barriers.
- 12 weeks or more and nothing improved: refer for a medical or specialist opinion.
- 6 weeks or more and no measure scored twice: progress cannot be judged; enter scores.

A **plateau** is the other way of not improving (clinical-notes §6.7: "a plateau for ~2-4
weeks despite adherence": discharge or refer on): something improved early, then nothing for
the last 4 weeks (the upper bound of the source's range, the cautious reading against a false
alarm). `plateaued` compares each measure's latest score with its last score at least 4 weeks
older; the review acts on it only when the goals are not met (met goals are a discharge).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sciatica_pt.core.followup.models import Change, Measure, OutcomeEntry, OutcomeSummary
from sciatica_pt.core.outcomes import mic

REVIEW_WEEKS = 6
REFER_WEEKS = 12
PLATEAU_WEEKS = 4
REFS = ("NICE-NG59", "Ostelo-2008")


class Prompt(StrEnum):
    REVIEW = "review"  # 6 weeks, no measure improved
    REFER = "refer"  # 12 weeks, no measure improved
    SCORES_MISSING = "scores_missing"  # 6 weeks, nothing to judge progress by


@dataclass(frozen=True)
class NotImproving:
    prompt: Prompt
    weeks: float


def weeks_in_care(start: date, today: date) -> float:
    return (today - start).days / 7


def improved(summaries: Sequence[OutcomeSummary]) -> bool:
    return any(s.verdict is Change.IMPROVED for s in summaries)


def not_improving(
    summaries: Sequence[OutcomeSummary], start: date, today: date
) -> NotImproving | None:
    """The prompt due on `today` for a program that started on `start`, or None."""
    weeks = weeks_in_care(start, today)
    if weeks < REVIEW_WEEKS or improved(summaries):
        return None
    if not summaries:
        return NotImproving(Prompt.SCORES_MISSING, weeks)
    return NotImproving(Prompt.REFER if weeks >= REFER_WEEKS else Prompt.REVIEW, weeks)


def plateaued(entries: Sequence[OutcomeEntry], start: date, today: date) -> bool:
    """6 weeks or more in care, and no measure improved by its minimal important change over
    its last 4 weeks: each measure's latest score up to `today` against its last score dated
    at least 4 weeks before it. False when no measure can be compared that way."""
    if weeks_in_care(start, today) < REVIEW_WEEKS:
        return False
    recent = []
    for measure in Measure:
        mine = sorted(
            (e for e in entries if e.measure is measure and e.date <= today), key=lambda e: e.date
        )
        if not mine:
            continue
        latest = mine[-1]
        earlier = [e for e in mine if (latest.date - e.date).days >= PLATEAU_WEEKS * 7]
        if earlier:
            recent.append(mic.compare(earlier[-1], latest))
    return bool(recent) and not improved(recent)
