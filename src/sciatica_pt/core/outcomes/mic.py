"""The minimal important change (MIC) of each outcome measure, and the comparison of a
baseline score with the latest one: the one definition the review, the planner, the web app
and the reports use (clinical-notes §4).

- Pain NRS (back, leg): 2 points or 30% of the baseline (Ostelo-2008).
- ODI: 10 points or 30% of the baseline (Ostelo-2008).
- PSFS average: 2 points (Stratford-1995; the minimal detectable change of the average).
- STarT Back: a move to another risk group (Keele-STarTBack). The total alone is not compared:
  clinical-notes §4 gives no MIC for it, and the group needs the distress subscore too.

"Or 30%": whichever is smaller of the points and 30% of the baseline is enough, so a low
baseline can still show a meaningful change (2 -> 1 on the NRS is 50%).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sciatica_pt.core.followup.models import Change, Measure, OutcomeEntry, OutcomeSummary
from sciatica_pt.core.result import StartBackRisk

RESPONDER_FRACTION = 0.3  # "30% better": Ostelo-2008's responder rule, clinical-notes §4


@dataclass(frozen=True)
class Mic:
    """A measure's minimal important change. `fraction` None: points only."""

    measure: Measure
    points: float
    fraction: float | None
    lower_is_better: bool
    text: str
    refs: tuple[str, ...]

    def threshold(self, baseline: float) -> float:
        """The change that counts as meaningful from `baseline`."""
        if self.fraction is None or baseline <= 0:
            return self.points
        return min(self.points, self.fraction * baseline)

    def gain(self, baseline: float, latest: float) -> float:
        """How much better `latest` is than `baseline` (negative: worse)."""
        return baseline - latest if self.lower_is_better else latest - baseline


MIC: Mapping[Measure, Mic] = {
    Measure.BACK_PAIN_NRS: Mic(
        Measure.BACK_PAIN_NRS, 2, RESPONDER_FRACTION, True, "2 points or 30%", ("Ostelo-2008",)
    ),
    Measure.LEG_PAIN_NRS: Mic(
        Measure.LEG_PAIN_NRS, 2, RESPONDER_FRACTION, True, "2 points or 30%", ("Ostelo-2008",)
    ),
    Measure.ODI: Mic(
        Measure.ODI, 10, RESPONDER_FRACTION, True, "10 points or 30%", ("Ostelo-2008",)
    ),
    Measure.PSFS: Mic(Measure.PSFS, 2, None, False, "2 points (average)", ("Stratford-1995",)),
}
START_BACK_MIC = "a change of risk group"
START_BACK_REFS = ("Keele-STarTBack",)
RISK_RANK = {StartBackRisk.LOW: 0, StartBackRisk.MEDIUM: 1, StartBackRisk.HIGH: 2}


def change(measure: Measure, baseline: float, latest: float) -> Change:
    """Improved, worse, or no meaningful change, for a numeric measure (not STarT Back)."""
    mic = MIC[measure]
    gain = mic.gain(baseline, latest)
    if gain == 0 or round(abs(gain), 6) < round(mic.threshold(baseline), 6):
        return Change.NO_MEANINGFUL_CHANGE
    return Change.IMPROVED if gain > 0 else Change.WORSE


def responded(measure: Measure, baseline: float, latest: float) -> bool:
    """At least 30% better than baseline (Ostelo-2008's responder rule): pain NRS and ODI."""
    mic = MIC[measure]
    # Rounded, so 7 -> 4.9 (2.1 points, exactly 30%) is not lost to binary fractions.
    return baseline > 0 and round(mic.gain(baseline, latest), 6) >= round(
        RESPONDER_FRACTION * baseline, 6
    )


def compare(first: OutcomeEntry, last: OutcomeEntry) -> OutcomeSummary:
    """A measure's baseline entry against its latest entry."""
    if first.measure is Measure.START_BACK:
        return _compare_groups(first, last)
    mic = MIC[first.measure]
    before, after = first.score or 0, last.score or 0
    return OutcomeSummary(
        measure=first.measure,
        baseline=first,
        latest=last,
        change=round(after - before, 2),
        minimal_important_change=mic.text,
        verdict=change(first.measure, before, after),
        refs=mic.refs,
    )


def _compare_groups(first: OutcomeEntry, last: OutcomeEntry) -> OutcomeSummary:
    before, after = RISK_RANK[first.group], RISK_RANK[last.group]  # type: ignore[index]
    verdict = Change.NO_MEANINGFUL_CHANGE
    if after != before:
        verdict = Change.IMPROVED if after < before else Change.WORSE
    return OutcomeSummary(
        measure=Measure.START_BACK,
        baseline=first,
        latest=last,
        change=None,
        minimal_important_change=START_BACK_MIC,
        verdict=verdict,
        refs=START_BACK_REFS,
    )


def summarize(entries: Sequence[OutcomeEntry], today: date) -> tuple[OutcomeSummary, ...]:
    """Each measure with two or more entries up to `today`: its first (the baseline) against
    its last. Same-day entries keep the order they were given."""
    found = []
    for measure in Measure:
        mine = sorted(
            (e for e in entries if e.measure is measure and e.date <= today), key=lambda e: e.date
        )
        if len(mine) >= 2:
            found.append(compare(mine[0], mine[-1]))
    return tuple(found)
