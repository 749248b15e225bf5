"""An episode of care as a FHIR R4 (4.0.1) Bundle (also validated with `fhir.resources.R4B`).

Pure mapping: core objects in, a JSON-ready dict out, so the CLI and the web app (for a stored
episode) share it. What goes where:

- Patient: an identifier in the clinic's own system (`identifier_system`, a URI the clinic
  configures: `interop.identity`) and administrative gender. No birth date: the file records an
  age, and a date made up from it would be a guess.
- Condition: sciatica (SNOMED CT and ICD-10), verification `provisional` because this is
  decision support, not a diagnosis; the clinician's notes in `Condition.note`. When a cauda
  equina rule fired, a second Condition: suspected cauda equina syndrome (SNOMED CT).
- Flag: one per urgent or emergency triage finding, coded (`fhir_plan`), so a receiving EHR can
  raise its own alert.
- Observations: back and leg pain (LOINC 72514-3), the SLR (positive + angle), one per repeated
  movement, and one panel per other section (patient, history, symptoms, red flags,
  precautions, exam, psychosocial, outcomes, context) whose components carry every remaining
  field (see `fhir_fields`).
- QuestionnaireResponse for the PSFS with its Questionnaire, a Goal per PSFS activity, and the
  CarePlan (linking the Goals) with one ServiceRequest per planned exercise or referral
  (`fhir_plan`).
- The patient's visits, when the caller passes them (`fhir_visits`): Appointment, Slot,
  Schedule, Practitioner and PractitionerRole, and for a visit with a note its Encounter, the
  note as a Composition and a Procedure per clinic technique applied.

Every resource has a generated narrative (`fhir_narrative`). Every `fullUrl` is a `urn:uuid`
of this export (`export_id`, random unless the caller passes one), so no two exports share one;
a receiver matches the patient by `Patient.identifier`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import AssessmentResult
from sciatica_pt.interop import fhir_plan, fhir_visits
from sciatica_pt.interop.fhir_codes import (
    CAUDA_EQUINA_SNOMED,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    EMPTY_TEXT_EXT,
    FIELD,
    ICD10,
    IDENTIFIER_TYPE,
    LOINC,
    PAIN_NRS_LOINC,
    PANEL,
    SCIATICA_SNOMED,
    SNOMED,
    URI,
    Json,
    category,
    coding,
    concept,
    full_url,
)
from sciatica_pt.interop.fhir_fields import component, encode, flatten
from sciatica_pt.interop.fhir_narrative import narrative, observation_narrative
from sciatica_pt.interop.fhir_validate import validated_bundle
from sciatica_pt.interop.identity import require_system

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
    """What every resource builder needs: the subject, the date, this export's ids."""

    def __init__(self, patient_id: str, today: date, export_id: uuid.UUID) -> None:
        self.patient_id = patient_id
        self.today = today
        self.export_id = export_id
        self.patient_ref = {"reference": self.url("Patient")}

    def url(self, key: str) -> str:
        return full_url(self.export_id, key)

    def entry(self, key: str, resource: Json, text: Json) -> Json:
        """The Bundle entry; `text` is the resource's narrative (`fhir_narrative`)."""
        fields = {k: v for k, v in resource.items() if k != "resourceType"}
        with_text = {"resourceType": resource["resourceType"], "text": text, **fields}
        return {"fullUrl": self.url(key), "resource": with_text}

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
    identifier_system: str,
    export_id: uuid.UUID | None = None,
    visits: Sequence[fhir_visits.VisitRecord] = (),
    now: datetime | None = None,
) -> Json:
    """The episode as a `collection` Bundle; raises InvalidInput for a bad patient id or
    identifier system, or if a resource would be invalid. `export_id` names this export (its
    full URLs derive from it); a new random one when not given. `visits` are the patient's
    visits; `now` (aware) says which of them have taken place, and is required with them."""
    system = require_system(identifier_system, "identifier_system")
    if not isinstance(patient_id, str) or not patient_id.strip():
        raise InvalidInput([f"patient_id: {patient_id!r} is not a non-empty text"])
    ep = Episode(patient_id, today, export_id or uuid.uuid4())
    psfs = fhir_plan.psfs_entries(assessment, ep)
    goals = [e["fullUrl"] for e in psfs if e["resource"]["resourceType"] == "Goal"]
    entries = [
        ep.entry("Patient", *patient_resource(assessment, patient_id, system)),
        ep.entry("Condition", *condition(assessment, ep)),
        *cauda_equina(result, ep),
        *fhir_plan.flags(result, ep),
        *observations(assessment, ep),
        *psfs,
        *fhir_plan.plan_entries(result, kb, ep, goals),
    ]
    if visits:
        if now is None or now.tzinfo is None:
            raise InvalidInput(["now: an aware date and time is required with visits"])
        entries += fhir_visits.visit_entries(visits, ep, now)
    bundle = {
        "resourceType": "Bundle",
        "identifier": {"system": URI, "value": f"urn:uuid:{ep.export_id}"},
        "type": "collection",
        "entry": entries,
    }
    return validated_bundle(bundle)


