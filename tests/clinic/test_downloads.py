"""Downloads of a stored patient's program: the handout and progress PDFs, the calendar and
the FHIR Bundle, for the therapist, the admin and the patient; audited; 404 for others."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.db.models import F
from fhir.resources.R4B import get_fhir_model_class
from icalendar import Calendar

from sciatica_pt.clinic.models import AuditEvent, ProgramStatus
from sciatica_pt.interop.identity import DEMO_PATIENT_ID_SYSTEM

PAGES = {
    "handout": ("/patients/{}/handout.pdf", "application/pdf"),
    "progress": ("/patients/{}/progress.pdf", "application/pdf"),
    "calendar": ("/patients/{}/program.ics", "text/calendar"),
    "fhir": ("/patients/{}/fhir.json", "application/fhir+json"),
}
API = {
    "handout": "/api/patients/{}/handout.pdf",
    "progress": "/api/patients/{}/progress.pdf",
    "calendar": "/api/patients/{}/program.ics",
    "fhir": "/api/patients/{}/fhir",
}


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "download.pdf"
    path.write_bytes(data)
    run = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    return " ".join(run.stdout.decode().split())


def get(world, who, kind, api=False):
    url = (API[kind] if api else PAGES[kind][0]).format(world.patient_a.pk)
    return world.client(who).get(url)


@pytest.mark.parametrize("api", [False, True])
@pytest.mark.parametrize("kind", ["handout", "progress"])
def test_the_pdfs_are_pdfs_that_name_the_patient(world, tmp_path, kind, api):
    response = get(world, "therapist", kind, api)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Zelda Quixote-Umber" in pdf_text(response.content, tmp_path)
    assert "Zelda" not in response["Content-Disposition"]  # file names carry ids only


def test_the_handout_lists_the_programs_current_exercises(world, tmp_path):
    program = world.patient_a.programs.get(is_current=True)
    names = list(program.items.live().values_list("name", flat=True))
    assert names
    text = pdf_text(get(world, "patient_a_user", "handout").content, tmp_path)
    assert all(" ".join(name.split()) in text for name in names)


@pytest.mark.parametrize("api", [False, True])
def test_the_calendar_parses_with_icalendar_and_has_the_sessions(world, api):
    response = get(world, "patient_a_user", "calendar", api)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert events and all(e.get("RRULE") for e in events)


def _events(response):
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_two_patients_with_the_same_program_share_no_calendar_uid(world):
    a = _events(get(world, "patient_a_user", "calendar"))
    url = PAGES["calendar"][0].format(world.patient_b.pk)
    b = _events(world.client("patient_b_user").get(url))
    assert {str(e["UID"]) for e in a}.isdisjoint(str(e["UID"]) for e in b)


def test_an_edited_program_keeps_its_calendar_uids_and_raises_sequence(world):
    first = _events(get(world, "patient_a_user", "calendar"))
    world.patient_a.programs.filter(is_current=True).update(version=F("version") + 1)
    again = _events(get(world, "patient_a_user", "calendar"))
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in first]
    version = world.patient_a.programs.get(is_current=True).version
    assert {e.decoded("SEQUENCE") for e in first} == {version - 2}  # before the edit
    assert {e.decoded("SEQUENCE") for e in again} == {version - 1}
    assert min(e.decoded("DTSTAMP") for e in again) >= max(e.decoded("DTSTAMP") for e in first)


@pytest.mark.parametrize("api", [False, True])
def test_the_bundle_validates_as_fhir_r4b_and_is_the_patients(world, api):
    response = get(world, "admin", "fhir", api)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = json.loads(response.content)
    get_fhir_model_class("Bundle").model_validate(bundle)
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert {"Patient", "Condition", "CarePlan", "ServiceRequest"} <= set(types)
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    (identifier,) = patient["identifier"]  # matched by the clinic's identifier, not an id
    assert (identifier["system"], identifier["value"]) == (
        DEMO_PATIENT_ID_SYSTEM,
        str(world.patient_a.pk),
    )


def test_the_bundles_care_plan_follows_the_programs_edits(world):
    program = world.patient_a.programs.get(is_current=True)
    removed = program.items.live().first()
    removed.status = "removed"
    removed.save()
    bundle = json.loads(get(world, "therapist", "fhir").content)
    requests = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    ]
    assert removed.item_id not in json.dumps(requests)


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("api", [False, True])
def test_another_patients_download_is_a_404(world, kind, api):
    url = (API[kind] if api else PAGES[kind][0]).format(world.patient_b.pk)
    assert world.client("patient_a_user").get(url).status_code == 404
    assert world.client("other_therapist").get(url).status_code == 404


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_a_download_is_an_audited_read(world, kind):
    get(world, "therapist", kind)
    event = AuditEvent.objects.filter(object_type=kind).get()
    assert (event.action, event.patient_id, event.username) == ("read", world.patient_a.pk, "tess")


def test_a_program_stopped_by_a_warning_sign_has_no_calendar_and_a_handout_on_hold(world, tmp_path):
    world.patient_a.programs.filter(is_current=True).update(status=ProgramStatus.STOPPED)
    assert get(world, "patient_a_user", "calendar").status_code == 409
    api = get(world, "patient_a_user", "calendar", api=True)
    assert api.status_code == 409 and api.json()["detail"]
    assert get(world, "patient_a_user", "handout").status_code == 200


def test_a_patient_without_a_program_has_nothing_to_download(world):
    world.patient_a.programs.all().delete()
    for kind in PAGES:
        assert get(world, "therapist", kind).status_code == 404


def test_the_patient_page_and_the_therapist_page_link_the_downloads(world):
    mine = world.client("patient_a_user").get("/me/").content.decode()
    theirs = world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()
    for url, _ in PAGES.values():
        assert url.format(world.patient_a.pk) in mine
        assert url.format(world.patient_a.pk) in theirs


def test_a_stopped_program_offers_no_calendar_on_the_therapists_page(world):
    world.patient_a.programs.filter(is_current=True).update(status=ProgramStatus.STOPPED)
    html = world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert f"/patients/{world.patient_a.pk}/handout.pdf" in html
    assert f"/patients/{world.patient_a.pk}/program.ics" not in html


def test_the_progress_report_charts_the_scores_the_clinic_recorded(world, tmp_path):
    from sciatica_pt.clinic.services import outcomes
    from tests.clinic.conftest import TODAY

    outcomes.record(None, world.therapist, world.patient_a, "psfs_mean", 3, TODAY, TODAY)
    outcomes.record(None, world.therapist, world.patient_a, "odi_percent", 40, TODAY, TODAY)
    text = pdf_text(get(world, "therapist", "progress").content, tmp_path)
    assert "no scores recorded yet" not in text
