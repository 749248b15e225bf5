"""A clinic's own exercises (issue 20), as data the engine treats like the built-in ones.

The adapter reads a clinic's rows into `ClinicExercise` objects and passes them in; nothing
here reads a database. `with_clinic_exercises(kb, clinic_name, exercises)` returns the
knowledge base with the clinic's exercises beside the built-in items, so every consumer that
takes a knowledge base (the safety rules, the follow-up review, the handout, the calendar,
FHIR) sees them as items, with the same models and the same checks:

- The patient's wording is an `Instructions` and the clinician's a `ClinicianText`: the same
  whole-sentence rule and the same "patient wording speaks to the patient" rule as the YAML.
- The safety rules apply as they apply to a built-in: by class and direction (a rule's
  scope), and by the rules the clinic tags the exercise with (its contraindications and
  precautions, ids of rules the knowledge base has).
- Evidence: the grade `clinic_own`. No guideline grades a clinic's exercise, so the planner
  never chooses it (`Catalog.home_exercises` takes graded items only); it enters a plan only
  when a clinician adds it with a recorded reason (DESIGN.md, "Evidence, not just the seeds").
- Its reference is the clinic's own: a `Reference` of kind "other" made here under the key
  `clinic-<n>`, citing the clinic by name and the text the clinic gave (or saying it gave
  none); never written to references.yaml.
- No ladder: a clinic exercise neither progresses to nor regresses to another item, and no
  built-in ladder leads to it (the ladders are the knowledge base's graded sequences). The
  follow-up still changes its dose on the same rules (its `progression` is the built-in
  rule of one variable at a time, `dose_steps`), and stops it on the same warning signs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from sciatica_pt.core.knowledge import (
    ClinicianText,
    Dosage,
    DoseField,
    DoseStep,
    Evidence,
    Instructions,
    Item,
    KebabId,
    KnowledgeBase,
    PatientSentence,
    Progression,
    Reference,
    RuleId,
    Sentence,
    Strict,
)
from sciatica_pt.core.vocabulary import (
    CLASSES_BY_KIND,
    DeliveredBy,
    Direction,
    Equipment,
    EvidenceGrade,
    Irritability,
    ItemClass,
    Kind,
    Setting,
    Stage,
    Target,
)

ID_PREFIX = "clinic-"
_CLINIC_ID = re.compile(r"^clinic-[0-9]+$")
EXERCISE_CLASSES = CLASSES_BY_KIND[Kind.EXERCISE]
EVIDENCE_SUMMARY = (
    "This is the clinic's own exercise: no guideline grades it, so a clinician adds it to a "
    "plan with a recorded reason."
)
# How the dose of a clinic exercise grows: one variable at a time, as the built-ins do
# (clinical-notes §6.5), within the bounds the clinic's dose already respects.
SESSIONS_TO_PROGRESS = 6
Name = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
Note = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]


def clinic_item_id(key: int) -> str:
    """The item id of the clinic's exercise number `key` (its row): stable, never reused."""
    return f"{ID_PREFIX}{key}"


def is_clinic_item(item_id: str) -> bool:
    return bool(_CLINIC_ID.match(item_id))


class ClinicExercise(Strict):
    """One exercise a clinic wrote: what its form holds, checked like the built-ins."""

    key: int = Field(ge=1)
    name: Name
    item_class: ItemClass
    direction: Direction
    setting: Setting = Setting.HOME
    equipment: tuple[Equipment, ...] = ()
    minutes: int = Field(default=5, ge=1, le=60, description="minutes one session takes")
    dosage: Dosage
    summary: PatientSentence
    steps: tuple[PatientSentence, ...] = Field(min_length=1, max_length=12)
    stop_if: tuple[PatientSentence, ...] = Field(min_length=1, max_length=6)
    clinician_notes: tuple[Sentence, ...] = Field(default=(), max_length=12)
    contraindications: tuple[RuleId, ...] = ()
    precautions: tuple[RuleId, ...] = ()
    reference: Note | None = None
    pose: KebabId | None = None  # a built-in exercise whose drawing this one uses
    retired: bool = False

    @model_validator(mode="after")
    def _an_exercise_the_patient_does(self) -> ClinicExercise:
        if self.item_class not in EXERCISE_CLASSES:
            raise ValueError(f"class {self.item_class} is not an exercise class")
        if self.setting not in (Setting.HOME, Setting.POOL):
            raise ValueError("setting: a clinic exercise is done at home or in a pool")
        if not self.dosage.model_dump(exclude_none=True):
            raise ValueError("dosage: give at least one of sets, reps, hold, times a day")
        return self

    @property
    def item_id(self) -> str:
        return clinic_item_id(self.key)

    def to_item(self, targets: tuple[Target, ...]) -> Item:
        """The exercise as a knowledge-base item (`targets`: what its class works on)."""
        return Item(
            id=self.item_id,
            name=self.name,
            kind=Kind.EXERCISE,
            item_class=self.item_class,
            direction=self.direction,
            setting=self.setting,
            delivered_by=DeliveredBy.PATIENT,
            targets=targets,
            stages=tuple(Stage),  # the clinician chose it for this patient; no stage gate
            max_irritability=Irritability.HIGH,
            equipment=self.equipment,
            minutes=self.minutes,
            dosage=self.dosage,
            progression=dose_steps(self.dosage),
            instructions=Instructions(summary=self.summary, steps=self.steps, stop_if=self.stop_if),
            clinician=ClinicianText(summary=self.clinician_notes[0], steps=self.clinician_notes)
            if self.clinician_notes
            else None,
            contraindications=self.contraindications,
            precautions=self.precautions,
            evidence=Evidence(
                grade=EvidenceGrade.CLINIC_OWN, summary=EVIDENCE_SUMMARY, refs=(self.item_id,)
            ),
        )

    def to_reference(self, clinic_name: str) -> Reference:
        """The clinic's own reference for this exercise: its words, under its name."""
        given = self.reference or "no published reference was given"
        return Reference(
            key=self.item_id,
            citation=f"{clinic_name}'s own exercise ({self.name}): {given}",
            kind="other",
        )


