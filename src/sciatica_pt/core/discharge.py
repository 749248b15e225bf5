"""Goals met: baseline against current outcomes, past the minimal important change.

Clinical-notes §6.7 and §4: pain NRS improves by 2 points or 30% (Ostelo-2008), the ODI by 10
points or 30% (Ostelo-2008), the PSFS mean by 2 points (Stratford-1995). Goals are met when
pain or disability improved past its MIC, the PSFS did too (when it can be compared), and no
measure is worse than at baseline; a measure that cannot be compared never counts as met.
"""

from __future__ import annotations

from sciatica_pt.core.assessment import Assessment

PAIN_MIC_POINTS = 2
ODI_MIC_POINTS = 10
PSFS_MIC_POINTS = 2.0
RELATIVE_MIC = 0.30


def improved_past_mic(baseline: float, current: float, points: float) -> bool:
    """Lower is better (pain, ODI): a fall of `points` or of 30% of the baseline."""
    drop = baseline - current
    return drop > 0 and (drop >= points or drop >= RELATIVE_MIC * baseline)


def comparisons(a: Assessment) -> list[tuple[str, bool, bool]]:
    """(measure, improved past its MIC, worse than baseline) for every comparable measure."""
    base = a.outcomes.baseline
    if base is None:
        return []
    found: list[tuple[str, bool, bool]] = []
    lower_is_better = [
        ("leg pain NRS", base.leg_pain_nrs, a.symptoms.leg_pain_nrs, PAIN_MIC_POINTS),
        ("back pain NRS", base.back_pain_nrs, a.symptoms.back_pain_nrs, PAIN_MIC_POINTS),
        ("ODI", base.odi_percent, a.outcomes.odi_percent, ODI_MIC_POINTS),
    ]
    for name, before, now, mic in lower_is_better:
        if before is not None and now is not None:
            found.append((name, improved_past_mic(before, now, mic), now > before))
    psfs = psfs_mean(a)
    if base.psfs_mean is not None and psfs is not None:
        gain = psfs - base.psfs_mean
        found.append(("PSFS mean", gain >= PSFS_MIC_POINTS, gain < 0))
    return found


def psfs_mean(a: Assessment) -> float | None:
    scores = [p.score for p in a.outcomes.psfs]
    return sum(scores) / len(scores) if scores else None


def goals_met(a: Assessment) -> str | None:
    """The reason the goals are met, or None."""
    found = comparisons(a)
    pain_or_disability = any(ok for name, ok, _ in found if name != "PSFS mean")
    psfs_ok = all(ok for name, ok, _ in found if name == "PSFS mean")
    if not pain_or_disability or not psfs_ok or any(worse for _, _, worse in found):
        return None
    names = ", ".join(name for name, ok, _ in found if ok)
    return f"Improved past the minimal important change on {names} since the baseline."
