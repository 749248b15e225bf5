"""An episode of care as a FHIR R4 Bundle (validated with `fhir.resources.R4B`).

Pure mapping: core objects in, a JSON-ready dict out, so the CLI and the web app (for a stored
episode) share it. What goes where:

- Patient: id and administrative gender. No birth date: the file records an age, and a date
  made up from it would be a guess.
- Condition: sciatica (SNOMED CT and ICD-10), verification `provisional` because this is
  decision support, not a diagnosis; the clinician's notes in `Condition.note`.
- Observations: back and leg pain (LOINC 72514-3), the SLR (positive + angle), one per repeated
  movement, and one panel per other section (patient, history, symptoms, red flags,
  precautions, exam, psychosocial, outcomes, context) whose components carry every remaining
  field (see `fhir_fields`).
- QuestionnaireResponse for the PSFS, a Goal per PSFS activity, and the CarePlan with one
  ServiceRequest per planned exercise (`fhir_plan`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sciatica_pt.core.assessment import Assessment
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import AssessmentResult
from sciatica_pt.interop import fhir_plan
from sciatica_pt.interop.fhir_codes import (
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    EMPTY_TEXT_EXT,
    FIELD,
    ICD10,
    LOINC,
    PAIN_NRS_LOINC,
    PANEL,
    SNOMED,
    Json,
    category,
    coding,
    concept,
    full_url,
)
from sciatica_pt.interop.fhir_fields import component, encode, flatten
from sciatica_pt.interop.fhir_validate import validated_bundle

# Fields with their own Observation (or the QuestionnaireResponse), left out of the panels.
OWN_HOME = frozenset(
    {
        "symptoms.back_pain_nrs",
        "symptoms.leg_pain_nrs",
        "exam.slr_positive",
        "exam.slr_angle_deg",
        "exam.repeated_movements",
        "outcomes.psfs",
    }
)
PANELS = {
    "patient": ("Patient details recorded at assessment", "social-history"),
    "history": ("History of the episode", "social-history"),
    "symptoms": ("Symptoms", "survey"),
    "red_flags": ("Red flag screen", "exam"),
    "precautions": ("Precautions", "exam"),
    "exam": ("Physical examination", "exam"),
    "psychosocial": ("Psychosocial scores", "survey"),
    "outcomes": ("Outcome scores and baseline", "survey"),
    "context": ("Home program context", "social-history"),
}
PAIN_SITES = {"symptoms.back_pain_nrs": "Lower back", "symptoms.leg_pain_nrs": "Leg"}


class Episode:
    """What every resource builder needs: the subject, the date, stable ids."""

    def __init__(self, patient_id: str, today: date) -> None:
        self.patient_id = patient_id
        self.today = today
        self.patient_ref = {"reference": full_url(patient_id, "Patient")}

    def url(self, key: str) -> str:
        return full_url(self.patient_id, key)

    def entry(self, key: str, resource: Json) -> Json:
        return {"fullUrl": self.url(key), "resource": resource}

    def observation(self, code: Json, cat: str, **fields: Any) -> Json:
        return {
            "resourceType": "Observation",
            "status": "final",
            "category": category(cat),
            "code": code,
            "subject": self.patient_ref,
            "effectiveDateTime": self.today.isoformat(),
            **fields,
        }


def episode_bundle(
    assessment: Assessment,
    result: AssessmentResult,
    kb: KnowledgeBase,
    *,
    patient_id: str,
    today: date,
) -> Json:
    """The episode as a `collection` Bundle; raises ValueError if a resource would be invalid."""
    ep = Episode(patient_id, today)
    entries = [
        ep.entry("Patient", patient_resource(assessment, patient_id)),
        ep.entry("Condition", condition(assessment, ep)),
        *observations(assessment, ep),
        *fhir_plan.psfs_entries(assessment, ep),
        *fhir_plan.plan_entries(result, kb, ep),
    ]
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    return validated_bundle(bundle)


def patient_resource(assessment: Assessment, patient_id: str) -> Json:
    patient: Json = {"resourceType": "Patient", "id": patient_id, "active": True}
    if assessment.patient.sex is not None:  # the spec's values are FHIR's administrative genders
        patient["gender"] = assessment.patient.sex.value
    return patient


def condition(assessment: Assessment, ep: Episode) -> Json:
    resource: Json = {
        "resourceType": "Condition",
        "clinicalStatus": concept(coding(CONDITION_CLINICAL, "active")),
        "verificationStatus": concept(coding(CONDITION_VERIFICATION, "provisional")),
        "code": concept(*_condition_codes(assessment), text="Sciatica"),
        "subject": ep.patient_ref,
        "recordedDate": ep.today.isoformat(),
    }
    notes = assessment.notes
    if notes:
        resource["note"] = [{"text": notes}]
    elif notes == "":
        resource["extension"] = [{"url": EMPTY_TEXT_EXT, "valueBoolean": True}]
    return resource


def _condition_codes(assessment: Assessment) -> list[Json]:
    # M54.4 is "lumbago with sciatica": used when back pain is rated above 0.
    icd = ("M54.4", "Lumbago with sciatica")
    if assessment.symptoms.back_pain_nrs == 0:
        icd = ("M54.3", "Sciatica")
    return [coding(SNOMED, "23056005", "Sciatica"), coding(ICD10, *icd)]


def observations(assessment: Assessment, ep: Episode) -> list[Json]:
    data = assessment.model_dump()
    found = [_pain(path, data, ep) for path in PAIN_SITES]
    found.append(_slr(data["exam"], ep))
    found += _repeated_movements(data["exam"]["repeated_movements"], ep)
    found += [p for section in PANELS if (p := _panel(section, data[section], ep)) is not None]
    return found


def _pain(path: str, data: Json, ep: Episode) -> Json:
    code = concept(
        coding(
            LOINC, PAIN_NRS_LOINC, "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
        ),
        coding(FIELD, path),
        text=f"{PAIN_SITES[path]} pain, 0-10 numeric rating",
    )
    value = data["symptoms"][path.split(".")[1]]
    resource = ep.observation(
        code, "survey", bodySite={"text": PAIN_SITES[path]}, **encode(path, value)
    )
    return ep.entry(f"Observation/{path}", resource)


def _slr(exam: Json, ep: Episode) -> Json:
    code = concept(coding(FIELD, "exam.slr_positive"), text="Straight leg raise test")
    angle = component("exam.slr_angle_deg", exam["slr_angle_deg"])
    fields = {**encode("exam.slr_positive", exam["slr_positive"]), "component": [angle]}
    return ep.entry("Observation/slr", ep.observation(code, "exam", **fields))


def _repeated_movements(movements: Json, ep: Episode) -> list[Json]:
    found = []
    for movement, response in movements.items():
        path = f"exam.repeated_movements.{movement}"  # a StrEnum: its str is its value
        code = concept(coding(FIELD, path), text=f"Repeated {str(movement).replace('_', ' ')}")
        resource = ep.observation(code, "exam", **encode(path, response))
        found.append(ep.entry(f"Observation/{path}", resource))
    return found


def _panel(section: str, values: Json, ep: Episode) -> Json | None:
    leaves = [
        leaf
        for key, value in values.items()
        if f"{section}.{key}" not in OWN_HOME
        for leaf in flatten(f"{section}.{key}", value)
    ]
    if not leaves:
        return None
    title, cat = PANELS[section]
    code = concept(coding(PANEL, section), text=title)
    resource = ep.observation(code, cat, component=[component(p, v) for p, v in leaves])
    return ep.entry(f"Observation/{section}", resource)
