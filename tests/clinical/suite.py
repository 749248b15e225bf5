"""The clinical scenario suite's scorer (issue 17): runs the engine behind `sciatica-pt assess`
and `sciatica-pt review` on every case of tests/clinical/ and measures it against the cases'
expectations, which were written from clinical-notes.md before the engine ran on them.

    .venv/bin/python -m tests.clinical.suite             # print the figures and the table
    .venv/bin/python -m tests.clinical.suite --rebaseline  # also write baseline.json and
                                                           # docs/clinical-validation.md
    .venv/bin/python -m tests.clinical.suite --export CASE DIR  # a case's files, to run
                                                           # `sciatica-pt assess` or `review` on
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sciatica_pt import knowledge
from sciatica_pt.core.engine import assess
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.followup.start import parse_checkins, parse_program
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import AssessmentResult, TriageLevel

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
BASELINE = HERE / "baseline.json"
DOC = ROOT / "docs" / "clinical-validation.md"
REBASELINE = ".venv/bin/python -m tests.clinical.suite --rebaseline"

# Figures where a higher number is worse; the ratchet fails when one grows past the baseline.
FIGURES = (
    "missed_warning_signs",
    "over_triage",
    "forbidden_items_given",
    "needless_referrals",
    "required_classes_missed",
    "triage_off",
    "other_assessment_expectations_off",
    "followup_scenarios_off",
    "engine_errors",
)


# --- the cases -------------------------------------------------------------------------------


def _cases(folder: str) -> list[dict[str, Any]]:
    cases = []
    for path in sorted((HERE / folder).glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append({**case, "file": f"{folder}/{path.name}"})
    return cases


def assessment_cases() -> list[dict[str, Any]]:
    return _cases("assessments")


def followup_cases() -> list[dict[str, Any]]:
    return _cases("followup")


def expand_checkins(checkins: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The check-ins format, with the suite's `through`/`every` shorthand expanded."""
    out = []
    for entry in checkins:
        entry = dict(entry)
        through, every = entry.pop("through", None), entry.pop("every", 1)
        day = entry["date"]
        for _ in range(1 if through is None else (through - day).days // every + 1):
            out.append({**entry, "date": day})
            day += dt.timedelta(days=every)
    return out


# --- item classes ----------------------------------------------------------------------------


def load_classes() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "classes.yaml").read_text())["classes"]
    return data


def in_class(item: Any, spec: dict[str, Any]) -> bool:
    """Whether a plan item (spec/assessment-v1 PlanItem) belongs to a suite class."""
    kinds, directions = spec.get("kinds", []), spec.get("directions", [])
    by_kind = bool(kinds) and str(item.kind) in kinds
    if directions:
        by_kind = by_kind and str(item.direction) in directions
    return (
        str(item.item_class) in spec.get("classes", []) or item.id in spec.get("ids", []) or by_kind
    )


# --- assessments -----------------------------------------------------------------------------


def _allowed_levels(expect: dict[str, Any]) -> list[TriageLevel]:
    return [TriageLevel(level) for level in [expect["triage"], *expect.get("acceptable", [])]]


@dataclass
class AssessmentScore:
    case: dict[str, Any]
    level: str = "error"
    items: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    forbidden_given: list[str] = field(default_factory=list)
    needless_referrals: list[str] = field(default_factory=list)
    other_off: list[str] = field(default_factory=list)
    missed_warning: bool = False
    over_triage: bool = False
    triage_off: bool = False
    error: str | None = None


def score_assessment(
    case: dict[str, Any], kb: KnowledgeBase, classes: dict[str, Any]
) -> AssessmentScore:
    score = AssessmentScore(case)
    expect = case["expect"]
    try:
        result = assess(parse_assessment(case["assessment"]), kb)
    except Exception as exc:  # an engine crash is a finding, not a suite crash
        score.error = f"{type(exc).__name__}: {exc}"
        score.missed = list(expect["required"])
        score.missed_warning = expect["triage"] != TriageLevel.PT_APPROPRIATE
        return score
    _score_triage(score, result, expect)
    _score_items(score, result, expect, classes)
    return score


def _score_triage(score: AssessmentScore, result: AssessmentResult, expect: dict[str, Any]) -> None:
    level = result.triage.level
    score.level = str(level)
    allowed = _allowed_levels(expect)
    score.triage_off = level not in allowed
    least = min(lvl.urgency for lvl in allowed)
    score.missed_warning = level.urgency < least
    score.over_triage = level is TriageLevel.EMERGENCY and TriageLevel.EMERGENCY not in allowed
    status = expect.get("plan_status")
    if status and str(result.plan.status) != status:
        score.other_off.append(f"plan {result.plan.status}, expected {status}")
    not_listed = [f for f in expect.get("unanswered", []) if f not in result.triage.unanswered]
    if not_listed:
        score.other_off.append("not listed as unanswered: " + ", ".join(not_listed))
        score.missed_warning = True
    if "contradiction" in expect and bool(result.triage.contradictions) != expect["contradiction"]:
        score.other_off.append(
            "a contradiction shown" if result.triage.contradictions else "no contradiction shown"
        )


