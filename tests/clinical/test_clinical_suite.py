"""The clinical scenario suite (issue 17): the cases are valid, cover every class the issue
lists, and the engine's figures on them are no worse than tests/clinical/baseline.json.

The figures are printed at the end of the run (conftest.py). When the engine gets better, the
ratchet still passes and says so: tighten it with the command in suite.REBASELINE.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from sciatica_pt.cli import app
from sciatica_pt.core.followup.start import parse_checkins, parse_program
from sciatica_pt.core.intake.assessment import parse_assessment
from tests.clinical import REPORT_PROPERTY, doc, suite

REPORT: list[str] = []

# Issue 17's classes, as the cases' `covers` name them.
ISSUE_CLASSES = {
    "ordinary",
    "disc-extension",
    "disc-flexion",
    "disc-lateral-shift",
    "stenosis",
    "deep-gluteal",
    "pregnancy",
    "post-surgery",
    "older-adult",
    "osteoporosis",
    "anticoagulants",
    "high-risk-startback",
    "work-loss",
    "warning-sign-intake",
    "warning-sign-followup",
    "flare",
    "not-improving",
    "stopped-logging",
    "blank-answers",
    "directional-no-budget",
    "walking-eases",
    "falls",
    "notes-trap",
    "discharge",
    "worsening",
    "peripheralisation-day",
    "regression",
    "adherence-day-one",
    "progress",
    "adherence",
    # added with the third batch (helper suite2)
    "corticosteroids",
    "diabetes-neuropathy",
    "notes-only-warning-sign",
    "therapist-dose-change",
}
NOTES_TRAPS = (
    "both sides",
    "ODI has fallen",
    "Saddle sensation, bladder and bowel normal",
    "lost about 7 kg",
    "fall in the past year",
)


@functools.cache
def scored() -> suite.Run:
    return suite.run()


ASSESSMENTS = suite.assessment_cases()
FOLLOWUPS = suite.followup_cases()


def test_the_suite_has_at_least_60_assessments_and_40_followups_with_unique_ids() -> None:
    ids = [c["id"] for c in ASSESSMENTS + FOLLOWUPS]
    assert len(ASSESSMENTS) >= 60 and len(FOLLOWUPS) >= 40
    assert len(ids) == len(set(ids))


def test_it_covers_every_class_issue_17_lists() -> None:
    covered = {c for case in ASSESSMENTS + FOLLOWUPS for c in case["covers"]}
    assert not ISSUE_CLASSES - covered
    assert not covered - ISSUE_CLASSES, "a case covers a class the suite does not know"
    notes = " ".join(c["assessment"].get("notes", "") for c in ASSESSMENTS)
    assert [t for t in NOTES_TRAPS if t not in notes] == []


@pytest.mark.parametrize("case", ASSESSMENTS, ids=lambda c: c["id"])
def test_every_assessment_is_valid_input_with_a_sourced_expectation(case: dict) -> None:
    parse_assessment(case["assessment"])
    classes = suite.load_classes()
    expect = case["expect"]
    assert [c for c in expect["required"] + expect["forbidden"] if c not in classes] == []
    assert "clinical-notes" in case["source"]


@pytest.mark.parametrize("case", FOLLOWUPS, ids=lambda c: c["id"])
def test_every_followup_is_valid_input_with_a_sourced_expectation(case: dict) -> None:
    parse_program(case["program"])
    parse_checkins(suite.expand_checkins(case["checkins"]))
    assert case["expect"], "a scenario without an expectation cannot fail"
    for exp in case["expect"]:
        key = next(k for k in exp if k != "item")
        assert key in {
            "decision",
            "no_decision",
            "alert",
            "no_alert",
            "discharge",
            "flare_plan",
            "live",
            "absent",
        }
        if key.endswith("decision"):
            assert exp[key] in suite.DECISIONS
    assert "clinical-notes" in case["source"]


def test_the_shorthand_repeats_a_checkin_every_nth_day_through_its_end() -> None:
    import datetime as dt

    days = suite.expand_checkins(
        [{"date": dt.date(2026, 1, 1), "through": dt.date(2026, 1, 7), "every": 3}]
    )
    assert [d["date"].day for d in days] == [1, 4, 7]
    assert all("through" not in d and "every" not in d for d in days)


def test_the_figures_are_no_worse_than_the_baseline(record_property: Any) -> None:
    result = scored()
    REPORT[:] = suite.summary(result)
    now, before = result.figures(), suite.baseline()
    worse = suite.worse(before, now)
    better = suite.worse(now, before)
    if better:
        REPORT.append(f"  better than the baseline {better}: tighten it with `{suite.REBASELINE}`")
    # The report travels with the test's result, so the summary prints under xdist too.
    record_property(REPORT_PROPERTY, list(REPORT))
    assert not worse, f"worse than tests/clinical/baseline.json (baseline, now): {worse}"


def test_the_published_table_lists_every_case_as_it_is_written() -> None:
    text = suite.DOC.read_text(encoding="utf-8")
    stale = [
        c["id"]
        for c in ASSESSMENTS
        if doc.case_prefix(c, doc.assessment_expectation(c)) not in text
    ] + [c["id"] for c in FOLLOWUPS if doc.case_prefix(c, doc.followup_expectation(c)) not in text]
    assert stale == [], f"docs/clinical-validation.md is out of date: run `{suite.REBASELINE}`"
    assert len(re.findall(r"^\| ", text, re.M)) >= len(ASSESSMENTS) + len(FOLLOWUPS)


def test_a_class_matches_by_spec_class_id_or_kind_and_direction() -> None:
    class Item:
        id, item_class, kind, direction = "pelvic-tilt", "isometric_core", "exercise", "flexion"

    assert suite.in_class(Item(), {"classes": ["isometric_core"]})
    assert suite.in_class(Item(), {"ids": ["pelvic-tilt"]})
    assert suite.in_class(Item(), {"kinds": ["exercise"], "directions": ["flexion"]})
    assert not suite.in_class(Item(), {"kinds": ["exercise"], "directions": ["extension"]})
    assert not suite.in_class(Item(), {"classes": ["core_stabilization"]})


def test_the_ratchet_fails_on_any_figure_worse_than_the_baseline_and_on_a_new_one() -> None:
    before = dict.fromkeys(suite.FIGURES, 2)
    assert suite.worse(before, before) == {}
    assert suite.worse(before, {**before, "missed_warning_signs": 3}) == {
        "missed_warning_signs": (2, 3)
    }
    assert suite.worse(before, {**before, "followup_scenarios_off": 0}) == {}
    assert suite.worse({}, dict.fromkeys(suite.FIGURES, 0)) == {}
    assert "engine_errors" in suite.worse(
        {}, {**dict.fromkeys(suite.FIGURES, 0), "engine_errors": 1}
    )


PARITY = ["disc-ext-30min", "stenosis-classic", "ces-saddle", "notes-lost-about-7-kg"]
FU_PARITY = ["fu-steady-progress", "fu-bladder-buried", "fu-regression-after-walking-increase"]


@pytest.mark.parametrize("case_id", PARITY)
def test_the_scorer_sees_what_sciatica_pt_assess_prints(case_id: str, tmp_path) -> None:
    case = next(c for c in ASSESSMENTS if c["id"] == case_id)
    (path,) = suite.export(case, tmp_path)
    printed = json.loads(CliRunner().invoke(app, ["assess", str(path), "--format", "json"]).stdout)
    scored_case = next(s for s in scored().assessments if s.case["id"] == case_id)
    assert printed["triage"]["level"] == scored_case.level
    assert [i["id"] for i in printed["plan"]["items"]] == scored_case.items


@pytest.mark.parametrize("case_id", FU_PARITY)
def test_the_scorer_sees_what_sciatica_pt_review_prints(case_id: str, tmp_path) -> None:
    case = next(c for c in FOLLOWUPS if c["id"] == case_id)
    program, checkins = suite.export(case, tmp_path)
    args = [
        "review",
        str(program),
        str(checkins),
        "--today",
        str(case["today"]),
        "--format",
        "json",
    ]
    printed = json.loads(CliRunner().invoke(app, args).stdout)
    scored_case = next(s for s in scored().followups if s.case["id"] == case_id)
    decisions = {
        d["action"] + (f" {d['item_id']}" if d.get("item_id") else "") for d in printed["decisions"]
    }
    assert scored_case.engine.startswith(", ".join(sorted(decisions)) or "no decisions")
