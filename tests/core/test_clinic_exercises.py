"""A clinic's own exercises in the core (issue 20): validated as the built-ins are, joined to
the knowledge base as items, never chosen by the planner, covered by the same safety rules."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from sciatica_pt import knowledge
from sciatica_pt.core.clinic_exercises import (
    ClinicExercise,
    dose_steps,
    is_clinic_item,
    problems,
    with_clinic_exercises,
)
from sciatica_pt.core.errors import problems_of
from sciatica_pt.core.knowledge import Dosage, check_knowledge_base
from sciatica_pt.core.planning import safety
from sciatica_pt.core.planning.catalog import Catalog
from sciatica_pt.core.vocabulary import EvidenceGrade, Fact


def exercise(**changes: Any) -> ClinicExercise:
    fields: dict[str, Any] = {
        "key": 7,
        "name": "Wall squat hold",
        "item_class": "functional_strengthening",
        "direction": "neutral",
        "dosage": {"reps": 8, "per_day": 2},
        "summary": "You bend your knees against a wall to build leg strength.",
        "steps": ["Stand with your back against a wall.", "Bend your knees a little."],
        "stop_if": ["Your leg pain spreads further down your leg."],
        "reference": "Our in-house protocol.",
    }
    return ClinicExercise.model_validate({**fields, **changes})


def _problems(**changes: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        exercise(**changes)
    return problems_of(caught.value)


def test_its_steps_are_whole_sentences_in_the_patients_words():
    assert any(p.startswith("steps[0]: ") for p in _problems(steps=["stand against a wall"]))
    assert "addresses the clinician" in _problems(summary="Ask the patient to squat.")[0]
    notes = _problems(clinician_notes=["keep the knees back"])
    assert any(p.startswith("clinician_notes[0]: ") for p in notes)


def test_it_is_an_exercise_the_patient_does_with_a_dose():
    assert "not an exercise class" in " ".join(_problems(item_class="tens"))
    assert "at home or in a pool" in " ".join(_problems(setting="clinic"))
    assert "dosage: give at least one" in " ".join(_problems(dosage={}))


def test_it_joins_the_knowledge_base_as_an_item_with_the_clinics_own_reference():
    kb = with_clinic_exercises(knowledge.load(), "Greenfield Physio", [exercise()])
    item = kb.item("clinic-7")
    assert is_clinic_item(item.id) and item.evidence.grade is EvidenceGrade.CLINIC_OWN
    assert item.instructions.steps[0] == "Stand with your back against a wall."
    assert item.progresses_to == () and item.regresses_to == ()  # no ladder
    citation = kb.reference("clinic-7").citation
    assert citation.startswith("Greenfield Physio's own exercise") and "in-house" in citation
    assert check_knowledge_base(kb) == []
    assert all(
        r.key != "clinic-7" for r in knowledge.load().references
    )  # the shipped KB is untouched


def test_the_planner_never_chooses_it():
    kb = with_clinic_exercises(knowledge.load(), "Clinic", [exercise()])
    assert "clinic-7" not in {i.id for i in Catalog(kb).home_exercises}


def test_a_rule_it_is_tagged_with_applies_as_to_a_built_in():
    kb = with_clinic_exercises(
        knowledge.load(),
        "Clinic",
        [exercise(contraindications=["ci.osteoporosis-loaded-flexion"])],
    )
    item, index = kb.item("clinic-7"), Catalog(kb).rules
    facts = frozenset({Fact.OSTEOPOROSIS})
    verdict = safety.judge(item, index.rules_for(item), facts, frozenset())
    assert verdict.blocked and "osteoporosis" in verdict.blocked[0].lower()
    assert not safety.judge(item, index.rules_for(item), frozenset(), frozenset()).blocked


def test_unknown_rules_and_drawings_are_named():
    found = problems(knowledge.load(), exercise(contraindications=["ci.nope"], pose="nope"))
    assert found == [
        "contraindications: 'ci.nope' is not a safety rule of the knowledge base",
        "pose: 'nope' is not a built-in exercise",
    ]


def test_its_dose_grows_one_variable_at_a_time_from_the_clinics_start():
    steps = dose_steps(Dosage(reps=8, hold_seconds=5, per_day=2))
    assert steps is not None
    assert [(s.field, s.by, s.max) for s in steps.steps] == [
        ("reps", 2, 15),
        ("hold_seconds", 5, 30),
    ]
    assert dose_steps(Dosage(per_day=3)) is None  # nothing to raise: it stays as prescribed
