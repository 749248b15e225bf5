"""docs/clinical-validation.md, written from a run of the clinical suite (tests/clinical/suite.py).

The first three columns of each row (case, expectation, source) come from the case files
alone; a test checks them against the document, so a case changed without re-writing the
document fails the build. The engine columns are those of the last `--rebaseline` run.
"""

from __future__ import annotations

import re
from typing import Any

from tests.clinical.suite import REBASELINE, AssessmentScore, FollowupScore, Run, summary

# Disagreements left open at the last rebaseline, with what was decided and why (cases are
# never edited to match the engine; these wait for a decision or a larger change).
OPEN = {
    "disc-uncontrolled-pain": "awaiting the author's decision: clinical-notes 2.7 gives "
    "uncontrolled severe radicular pain despite analgesia as urgent [K], with no reference.",
    "disc-ext-20min": "the daily-time model: on a 20-minute day the press-up (6 minutes) and "
    "two 10-minute walks do not fit together; the walks are named in Left out "
    "(docs/planner.md, known trade-offs). A shorter walking dose is the clinician's call.",
    "osteoporosis-bending-worsens-untested": "strengthening: a 5-week history is classified "
    "acute, where only isometric strengthening is offered (clinical-notes 6.1, "
    "plan_exercises._load_fits), and no strengthening-class item in the knowledge base is "
    "isometric. Balance is now kept whatever the time (ROS-2022).",
}


def cell(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().replace("|", "\\|")


def assessment_expectation(case: dict[str, Any]) -> str:
    e = case["expect"]
    parts = [e["triage"] + "".join(f" or {a}" for a in e.get("acceptable", []))]
    if e.get("plan_status"):
        parts.append(f"plan {e['plan_status']}")
    if e.get("unanswered"):
        parts.append("asks " + ", ".join(e["unanswered"]))
    if "contradiction" in e:
        parts.append("contradiction shown" if e["contradiction"] else "no contradiction")
    if e["required"]:
        parts.append("needs " + ", ".join(e["required"]))
    if e["forbidden"]:
        parts.append("never " + ", ".join(e["forbidden"]))
    return "; ".join(parts)


def followup_expectation(case: dict[str, Any]) -> str:
    return "; ".join(" ".join(f"{k}={v}" for k, v in exp.items()) for exp in case["expect"])


def case_prefix(case: dict[str, Any], expectation: str) -> str:
    """The part of a case's row that depends on the case file only."""
    source = case["source"] + (
        f" REVISED after a run: {case['revised']}" if "revised" in case else ""
    )
    return f"| {cell(case['id'])} | {cell(expectation)} | {cell(source)} |"


def _assessment_row(s: AssessmentScore) -> str:
    items = ", ".join(s.items) or "none"
    engine = f"error: {s.error}" if s.error else f"{s.level}; items: {items}"
    problems = [
        *(["triage " + s.level] if s.triage_off else []),
        *(f"missed {m}" for m in s.missed),
        *(f"gave {g}" for g in s.forbidden_given + s.needless_referrals),
        *s.other_off,
    ]
    verdict = "as expected" if not problems and not s.error else "; ".join(problems) or "error"
    return (
        f"{case_prefix(s.case, assessment_expectation(s.case))} {cell(engine)} | {cell(verdict)} |"
    )


def _followup_row(s: FollowupScore) -> str:
    engine = f"error: {s.error}" if s.error else s.engine
    verdict = "as expected" if not s.failed else "off: " + "; ".join(s.failed)
    return f"{case_prefix(s.case, followup_expectation(s.case))} {cell(engine)} | {cell(verdict)} |"


def _open(result: Run) -> list[str]:
    off = [s.case["id"] for s in result.assessments if s.missed or s.triage_off or s.other_off]
    off += [s.case["id"] for s in result.followups if s.failed]
    off += [s.case["id"] for s in result.assessments if s.forbidden_given or s.needless_referrals]
    if not off:
        return []
    lines = ["## Disagreements left open", ""]
    lines += [f"- `{i}`: {OPEN.get(i, 'not yet decided.')}" for i in dict.fromkeys(off)]
    return [*lines, ""]


def render(result: Run) -> str:
    lines = [
        "# Clinical validation",
        "",
        "The clinical scenario suite of issue 17 (`tests/clinical/`): realistic assessments and",
        "follow-up scenarios, each with what a physical therapist following",
        "`clinical-notes.md` expects and the source of that expectation, written before the",
        "engine was run on it. The scorer runs the core functions behind `sciatica-pt assess`",
        "and `sciatica-pt review` on every case inside `make test`, prints the figures below, and",
        "fails when a figure gets worse than `tests/clinical/baseline.json`. Classes are those of",
        "`tests/clinical/classes.yaml`; the case format is in `tests/clinical/README.md`.",
        "",
        f"This page and the baseline are rewritten by one command: `{REBASELINE}`",
        "(run it after the engine changes; commit both files).",
        "",
        "## Figures of the last run",
        "",
        "```",
        *summary(result),
        "```",
        "",
        *_open(result),
        "## Assessments",
        "",
        "| case | expectation | source | what the engine does | verdict |",
        "|---|---|---|---|---|",
        *(_assessment_row(s) for s in result.assessments),
        "",
        "## Follow-up scenarios",
        "",
        "| case | expectation | source | what the engine does | verdict |",
        "|---|---|---|---|---|",
        *(_followup_row(s) for s in result.followups),
        "",
    ]
    return "\n".join(lines)
