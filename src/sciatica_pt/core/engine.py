"""One assessment in, one result out: screen, classify, derive facts, plan."""

from __future__ import annotations

from sciatica_pt.core.classification.classify import classify
from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.intake.facts import derive_facts
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.planning.planner import build_plan
from sciatica_pt.core.result import AssessmentResult
from sciatica_pt.core.screening.triage import screen


def assess(a: Assessment, kb: KnowledgeBase) -> AssessmentResult:
    """The full decision support for one validated assessment (pure: no I/O, no clock)."""
    triage = screen(a)
    classification = classify(a)
    facts = derive_facts(a, triage, classification)
    plan = build_plan(a, triage, classification, facts, kb)
    return AssessmentResult(triage=triage, classification=classification, plan=plan)
