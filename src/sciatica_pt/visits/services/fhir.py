"""The patient's visits as the plain records the FHIR export maps (`interop.fhir_visits`).

Read-only: it gathers the rows; the caller checks access and audits. Only the patient's own
clinic's visits are read (a patient belongs to one clinic; the filter says so anyway). Visit
notes are the clinic's staff's to read (as on the note page), so they come only when asked.
"""

from __future__ import annotations

from typing import Any

from sciatica_pt.clinic.models import Patient
from sciatica_pt.interop.fhir_visits import AppliedTechnique, NoteRecord, Staff, VisitRecord
from sciatica_pt.visits.models import Visit, VisitKind, VisitNote, VisitStatus
from sciatica_pt.visits.services.roster import settings_of


def _staff(user: Any) -> Staff:
    membership = getattr(user, "membership", None)
    profile = getattr(membership, "profile", None) if membership else None
    name = profile.display_name if profile else (user.get_full_name() or user.get_username())
    specialties = tuple(profile.specialties) if profile else ()
    role = membership.get_role_display() if membership else "Former staff"
    return Staff(key=str(user.pk), name=name, specialties=specialties, role=role)


def _technique(row: dict[str, Any]) -> AppliedTechnique:
    return AppliedTechnique(
        id=row["id"],
        name=row.get("name") or row["id"],
        reason=row.get("reason", ""),
        concern=row.get("concern"),
        precautions=tuple(row.get("precautions") or ()),
    )


def _note(note: VisitNote) -> NoteRecord:
    return NoteRecord(
        subjective=note.subjective,
        objective=note.objective,
        assessment=note.assessment,
        plan=note.plan,
        updated=note.updated_at,
        author=_staff(note.author) if note.author else None,
        techniques=tuple(_technique(row) for row in note.techniques),
    )


def patient_visits(patient: Patient, with_notes: bool) -> list[tuple[VisitRecord, int | None]]:
    """Every visit of the patient, oldest first, with its note's id when a note is included."""
    zone = settings_of(patient.clinic_id).time_zone
    related = ["visit_type", "therapist__user__membership__profile"]
    if with_notes:
        related += ["note", "note__author__membership__profile"]
    rows = Visit.objects.filter(patient=patient, clinic_id=patient.clinic_id)
    found = []
    for visit in rows.select_related(*related).order_by("start", "pk"):
        note = getattr(visit, "note", None) if with_notes else None
        record = VisitRecord(
            key=str(visit.pk),
            kind=visit.visit_type.kind,
            kind_name=VisitKind(visit.visit_type.kind).label,
            start=visit.start,
            end=visit.end,
            online=visit.online,
            cancelled=visit.status == VisitStatus.CANCELLED,
            therapist=_staff(visit.therapist.user),
            booked=visit.created_at,
            note=_note(note) if note else None,
            time_zone=zone,
        )
        found.append((record, note.pk if note else None))
    return found