# The dose fields a clinic exercise progresses, in order, and the most each may reach: the
# built-ins progress one variable at a time, reps before holds before sets.
_STEPS: tuple[tuple[DoseField, int, int], ...] = (
    ("reps", 2, 15),
    ("hold_seconds", 5, 30),
    ("sets", 1, 3),
)


def dose_steps(dosage: Dosage) -> Progression | None:
    """The progression of a clinic exercise's dose: the fields its dose has, one at a time,
    by the built-ins' usual steps, never below the clinic's own starting dose."""
    steps = []
    for field, by, most in _STEPS:
        start = dosage.value(field)
        if start is not None and start < most:
            steps.append(DoseStep(field=field, by=by, max=most))
    if not steps:
        return None
    note = "Raise one part of the dose at a time after a steady week, as with any exercise."
    return Progression(sessions_to_progress=SESSIONS_TO_PROGRESS, steps=tuple(steps), note=note)


def targets_of(kb: KnowledgeBase, item_class: ItemClass) -> tuple[Target, ...]:
    """What exercises of this class work on, as the built-ins of the class say."""
    found = {t for item in kb.items if item.item_class is item_class for t in item.targets}
    return tuple(sorted(found)) or (Target.FUNCTION,)


def problems(kb: KnowledgeBase, exercise: ClinicExercise) -> list[str]:
    """What the knowledge base must confirm: the rules named exist and are of the right kind,
    the drawing is a built-in exercise's. One line per problem, naming the field."""
    rules = {rule.id: rule for rule in kb.rules}
    found = [
        f"{field}: {rule_id!r} is not a safety rule of the knowledge base"
        for field in ("contraindications", "precautions")
        for rule_id in getattr(exercise, field)
        if rule_id not in rules
    ]
    if exercise.pose is not None:
        pose = next((i for i in kb.items if i.id == exercise.pose), None)
        if pose is None or pose.kind is not Kind.EXERCISE:
            found.append(f"pose: {exercise.pose!r} is not a built-in exercise")
    return found


def with_clinic_exercises(
    kb: KnowledgeBase, clinic_name: str, exercises: Iterable[ClinicExercise]
) -> KnowledgeBase:
    """The knowledge base with a clinic's exercises (retired ones too: a program that holds
    one keeps it) beside the built-in items, and their references beside the built-in ones."""
    mine = tuple(exercises)
    if not mine:
        return kb
    # Keyed by everything the result is made of (the exercises' whole content), so the same
    # clinic's unchanged exercises give the same object, and `catalog_of` its cached catalog
    # (about 20 ms to build) instead of a new one on every request; an edit is a new key.
    key = (id(kb), clinic_name, mine)
    found = _JOINED.get(key)
    if found is not None and found[0] is kb:
        return found[1]
    items = tuple(e.to_item(targets_of(kb, e.item_class)) for e in mine)
    refs = tuple(e.to_reference(clinic_name) for e in mine)
    joined = kb.model_copy(update={"items": kb.items + items, "references": kb.references + refs})
    if len(_JOINED) >= _JOINED_SIZE:
        _JOINED.clear()  # bounded: a long-running server must not grow without limit
    _JOINED[key] = (kb, joined)
    return joined


_JOINED: dict[tuple[int, str, tuple[ClinicExercise, ...]], tuple[KnowledgeBase, KnowledgeBase]] = {}
_JOINED_SIZE = 8  # catalog_of keeps 8 catalogs: more joined bases would not find theirs


def clinic_items(kb: KnowledgeBase) -> Iterator[Item]:
    return (item for item in kb.items if is_clinic_item(item.id))