def _score_items(
    score: AssessmentScore,
    result: AssessmentResult,
    expect: dict[str, Any],
    classes: dict[str, Any],
) -> None:
    items = result.plan.items
    score.items = [i.id for i in items]
    for name in expect["required"]:
        holds = any(in_class(i, classes[name]) for i in items)
        (score.held if holds else score.missed).append(name)
    for name in expect["forbidden"]:
        given = [f"{name}: {i.id}" for i in items if in_class(i, classes[name])]
        if classes[name].get("referral"):
            score.needless_referrals += given
        else:
            score.forbidden_given += given


# --- follow-up -------------------------------------------------------------------------------

DECISIONS = {
    "progress": {"progress_dose", "progress_item"},
    "regress": {"regress_dose", "regress_item"},
    "stop-item": {"stop_item"},
    "ban-direction": {"ban_direction"},
    "stop-program": {"stop_program"},
    "flare": {"start_flare"},
    "end-flare": {"end_flare"},
    "retriage": {"retriage"},
    "review": {"review"},
    "refer": {"refer"},
    "discharge": {"discharge"},
}
# Expectations whose failure is a missed warning sign, or an over-triage.
WARNING_EXPECTATIONS = (
    {"alert": "emergency"},
    {"alert": "ask-now"},
    {"alert": "still-stopped"},
    {"decision": "stop-program"},
)
OVER_TRIAGE_EXPECTATIONS = ({"no_alert": "emergency"}, {"no_decision": "stop-program"})


def _alert_is(alert: Any, kind: str) -> bool:
    rule, severity = alert.rule, str(alert.severity)
    last = rule.rsplit(".", 1)[-1]
    return {
        "emergency": severity == "critical" and "still-stopped" not in rule,
        "ask-now": "unanswered" in rule,
        "stopped-logging": "stopped-logging" in rule,
        "low-adherence": rule.startswith("adherence") and last.startswith("low"),
        "still-stopped": "still-stopped" in rule,
        "flare-not-settling": "not-settling" in rule,
        "worsening": any(w in rule for w in ("worse", "trend", "worsening")),
        "therapist": severity in ("critical", "warning"),
    }[kind]


def _holds(result: Any, exp: dict[str, Any]) -> bool:
    """Whether one expectation of a follow-up scenario holds of a review result."""
    item = exp.get("item")
    live = {i.item_id for i in result.program.items if str(i.status) != "stopped"}
    key, value = next((k, v) for k, v in exp.items() if k != "item")
    if key in ("decision", "no_decision"):
        found = any(
            str(d.action) in DECISIONS[value] and (item is None or d.item_id == item)
            for d in result.decisions
        )
        return found if key == "decision" else not found
    if key in ("alert", "no_alert"):
        found = any(_alert_is(a, value) for a in result.alerts)
        return found if key == "alert" else not found
    if key == "discharge":
        return (result.discharge is not None) == (value == "ready")
    if key == "flare_plan":
        return bool(result.flare_up_plan) == value
    if key == "live":
        return value in live
    if key == "absent":
        return value not in live
    raise ValueError(f"unknown expectation {exp}")


@dataclass
class FollowupScore:
    case: dict[str, Any]
    failed: list[str] = field(default_factory=list)
    engine: str = ""
    missed_warning: bool = False
    over_triage: bool = False
    error: str | None = None


def _label(exp: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in exp.items())


def score_followup(case: dict[str, Any], kb: KnowledgeBase) -> FollowupScore:
    score = FollowupScore(case)
    try:
        program = parse_program(case["program"])
        checkins = parse_checkins(expand_checkins(case["checkins"]))
        result = review(program, checkins, program.outcomes, kb, case["today"])
    except Exception as exc:  # an engine crash is a finding, not a suite crash
        score.error = f"{type(exc).__name__}: {exc}"
        score.failed = [_label(e) for e in case["expect"]]
        score.missed_warning = any(e in WARNING_EXPECTATIONS for e in case["expect"])
        return score
    for exp in case["expect"]:
        if not _holds(result, exp):
            score.failed.append(_label(exp))
            score.missed_warning |= exp in WARNING_EXPECTATIONS
            score.over_triage |= exp in OVER_TRIAGE_EXPECTATIONS
    score.engine = describe_review(result)
    return score


def describe_review(result: Any) -> str:
    decisions = sorted(
        {f"{d.action}" + (f" {d.item_id}" if d.item_id else "") for d in result.decisions}
    )
    alerts = sorted({f"{a.severity} {a.rule}" for a in result.alerts})
    ready = "discharge ready" if result.discharge is not None else "not ready"
    return "; ".join(
        filter(None, [", ".join(decisions) or "no decisions", ", ".join(alerts), ready])
    )


# --- the run and its figures -----------------------------------------------------------------


