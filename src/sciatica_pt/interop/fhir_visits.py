"""The patient's visits as FHIR R4 resources: Appointment, Slot, Schedule, Practitioner,
PractitionerRole, and for a visit with a note, Encounter, Composition and Procedure.

Pure mapping: plain records in (`VisitRecord`, built by the web app from its visits tables),
Bundle entries out. What goes where, and why (docs/interop.md has the table):

- Appointment per visit: `booked`, `cancelled`, or, once the visit has a note (the therapist
  saw the patient), `arrived` during the visit and `fulfilled` after it. The app records no
  no-show, so none is guessed. Times are UTC instants. The kind of visit is v2-0276 FOLLOWUP
  for a follow-up; a first assessment has no code of that table that fits, so text only.
- Slot per visit that still holds its time (a cancelled visit gave its time back), `busy`,
  in the therapist's Schedule; Schedule, Practitioner and PractitionerRole per therapist.
- Encounter per visit with a note: class v3-ActCode AMB (ambulatory) in the clinic, VR
  (virtual) online, linked to its Appointment.
- The note is a Composition (R4: "the structure and narrative content" of a clinical
  document such as a progress note) linked to the Encounter, not the Encounter's narrative:
  an R4 narrative is a human-readable summary of its own resource's data, which a receiver
  may regenerate. One section per part of the note (subjective, objective, assessment,
  plan), its text exactly as written (status `additional`: it is the content, not a
  rendering); a part left empty has no section (cmp-1: a section needs content).
- Procedure per clinic technique applied, in the Encounter, coded with the knowledge-base
  item as the plan's ServiceRequests are; the clinician's reason for applying it in spite of
  the safety check as `reasonCode` text, the check's finding as a `note`.

No join link or room name is exported: the room name is the online visit's only secret.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sciatica_pt.interop.fhir_codes import KB_ITEM, LOINC, Json, coding, concept
from sciatica_pt.interop.fhir_narrative import XHTML, narrative, xml_text

if TYPE_CHECKING:
    from sciatica_pt.interop.fhir_export import Episode

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
APPOINTMENT_REASON = "http://terminology.hl7.org/CodeSystem/v2-0276"
PROGRESS_NOTE_LOINC = "11506-3"  # Progress note
# The kinds of visit with a v2-0276 code that fits; any other kind travels as text only.
APPOINTMENT_CODES = {
    "follow_up": ("FOLLOWUP", "A follow up visit from a previous appointment"),
    "online_follow_up": ("FOLLOWUP", "A follow up visit from a previous appointment"),
}
SOAP = (
    ("subjective", "Subjective"),
    ("objective", "Objective"),
    ("assessment", "Assessment"),
    ("plan", "Plan"),
)


@dataclass(frozen=True)
class Staff:
    """A therapist or a note's author: `key` is stable within the clinic (the account's id)."""

    key: str
    name: str
    specialties: tuple[str, ...] = ()
    role: str = "Therapist"  # the app's role, in words (an admin may write a note too)


@dataclass(frozen=True)
class AppliedTechnique:
    id: str
    name: str
    reason: str = ""
    concern: str | None = None  # the safety check's finding that needed the reason
    precautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoteRecord:
    subjective: str
    objective: str
    assessment: str
    plan: str
    updated: dt.datetime
    author: Staff | None  # None: the author's account was removed
    techniques: tuple[AppliedTechnique, ...] = ()


@dataclass(frozen=True)
class VisitRecord:
    key: str  # the visit's id
    kind: str  # visits.models.VisitKind value
    kind_name: str
    start: dt.datetime  # aware
    end: dt.datetime
    online: bool
    cancelled: bool
    therapist: Staff
    booked: dt.datetime
    note: NoteRecord | None = None
    time_zone: str = "UTC"  # the clinic's, for the Schedule's comment


def instant(moment: dt.datetime) -> str:
    """A FHIR instant in UTC with its offset (`2026-03-29T07:00:00+00:00`)."""
    if moment.tzinfo is None:
        raise ValueError("a visit's time must carry its time zone")
    return moment.astimezone(dt.UTC).isoformat()


def statuses(visit: VisitRecord, now: dt.datetime) -> tuple[str, str | None]:
    """The Appointment's status and the Encounter's (None: no Encounter). Only a note says
    the patient was seen; without one a past visit stays `booked` (no no-show is guessed)."""
    if visit.cancelled:
        return "cancelled", ("cancelled" if visit.note else None)
    if visit.note is None:
        return "booked", None
    if now < visit.start:
        return "booked", "planned"
    if now < visit.end:
        return "arrived", "in-progress"
    return "fulfilled", "finished"


def visit_entries(visits: Sequence[VisitRecord], ep: Episode, now: dt.datetime) -> list[Json]:
    """Every visit's entries, each therapist's (and note author's) once."""
    people = {v.therapist.key: v.therapist for v in visits}
    people.update({v.note.author.key: v.note.author for v in visits if v.note and v.note.author})
    therapists = {v.therapist.key for v in visits}
    found = [e for key in sorted(people) for e in _staff_entries(people[key], ep)]
    found += [_schedule(people[key], visits, ep) for key in sorted(therapists)]
    for visit in visits:
        found += _one_visit(visit, ep, now)
    return found


def _one_visit(visit: VisitRecord, ep: Episode, now: dt.datetime) -> list[Json]:
    appointment_status, encounter_status = statuses(visit, now)
    found = []
    if not visit.cancelled:
        found.append(_slot(visit, ep))
    found.append(_appointment(visit, appointment_status, ep))
    if visit.note is not None and encounter_status is not None:
        found.append(_encounter(visit, encounter_status, ep))
        found += [_procedure(visit, t, i, ep) for i, t in enumerate(visit.note.techniques)]
        found.append(_composition(visit, visit.note, ep))
    return found


def _practitioner_ref(person: Staff, ep: Episode) -> Json:
    return {"reference": ep.url(f"Practitioner/{person.key}"), "display": person.name}


def _staff_entries(person: Staff, ep: Episode) -> list[Json]:
    practitioner = {"resourceType": "Practitioner", "active": True, "name": [{"text": person.name}]}
    role: Json = {
        "resourceType": "PractitionerRole",
        "active": True,
        "practitioner": _practitioner_ref(person, ep),
        "code": [{"text": person.role}],  # the app's role; no code is claimed for it
    }
    if person.specialties:
        role["specialty"] = [{"text": s} for s in person.specialties]
    lines = [f"Specialty: {s}" for s in person.specialties]
    role_text = narrative(f"{person.name}: {person.role.lower()}", lines)
    return [
        ep.entry(f"Practitioner/{person.key}", practitioner, narrative(person.name)),
        ep.entry(f"PractitionerRole/{person.key}", role, role_text),
    ]


def _schedule(person: Staff, visits: Sequence[VisitRecord], ep: Episode) -> Json:
    zone = next(v.time_zone for v in visits if v.therapist.key == person.key)
    comment = f"Visits with {person.name}; the clinic's hours are in the time zone {zone}."
    schedule = {
        "resourceType": "Schedule",
        "active": True,
        "actor": [
            _practitioner_ref(person, ep),
            {"reference": ep.url(f"PractitionerRole/{person.key}")},
        ],
        "comment": comment,
    }
    return ep.entry(
        f"Schedule/{person.key}", schedule, narrative(f"Schedule of {person.name}", [comment])
    )


def _kind(visit: VisitRecord) -> Json:
    code = APPOINTMENT_CODES.get(visit.kind)
    return (
        concept(coding(APPOINTMENT_REASON, *code), text=visit.kind_name)
        if code
        else {"text": visit.kind_name}
    )


def _when(visit: VisitRecord) -> str:
    """For people: the clinic's wall-clock time, its zone, and the place."""
    zone = ZoneInfo(visit.time_zone)
    start, end = visit.start.astimezone(zone), visit.end.astimezone(zone)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} ({visit.time_zone}), {_place(visit)}"


