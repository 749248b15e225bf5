"""The clinic's one door to the clinical core: parse, assess, review."""

from __future__ import annotations

from sciatica_pt import knowledge
from sciatica_pt.core.assessment import Assessment
from sciatica_pt.core.result import AssessmentResult


def run(doc: Assessment) -> AssessmentResult:
    kb = knowledge.load()
    try:
        from sciatica_pt.core.engine import assess
    except ImportError:  # the engine ships on its own branch; see interim_engine's docstring
        from sciatica_pt.clinic.services.interim_engine import assess
    return assess(doc, kb)
