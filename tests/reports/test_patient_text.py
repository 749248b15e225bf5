"""Doses in words for patients, and the patient-facing texts' references."""

from __future__ import annotations

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.reports.patient_text import FLARE_UP_REFS, WARNING_REFS, dose_text


@pytest.mark.parametrize(
    ("dosage", "words"),
    [
        (Dosage(sets=2, reps=10, per_day=3), "2 sets of 10, 3 times a day."),
        (Dosage(sets=1, reps=10, per_day=6), "10 times, 6 times a day."),
        (Dosage(hold_seconds=120, reps=1, per_day=6), "Hold 2 minutes, 6 times a day."),
        (Dosage(hold_seconds=30, reps=3, per_day=2), "Hold 30 seconds, 3 times, twice a day."),
        (Dosage(hold_seconds=30, sets=1, per_day=1), "Hold 30 seconds, once a day."),
        (Dosage(minutes=20, per_week=2), "20 minutes, twice a week."),
        (None, "As your therapist showed you."),
    ],
)
def test_a_dose_reads_as_a_sentence(dosage: Dosage | None, words: str) -> None:
    assert dose_text(dosage) == words


def test_the_patient_texts_cite_references_that_exist() -> None:
    keys = {r.key for r in knowledge.load().references}
    assert set(WARNING_REFS + FLARE_UP_REFS) <= keys