@dataclass
class Run:
    assessments: list[AssessmentScore]
    followups: list[FollowupScore]

    def figures(self) -> dict[str, int]:
        a, f = self.assessments, self.followups
        return {
            "missed_warning_signs": sum(s.missed_warning for s in a)
            + sum(s.missed_warning for s in f),
            "over_triage": sum(s.over_triage for s in a) + sum(s.over_triage for s in f),
            "forbidden_items_given": sum(len(s.forbidden_given) for s in a),
            "needless_referrals": sum(len(s.needless_referrals) for s in a),
            "required_classes_missed": sum(len(s.missed) for s in a),
            "triage_off": sum(s.triage_off for s in a),
            "other_assessment_expectations_off": sum(bool(s.other_off) for s in a),
            "followup_scenarios_off": sum(bool(s.failed) for s in f),
            "engine_errors": sum(s.error is not None for s in a)
            + sum(s.error is not None for s in f),
        }

    def required_total(self) -> int:
        return sum(len(s.case["expect"]["required"]) for s in self.assessments)


def run() -> Run:
    kb = knowledge.load()
    classes = load_classes()
    return Run(
        [score_assessment(c, kb, classes) for c in assessment_cases()],
        [score_followup(c, kb) for c in followup_cases()],
    )


def targets(result: Run) -> list[tuple[str, bool]]:
    """Issue 17's targets, each met or not."""
    fig, total = result.figures(), result.required_total()
    held = (total - fig["required_classes_missed"]) / total
    allowed_off = max(1, len(result.followups) // 40)
    return [
        ("0 missed warning signs", fig["missed_warning_signs"] == 0),
        ("0 contraindicated/forbidden items given", fig["forbidden_items_given"] == 0),
        (f">= 95% of required classes held ({held:.1%})", held >= 0.95),
        (
            f"<= 1 of 40 follow-up decisions off ({fig['followup_scenarios_off']} of "
            f"{len(result.followups)})",
            fig["followup_scenarios_off"] <= allowed_off,
        ),
    ]


def summary(result: Run) -> list[str]:
    fig, total = result.figures(), result.required_total()
    held = total - fig["required_classes_missed"]
    n_a, n_f = len(result.assessments), len(result.followups)
    rows = [
        ("missed warning signs", fig["missed_warning_signs"]),
        ("over-triage (emergency not expected)", fig["over_triage"]),
        ("contraindicated/forbidden items given", fig["forbidden_items_given"]),
        ("needless referrals (forbidden referral)", fig["needless_referrals"]),
        ("required classes held", f"{held} of {total} ({held / total:.1%})"),
        ("triage level off", f"{fig['triage_off']} of {n_a}"),
        ("other assessment expectations off", fig["other_assessment_expectations_off"]),
        ("follow-up scenarios off", f"{fig['followup_scenarios_off']} of {n_f}"),
        ("engine errors", fig["engine_errors"]),
    ]
    lines = [f"clinical suite: {n_a} assessments, {n_f} follow-up scenarios"]
    lines += [f"  {label} {'.' * (40 - len(label))} {value}" for label, value in rows]
    lines.append("  issue 17 targets:")
    lines += [f"    [{'met' if ok else 'NOT MET'}] {name}" for name, ok in targets(result)]
    return lines


def worse(before: dict[str, int], now: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The figures that got worse since the baseline: {figure: (baseline, now)}."""
    return {k: (before.get(k, 0), now[k]) for k in FIGURES if now[k] > before.get(k, 0)}


def baseline() -> dict[str, int]:
    data: dict[str, int] = json.loads(BASELINE.read_text())["figures"]
    return data


def write_baseline(result: Run) -> None:
    data = {
        "about": f"figures of the clinical suite; rewrite with `{REBASELINE}`",
        "figures": result.figures(),
    }
    BASELINE.write_text(json.dumps(data, indent=2) + "\n")


def export(case: dict[str, Any], folder: Path) -> list[Path]:
    """A case as the files `sciatica-pt assess FILE` or `sciatica-pt review PROGRAM CHECKINS
    --today TODAY` reads (the check-ins shorthand expanded)."""
    if "assessment" in case:
        documents = {f"{case['id']}.yaml": case["assessment"]}
    else:
        documents = {
            f"{case['id']}-program.yaml": case["program"],
            f"{case['id']}-checkins.yaml": {"checkins": expand_checkins(case["checkins"])},
        }
    paths = []
    for name, data in documents.items():
        path = folder / name
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    from tests.clinical.doc import render

    if argv[:1] == ["--export"] and len(argv) == 3:
        case = next(c for c in assessment_cases() + followup_cases() if c["id"] == argv[1])
        for path in export(case, Path(argv[2])):
            print(path)
        if "today" in case:
            print(f"review with --today {case['today']}")
        return 0
    result = run()
    print("\n".join(summary(result)))
    if "--rebaseline" in argv:
        write_baseline(result)
        DOC.write_text(render(result), encoding="utf-8")
        print(f"wrote {BASELINE.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
