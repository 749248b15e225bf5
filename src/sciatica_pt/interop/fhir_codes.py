"""Code systems and small builders shared by the FHIR export and import.

Only codes we are sure of carry a real system: LOINC 72514-3 (pain severity, 0-10 numeric
rating), SNOMED CT 23056005 (Sciatica), 192970008 (Cauda equina syndrome) and 3457005 (Patient
referral), ICD-10 M54.3 (Sciatica) and M54.4 (Lumbago with sciatica), UCUM `deg`, and the HL7
terminology code systems for categories, statuses, identifier types and data-absent reasons
(docs/interop.md says where each code was checked). Everything else uses a project system
under `urn:sciatica-pt:`, which no one can mistake for a published terminology.
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
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
FLAG_PRIORITY_EXT = "http://hl7.org/fhir/StructureDefinition/flag-priority"  # core extension
FLAG_PRIORITY = "http://hl7.org/fhir/flag-priority-code"  # PH high, PM medium, PL low, PN none
URI = "urn:ietf:rfc:3986"  # identifier system for a value that is itself a URI

PAIN_NRS_LOINC = "72514-3"  # Pain severity - 0-10 verbal numeric rating [Score] - Reported
SCIATICA_SNOMED = "23056005"
CAUDA_EQUINA_SNOMED = "192970008"  # Cauda equina syndrome (disorder)
PATIENT_REFERRAL_SNOMED = "3457005"  # Patient referral (procedure)

# Project systems. A field code is the assessment file's own path (spec/assessment-v1.md),
# so the import can rebuild the file without a second mapping table.
FIELD = "urn:sciatica-pt:assessment-field"
PANEL = "urn:sciatica-pt:observation-panel"
VALUE = "urn:sciatica-pt:assessment-value"
KB_ITEM = "urn:sciatica-pt:kb-item"
ITEM_CLASS = "urn:sciatica-pt:item-class"
PSFS_QUESTIONNAIRE = "urn:sciatica-pt:questionnaire:psfs"
TRIAGE_RULE = "urn:sciatica-pt:triage-rule"  # the red-flag rule's id (`ces.saddle_anesthesia`)
TRIAGE_LEVEL = "urn:sciatica-pt:triage-level"  # emergency, urgent_referral, ...
EMPTY_TEXT_EXT = "urn:sciatica-pt:extension:empty-text"  # a recorded "" (FHIR strings can't be)
DOSAGE_EXT = "urn:sciatica-pt:extension:dosage"
REFERENCE_EXT = "urn:sciatica-pt:extension:reference-key"
NAMESPACE = uuid.UUID("5b0f2a52-8a4e-4c1e-9d1e-6a3e3f2b7c11")  # CDS card ids (per hook call)

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


def full_url(export_id: uuid.UUID, key: str) -> str:
    """The urn:uuid of one resource of one export: a name-based (v5) UUID in the export's own
    random id, so no two exports (of one patient or of two) share a full URL, while the same
    export id rebuilds the same Bundle."""
    return f"urn:uuid:{uuid.uuid5(export_id, key)}"


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
