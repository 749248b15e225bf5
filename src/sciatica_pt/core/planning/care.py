"""Care steps: referrals by triage level, and the advice every plan or some patients need."""

from __future__ import annotations

from sciatica_pt.core.intake.assessment import Assessment, WorkStatus
from sciatica_pt.core.planning.catalog import Catalog
from sciatica_pt.core.planning.items import plan_item, required
from sciatica_pt.core.result import (
    Classification,
    PainSource,
    PlanItem,
    StartBackRisk,
    Triage,
    TriageLevel,
)
from sciatica_pt.core.vocabulary import Fact, Stage
from sciatica_pt.core.words import name_of

# Triage level -> the referral step it calls for (clinical-notes §2.7).
REFERRAL_BY_LEVEL = {
    TriageLevel.EMERGENCY: "emergency-referral",
    TriageLevel.URGENT_REFERRAL: "urgent-medical-referral",
    TriageLevel.ROUTINE_REFERRAL_WITH_PT: "routine-medical-referral",
}

# Persistent disabling radicular pain worth imaging when it would change management
# (clinical-notes §7: ~4-6 weeks when severe, 6-12 weeks otherwise; NICE-NG59).
SEVERE_LEG_PAIN = 7
MODERATE_LEG_PAIN = 5
SEVERE_WINDOW_WEEKS = 6
PERSISTENT_WINDOW_WEEKS = 12
SEVERE_ODI = 41  # ODI band "severe" starts at 41 (clinical-notes §4)


def referrals(
    a: Assessment, triage: Triage, facts: frozenset[Fact], catalog: Catalog
) -> list[PlanItem]:
    items: list[PlanItem] = []
    step = REFERRAL_BY_LEVEL.get(triage.level)
    if step is not None:
        items.append(plan_item(required(catalog.by_id, step), [_referral_why(triage)]))
    imaging = imaging_reason(a, triage, facts)
    if imaging is not None and triage.level is not TriageLevel.EMERGENCY:
        items.append(plan_item(required(catalog.by_id, "imaging-referral"), [imaging]))
    return items


def _referral_why(triage: Triage) -> str:
    top = [f for f in triage.findings if f.level is triage.level]
    found = "; ".join(f.message.rstrip(".") for f in top) or "triage findings"
    return f"Triage: {name_of(triage.level)}: {found}."


def imaging_reason(a: Assessment, triage: Triage, facts: frozenset[Fact]) -> str | None:
    """Why imaging would change management now, or None (no routine imaging: NICE-NG59)."""
    if triage.level.urgency >= TriageLevel.URGENT_REFERRAL.urgency:
        return "Red-flag findings: imaging is part of the medical work-up (NICE-NG59; IFOMPT-2020)."
    if Fact.RADICULOPATHY not in facts:
        return None
    weeks, leg = a.history.duration_weeks, a.symptoms.leg_pain_nrs
    odi = a.outcomes.odi_percent
    severe = leg >= SEVERE_LEG_PAIN or (odi is not None and odi >= SEVERE_ODI)
    if (severe and weeks >= SEVERE_WINDOW_WEEKS) or (
        leg >= MODERATE_LEG_PAIN and weeks >= PERSISTENT_WINDOW_WEEKS
    ):
        return (
            f"Radicular leg pain {leg}/10 persisting {weeks} weeks: imaging may change "
            "management if injection or surgery would be considered (NICE-NG59)."
        )
    return None


def safety_advice(catalog: Catalog) -> PlanItem:
    why = "Every patient learns the warning signs that need urgent help (DK-2018; GIRFT-CES)."
    return plan_item(required(catalog.by_id, "advice-warning-signs"), [why])


def advice(
    a: Assessment, c: Classification, facts: frozenset[Fact], catalog: Catalog
) -> list[PlanItem]:
    """Advice for a plan that is not withheld: staying active always, the rest when it fits."""
    stay = "Staying active and keeping to normal activity is first-line care; bed rest is not."
    steps: list[tuple[str, str]] = [("advice-stay-active", stay)]
    steps += _conditional_advice(a, c, facts)
    found = [(catalog.get(step_id), why) for step_id, why in steps]
    if found[0][0] is None:
        required(catalog.by_id, "advice-stay-active")  # raises: this one may not be missing
    return [plan_item(item, [why]) for item, why in found if item is not None]


def _conditional_advice(
    a: Assessment, c: Classification, facts: frozenset[Fact]
) -> list[tuple[str, str]]:
    steps: list[tuple[str, str]] = []
    if c.start_back_risk is StartBackRisk.HIGH or Fact.FEAR_AVOIDANCE_HIGH in facts:
        why = "High risk of persistent disability (STarT Back) or high fear-avoidance: "
        why += "psychologically informed care alongside exercise (NICE-NG59)."
        steps += [("pain-neuroscience-education", why), ("graded-activity", why)]
    if Fact.PREGNANT in facts:
        steps.append(("pregnancy-advice", "Pregnant: exercise and positions adapted to pregnancy."))
    if Fact.HIGH_IRRITABILITY in facts:
        why = "Highly irritable symptoms: adjust, do not stop, the activities that provoke them."
        steps.append(("activity-modification", why))
    sitting = _sitting_intolerance(a, c)
    if sitting is not None:
        steps.append(("activity-modification", sitting))
    steps += _lifestyle_advice(a, c)
    return steps


# Aggravating words that mean sustained sitting (the spec keeps other words as given).
SITTING_WORDS = frozenset({"sitting", "driving"})


def _sitting_intolerance(a: Assessment, c: Classification) -> str | None:
    """Why sitting or driving needs changing, when it dominates: deep gluteal pain is brought
    on by sitting (clinical-notes §3.4: sitting over 20-30 minutes; eased by standing, walking
    and avoiding sitting), and any pain that sitting alone provokes. Changed, not given up:
    staying active is first-line (§1.2)."""
    aggravators = {w.strip().lower().replace(" ", "_") for w in a.symptoms.aggravated_by}
    found = sorted(aggravators & SITTING_WORDS)
    if not found or not (c.pain_source is PainSource.DEEP_GLUTEAL or aggravators <= SITTING_WORDS):
        return None
    return (
        f"{' and '.join(found).capitalize()} provoke the pain: shorter spells, breaks to stand "
        "and walk, and a changed position, instead of giving them up (clinical-notes §3.4)."
    )


def _lifestyle_advice(a: Assessment, c: Classification) -> list[tuple[str, str]]:
    steps: list[tuple[str, str]] = []
    aggravators = {w.lower() for w in a.symptoms.aggravated_by}
    if "sitting" in aggravators:
        steps.append(("posture-ergonomics", "Sitting aggravates the symptoms."))
    if "lifting" in aggravators or a.history.onset == "lifting":
        steps.append(("lifting-mechanics", "Lifting started or aggravates the symptoms."))
    if a.symptoms.night_pain is True:
        steps.append(("sleep-positions", "Pain disturbs sleep: positions that ease the back."))
    if a.history.work_status in (WorkStatus.OFF_WORK, WorkStatus.MODIFIED_DUTIES):
        steps.append(("return-to-work-plan", "Off work or on modified duties: a graded return."))
    if c.stage is Stage.CHRONIC:
        steps.append(("flare-up-plan", "Long-standing symptoms: a plan for the next flare-up."))
    return steps