def _slot(visit: VisitRecord, ep: Episode) -> Json:
    slot = {
        "resourceType": "Slot",
        "schedule": {"reference": ep.url(f"Schedule/{visit.therapist.key}")},
        "status": "busy",
        "appointmentType": _kind(visit),
        "start": instant(visit.start),
        "end": instant(visit.end),
    }
    return ep.entry(f"Slot/{visit.key}", slot, narrative("Busy", [_when(visit)]))


def _appointment(visit: VisitRecord, status: str, ep: Episode) -> Json:
    description = f"{visit.kind_name} with {visit.therapist.name}, {_place(visit)}"
    appointment: Json = {
        "resourceType": "Appointment",
        "status": status,
        "appointmentType": _kind(visit),
        "description": description,
        "start": instant(visit.start),
        "end": instant(visit.end),
        "minutesDuration": int((visit.end - visit.start) / dt.timedelta(minutes=1)),
        "created": instant(visit.booked),
        "participant": [
            {"actor": ep.patient_ref, "status": "accepted"},
            {"actor": _practitioner_ref(visit.therapist, ep), "status": "accepted"},
        ],
    }
    if not visit.cancelled:
        appointment["slot"] = [{"reference": ep.url(f"Slot/{visit.key}")}]
    text = narrative(f"{description} ({status})", [_when(visit)])
    return ep.entry(f"Appointment/{visit.key}", appointment, text)


