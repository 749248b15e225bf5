"""The clinic's one door to the assessment engine."""

from __future__ import annotations

from sciatica_pt import knowledge
from sciatica_pt.core.engine import assess
from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.result import AssessmentResult


def run(doc: Assessment) -> AssessmentResult:
    return assess(doc, knowledge.load())
