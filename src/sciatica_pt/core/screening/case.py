"""An assessment as the triage rules see it: the red flags after the notes were read.

The notes can only make a red flag *more* present (the safer reading wins), so `flags` is the
structured `RedFlags` with every flag the notes affirm set to true. The helpers name the
clinical facts the rules share, each as the conservative reading of the fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from sciatica_pt.core.intake.assessment import Assessment, Onset, RedFlags

WEEKS_PER_YEAR = 52.0


@dataclass(frozen=True, slots=True)
class Case:
    assessment: Assessment
    flags: RedFlags
    fall_in_notes: bool = False  # the notes describe a fall or other minor trauma

    @classmethod
    def of(
        cls,
        assessment: Assessment,
        affirmed_by_notes: frozenset[str] = frozenset(),
        fall_in_notes: bool = False,
    ) -> Case:
        """`affirmed_by_notes` holds red-flag names (not paths) the notes affirm."""
        flags = assessment.red_flags  # immutable: shared when the notes add nothing
        if affirmed_by_notes:
            flags = flags.model_copy(update={name: True for name in affirmed_by_notes})
        return cls(assessment, flags, fall_in_notes)

    def flag(self, name: str) -> bool | None:
        value: bool | None = getattr(self.flags, name)
        return value

    def is_true(self, name: str) -> bool:
        return self.flag(name) is True

    @property
    def age(self) -> int:
        return self.assessment.patient.age

    @property
    def onset_age(self) -> float:
        """Age when this pain began, from the current age and the duration."""
        return self.age - self.assessment.history.duration_weeks / WEEKS_PER_YEAR

    @property
    def radicular_pain(self) -> bool:
        """Leg pain or nerve-root signs: in a sciatica service the leg pain is the complaint."""
        s, e = self.assessment.symptoms, self.assessment.exam
        return (
            s.leg_pain_nrs > 0
            or s.pain_below_knee is True
            or s.tingling is True
            or e.slr_positive is True
            or e.crossed_slr_positive is True
            or e.slump_positive is True
        )

    @property
    def neuro_signs(self) -> bool:
        """Any sensory, motor or reflex change (CKS / NICE-NG234 list for suspected MSCC)."""
        s, e = self.assessment.symptoms, self.assessment.exam
        return (
            s.numbness is True
            or s.weakness is True
            or e.reflexes_reduced is True
            or (e.motor_grade_min is not None and e.motor_grade_min < 5)
            or e.motor_deficit_myotome is not None
            or self.is_true("progressive_weakness")
        )

    @property
    def trauma(self) -> bool:
        """The pain began with trauma, or the notes describe a fall (minor trauma counts)."""
        return self.assessment.history.onset is Onset.TRAUMA or self.fall_in_notes

    @property
    def trauma_onset(self) -> bool:
        return self.trauma or self.assessment.history.onset is Onset.SUDDEN

    def possibly(self, value: bool | None) -> bool:
        """A companion feature that was not asked (None) may be present: never read as no."""
        return value is not False
