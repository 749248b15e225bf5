"""The patient's visits in the FHIR download (page and API): booked, cancelled and seen visits
come out as R4 Appointments, Slots and Encounters with the notes exactly as written; the
Bundle passes the R4 schema and invariants; notes go to the clinic's staff only and each one
carried is an audited read; another clinic's visits and the video room never leave."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from sciatica_pt.clinic.models import AuditEvent, Patient
from sciatica_pt.visits.models import Visit, VisitKind, VisitStatus
from sciatica_pt.visits.services import booking, notes
from tests.interop.r4check import r4_problems
from tests.interop.test_fhir_visits import by_url, resources, section_texts
from tests.visits.conftest import at, book_visit, visit_type, working_day

pytestmark = pytest.mark.django_db

NOTE = {
    "subjective": "Leg pain easing.\r\nSleeps better & walks <20 min>.",
    "objective": "SLR 60°",
    "assessment": "Improving",
    "plan": "Continue the home program.\n\nReview in two weeks.",
}
PAGE, API = "/patients/{}/fhir.json", "/api/patients/{}/fhir"


def _past_visit(w, days_ago=2, kind=VisitKind.FOLLOW_UP):
    """A visit that took place: staff book it as they could have then."""
    start = at(working_day(-days_ago), 11)
    return booking.book(
        None, w.therapist, w.patient_a, w.tess_profile, visit_type(w, kind), start,
        start - dt.timedelta(days=3),
    )  # fmt: skip


def _seen(w):
    visit = _past_visit(w)
    notes.save(
        None, w.therapist, visit, NOTE, ["lumbar-joint-mobilization", "tens"],
        {"tens": "Patient asked for it; explained the evidence."},
    )  # fmt: skip
    return visit


def _download(w, who, api=False):
    answer = w.client(who).get((API if api else PAGE).format(w.patient_a.pk))
    assert answer.status_code == 200, answer.content
    return json.loads(answer.content)


@pytest.fixture
def three_visits(visits_world):
    """Patient A: one seen visit with a note, one booked, one cancelled."""
    w = visits_world
    seen, booked = _seen(w), book_visit(w)
    cancelled = booking.cancel(None, w.therapist, book_visit(w, hour=14), timezone.now())
    return w, seen, booked, cancelled


def _appointment_of(bundle, visit):
    start = visit.start.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    found = [a for a in resources(bundle, "Appointment") if a["start"] == start]
    assert len(found) == 1, (start, resources(bundle, "Appointment"))
    return found[0]


@pytest.mark.parametrize("api", [False, True])
def test_the_staff_download_carries_every_visit_in_its_state(three_visits, api):
    w, seen, booked, cancelled = three_visits
    bundle = _download(w, "therapist", api)
    assert r4_problems(bundle) == ([], [])
    assert _appointment_of(bundle, seen)["status"] == "fulfilled"
    assert _appointment_of(bundle, booked)["status"] == "booked"
    assert _appointment_of(bundle, cancelled)["status"] == "cancelled"
    assert len(resources(bundle, "Slot")) == 2  # the cancelled visit gave its time back
    (encounter,) = resources(bundle, "Encounter")
    assert encounter["class"]["code"] == "AMB" and encounter["status"] == "finished"


def test_the_fields_come_back_out_of_the_bundle_as_stored(three_visits):
    w, seen, *_ = three_visits
    bundle = _download(w, "admin")
    urls = by_url(bundle)
    for visit in Visit.objects.filter(patient=w.patient_a):
        appointment = _appointment_of(bundle, visit)
        assert dt.datetime.fromisoformat(appointment["end"]) == visit.end
        assert appointment["minutesDuration"] == visit.minutes
        therapist = urls[appointment["participant"][1]["actor"]["reference"]]
        assert therapist["name"] == [{"text": "Tess Therapist"}]
    (composition,) = resources(bundle, "Composition")
    stored = seen.note
    assert section_texts(composition) | {"Clinic techniques applied": ""} == {
        "Subjective": stored.subjective,
        "Objective": stored.objective,
        "Assessment": stored.assessment,
        "Plan": stored.plan,
        "Clinic techniques applied": "",
    }
    assert stored.subjective == NOTE["subjective"]  # "\r\n", "&", "<20 min>" kept
    procedures = {p["code"]["coding"][0]["code"]: p for p in resources(bundle, "Procedure")}
    assert set(procedures) == {t["id"] for t in stored.techniques}
    assert procedures["tens"]["reasonCode"] == [
        {"text": "Patient asked for it; explained the evidence."}
    ]


def test_the_patients_own_download_has_the_visits_but_not_the_clinicians_notes(three_visits):
    w, *_ = three_visits
    bundle = _download(w, "patient_a_user", api=True)
    assert len(resources(bundle, "Appointment")) == 3
    assert not resources(bundle, "Composition") and not resources(bundle, "Procedure")
    assert "Sleeps better" not in json.dumps(bundle)
    assert r4_problems(bundle) == ([], [])


def test_each_note_carried_is_an_audited_read_of_that_note(three_visits):
    w, seen, *_ = three_visits
    _download(w, "therapist")
    read = AuditEvent.objects.filter(object_type="visit_note", action="read")
    assert [(e.object_id, e.patient_id, e.username) for e in read] == [
        (str(seen.note.pk), w.patient_a.pk, "tess")
    ]
    _download(w, "patient_a_user")  # no note in it: no read of one
    assert read.count() == 1


def test_another_clinics_visits_never_appear(visits_world):
    w = visits_world
    book_visit(w)
    other_clinic = w.other_therapist.membership.clinic
    theirs = Patient.objects.create(clinic=other_clinic, display_name="Bea Other")
    kind = visit_type_of(other_clinic)
    booking.book(
        None, w.other_therapist, theirs, w.oscar_profile, kind, at(working_day(), 10),
        timezone.now(),
    )  # fmt: skip
    bundle = json.dumps(_download(w, "admin"))
    assert "Oscar Other" not in bundle and "Tess Therapist" in bundle
    assert w.client("other_therapist").get(PAGE.format(w.patient_a.pk)).status_code == 404


def visit_type_of(clinic):
    from sciatica_pt.visits.services import roster

    return next(t for t in roster.visit_types(clinic.pk) if t.kind == VisitKind.FOLLOW_UP)


def test_an_online_visit_is_virtual_and_its_room_never_leaves_the_app(visits_world):
    w = visits_world
    start = at(working_day(-1), 10)
    visit = booking.book(
        None, w.therapist, w.patient_a, w.tess_profile,
        visit_type(w, VisitKind.ONLINE_FOLLOW_UP), start, start - dt.timedelta(days=2),
    )  # fmt: skip
    notes.save(None, w.therapist, visit, {"subjective": "By video."}, [], {})
    assert visit.room
    bundle = _download(w, "therapist")
    (encounter,) = resources(bundle, "Encounter")
    assert encounter["class"]["code"] == "VR"
    assert visit.room not in json.dumps(bundle) and "meet.clinic-a" not in json.dumps(bundle)
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.BOOKED


def test_a_note_with_an_invisible_control_character_is_refused_naming_the_part(visits_world):
    w = visits_world
    visit = book_visit(w)
    with pytest.raises(notes.InvalidInput, match=r"^objective: contains a control character"):
        notes.save(None, w.therapist, visit, {"objective": "SLR\x0b60"}, [], {})
    assert not hasattr(Visit.objects.get(pk=visit.pk), "note")


def test_a_note_by_the_clinics_admin_names_the_admin_as_its_author(visits_world):
    w = visits_world
    visit = _past_visit(w)
    notes.save(None, w.admin, visit, {"plan": "Call next week."}, [], {})
    bundle = _download(w, "therapist")
    urls = by_url(bundle)
    (composition,) = resources(bundle, "Composition")
    author = urls[composition["author"][0]["reference"]]
    roles = {
        r["practitioner"]["reference"]: r["code"] for r in resources(bundle, "PractitionerRole")
    }
    assert roles[composition["author"][0]["reference"]] == [{"text": "Clinic admin"}]
    assert author["resourceType"] == "Practitioner"
    assert r4_problems(bundle) == ([], [])
