"""Code systems and small builders shared by the FHIR export and import.

Only codes we are sure of carry a real system: LOINC 72514-3 (pain severity, 0-10 numeric
rating), SNOMED CT 23056005 (Sciatica), ICD-10 M54.3 (Sciatica) and M54.4 (Lumbago with
sciatica), UCUM `deg`, and the HL7 terminology code systems for categories, statuses and
data-absent reasons. Everything else uses a project system under `urn:sciatica-pt:`, which no
one can mistake for a published terminology.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sciatica_pt.core.words import name_of

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

PAIN_NRS_LOINC = "72514-3"  # Pain severity - 0-10 verbal numeric rating [Score] - Reported

# Project systems. A field code is the assessment file's own path (spec/assessment-v1.md),
# so the import can rebuild the file without a second mapping table.
FIELD = "urn:sciatica-pt:assessment-field"
PANEL = "urn:sciatica-pt:observation-panel"
VALUE = "urn:sciatica-pt:assessment-value"
KB_ITEM = "urn:sciatica-pt:kb-item"
ITEM_CLASS = "urn:sciatica-pt:item-class"
PSFS_QUESTIONNAIRE = "urn:sciatica-pt:questionnaire:psfs"
EMPTY_TEXT_EXT = "urn:sciatica-pt:extension:empty-text"  # a recorded "" (FHIR strings can't be)
DOSAGE_EXT = "urn:sciatica-pt:extension:dosage"
REFERENCE_EXT = "urn:sciatica-pt:extension:reference-key"
NAMESPACE = uuid.UUID("5b0f2a52-8a4e-4c1e-9d1e-6a3e3f2b7c11")  # for stable urn:uuid ids

Json = dict[str, Any]


def coding(system: str, code: str, display: str | None = None) -> Json:
    found: Json = {"system": system, "code": code}
    if display:
        found["display"] = display
    return found


def concept(*codings: Json, text: str | None = None) -> Json:
    found: Json = {"coding": list(codings)}
    if text:
        found["text"] = text
    return found


def field_concept(path: str) -> Json:
    """The field's path as the code (what the import reads) and a readable name as the text."""
    return concept(coding(FIELD, path), text=readable(path))


def readable(path: str) -> str:
    """The field's display name (core.words): `red_flags.saddle_anesthesia` -> "Numbness in
    the saddle area"; `history.medications[1]` -> "Medicines 2" (people count from one)."""
    _, _, index = path.rsplit(".", 1)[-1].partition("[")
    words = name_of(re.sub(r"\[\d+\]", "", path), "field")
    return f"{words} {int(index.rstrip(']')) + 1}" if index else words


def not_asked() -> Json:
    """`null` in the assessment file: the question was not asked, which is never a no."""
    return concept(coding(DATA_ABSENT, "not-asked", "Not Asked"))


def category(code: str) -> list[Json]:
    return [concept(coding(OBSERVATION_CATEGORY, code))]


def full_url(patient_id: str, key: str) -> str:
    """A stable urn:uuid, so the same episode always exports the same Bundle."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{patient_id}/{key}')}"


def codes_in(value: Json | None, system: str) -> list[str]:
    """The codes of `system` in a CodeableConcept (an absent concept has none)."""
    if not isinstance(value, dict):
        return []
    codings = value.get("coding") or []
    return [
        str(c.get("code"))
        for c in codings
        if isinstance(c, dict) and c.get("system") == system and c.get("code") is not None
    ]