def _place(visit: VisitRecord) -> str:
    return "online (video)" if visit.online else "in the clinic"


def _encounter(visit: VisitRecord, status: str, ep: Episode) -> Json:
    code, display = ("VR", "virtual") if visit.online else ("AMB", "ambulatory")
    encounter = {
        "resourceType": "Encounter",
        "status": status,
        "class": coding(ACT_CODE, code, display),
        "type": [{"text": visit.kind_name}],  # v2-0276 is for appointments: text only
        "subject": ep.patient_ref,
        "participant": [{"individual": _practitioner_ref(visit.therapist, ep)}],
        "appointment": [{"reference": ep.url(f"Appointment/{visit.key}")}],
        "period": {"start": instant(visit.start), "end": instant(visit.end)},
    }
    heading = f"{visit.kind_name} with {visit.therapist.name} ({status})"
    return ep.entry(f"Encounter/{visit.key}", encounter, narrative(heading, [_when(visit)]))


def _procedure(visit: VisitRecord, technique: AppliedTechnique, index: int, ep: Episode) -> Json:
    note = visit.note
    performer = (note.author if note else None) or visit.therapist
    procedure: Json = {
        "resourceType": "Procedure",
        "status": "completed",
        "code": concept(coding(KB_ITEM, technique.id, technique.name), text=technique.name),
        "subject": ep.patient_ref,
        "encounter": {"reference": ep.url(f"Encounter/{visit.key}")},
        "performedPeriod": {"start": instant(visit.start), "end": instant(visit.end)},
        "performer": [{"actor": _practitioner_ref(performer, ep)}],
    }
    if technique.reason:
        procedure["reasonCode"] = [{"text": technique.reason}]
    findings = [f for f in (technique.concern, *technique.precautions) if f]
    if findings:
        procedure["note"] = [{"text": f"Safety check: {f}"} for f in findings]
    lines = [*(f"Safety check: {f}" for f in findings)]
    if technique.reason:
        lines.append(f"Clinician's reason: {technique.reason}")
    key = f"Procedure/{visit.key}/{index}/{technique.id}"
    return ep.entry(key, procedure, narrative(f"{technique.name} (applied)", lines))


def section_text(text: str) -> Json:
    """A note's part as a section narrative, character for character (`xml_text`)."""
    body = xml_text(text)
    return {"status": "additional", "div": f'<div xmlns="{XHTML}"><p>{body}</p></div>'}


def _composition(visit: VisitRecord, note: NoteRecord, ep: Episode) -> Json:
    sections: list[Json] = [
        {"title": title, "text": section_text(text)}
        for key, title in SOAP
        if (text := getattr(note, key))
    ]
    urls = [ep.url(f"Procedure/{visit.key}/{i}/{t.id}") for i, t in enumerate(note.techniques)]
    if urls:
        names = [t.name for t in note.techniques]
        sections.append(
            {
                "title": "Clinic techniques applied",
                "text": narrative("Clinic techniques applied", names),
                "entry": [{"reference": url} for url in urls],
            }
        )
    author = _practitioner_ref(note.author, ep) if note.author else {"display": "Removed account"}
    composition: Json = {
        "resourceType": "Composition",
        "status": "final",
        "type": concept(coding(LOINC, PROGRESS_NOTE_LOINC, "Progress note"), text="Visit note"),
        "subject": ep.patient_ref,
        "encounter": {"reference": ep.url(f"Encounter/{visit.key}")},
        "date": instant(note.updated),
        "author": [author],
        "title": f"Visit note: {visit.kind_name}, {_when(visit)}",
    }
    if sections:
        composition["section"] = sections
    text = narrative(composition["title"], _note_lines(note))
    return ep.entry(f"Composition/{visit.key}", composition, text)


def _note_lines(note: NoteRecord) -> Iterable[str]:
    for key, title in SOAP:
        if text := getattr(note, key):
            yield f"{title}: {text}"
    for technique in note.techniques:
        yield f"Technique applied: {technique.name}"