def patient_resource(assessment: Assessment, patient_id: str, system: str) -> tuple[Json, Json]:
    """The Patient, matched by receivers through its identifier in the clinic's system."""
    identifier = {
        "use": "usual",
        "type": concept(coding(IDENTIFIER_TYPE, "MR", "Medical record number")),
        "system": system,
        "value": patient_id,
    }
    patient: Json = {"resourceType": "Patient", "identifier": [identifier], "active": True}
    lines = [f"Identifier: {patient_id} ({system})"]
    if assessment.patient.sex is not None:  # the spec's values are FHIR's administrative genders
        patient["gender"] = assessment.patient.sex.value
        lines.append(f"Gender: {assessment.patient.sex.value}")
    if assessment.patient.age is not None:
        lines.append(f"Age at assessment: {assessment.patient.age}")
    return patient, narrative("Patient", lines)


def condition(assessment: Assessment, ep: Episode) -> tuple[Json, Json]:
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
    heading = f"Sciatica (provisional), recorded {ep.today.isoformat()}"
    return resource, narrative(heading, [f"Notes: {notes}"] if notes else [])


def _condition_codes(assessment: Assessment) -> list[Json]:
    # M54.4 is "lumbago with sciatica": used when back pain is rated above 0.
    icd = ("M54.4", "Lumbago with sciatica")
    if assessment.symptoms.back_pain_nrs == 0:
        icd = ("M54.3", "Sciatica")
    return [coding(SNOMED, SCIATICA_SNOMED, "Sciatica"), coding(ICD10, *icd)]


def cauda_equina(result: AssessmentResult, ep: Episode) -> list[Json]:
    """Suspected cauda equina syndrome, when a cauda equina rule fired: provisional, since the
    diagnosis is the emergency department's to make."""
    findings = fhir_plan.cauda_equina_findings(result)
    if not findings:
        return []
    resource: Json = {
        "resourceType": "Condition",
        "clinicalStatus": concept(coding(CONDITION_CLINICAL, "active")),
        "verificationStatus": concept(coding(CONDITION_VERIFICATION, "provisional")),
        "code": concept(
            coding(SNOMED, CAUDA_EQUINA_SNOMED, "Cauda equina syndrome"),
            text="Suspected cauda equina syndrome",
        ),
        "subject": ep.patient_ref,
        "recordedDate": ep.today.isoformat(),
        "note": [{"text": f"{f.message} {f.action}"} for f in findings],
    }
    text = narrative(
        "Suspected cauda equina syndrome (provisional): emergency",
        [f"{f.message} {f.action}" for f in findings],
    )
    return [ep.entry(fhir_plan.CAUDA_EQUINA_KEY, resource, text)]


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
    return ep.entry(f"Observation/{path}", resource, observation_narrative(resource))


def _slr(exam: Json, ep: Episode) -> Json:
    code = concept(coding(FIELD, "exam.slr_positive"), text="Straight leg raise test")
    angle = component("exam.slr_angle_deg", exam["slr_angle_deg"])
    fields = {**encode("exam.slr_positive", exam["slr_positive"]), "component": [angle]}
    resource = ep.observation(code, "exam", **fields)
    return ep.entry("Observation/slr", resource, observation_narrative(resource))


def _repeated_movements(movements: Json, ep: Episode) -> list[Json]:
    found = []
    for movement, response in movements.items():
        path = f"exam.repeated_movements.{movement}"  # a StrEnum: its str is its value
        code = concept(coding(FIELD, path), text=f"Repeated {str(movement).replace('_', ' ')}")
        resource = ep.observation(code, "exam", **encode(path, response))
        found.append(ep.entry(f"Observation/{path}", resource, observation_narrative(resource)))
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
    return ep.entry(f"Observation/{section}", resource, observation_narrative(resource))
