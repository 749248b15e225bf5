"""The therapist's day and visit notes with the clinic techniques applied, each checked against
the patient's facts by the core's safety check."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sciatica_pt.clinic.models import AuditEvent
from sciatica_pt.clinic.services import assessments
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.intake.assessment import Precautions
from sciatica_pt.visits.models import VisitNote
from sciatica_pt.visits.services import notes
from tests.visits.conftest import (
    assessment_doc,
    book_visit,
    today_visit,
)

pytestmark = pytest.mark.django_db


def _with_precautions(w, **flags):
    doc = assessment_doc()
    doc["precautions"] = dict.fromkeys(Precautions.model_fields, False) | flags
    assessments.record(None, w.therapist, w.patient_a, doc, dt.date.today())


def _save(w, visit, chosen, reasons=None):
    text = {
        "subjective": "Leg pain easing",
        "objective": "SLR 60",
        "assessment": "Improving",
        "plan": "Continue",
    }
    return notes.save(None, w.therapist, visit, text, chosen, reasons or {})


def test_the_day_shows_todays_visits_with_alerts_checkins_and_program(visits_world):
    w = visits_world
    visit = today_visit(w)
    page = w.client("therapist").get("/visits/day/")
    assert page.status_code == 200
    text = page.content.decode()
    assert w.patient_a.display_name in text
    assert "leg pain 4" in text  # the fixture's check-in
    assert f"/visits/{visit.pk}/note/" in text
    assert "No visits today." in w.client("other_therapist").get("/visits/day/").content.decode()


def test_a_technique_with_no_contraindication_is_recorded_without_a_reason(visits_world):
    w = visits_world
    _with_precautions(w)
    visit = book_visit(w)
    note = _save(w, visit, ["spinal-manipulation"])
    assert [t["id"] for t in note.techniques] == ["spinal-manipulation"]
    assert note.techniques[0]["concern"] is None


def test_a_contraindicated_technique_needs_a_recorded_reason(visits_world):
    w = visits_world
    _with_precautions(w, anticoagulants=True)
    visit = book_visit(w)
    with pytest.raises(InvalidInput, match="reason_spinal-manipulation: a reason is required"):
        _save(w, visit, ["spinal-manipulation"])
    assert not VisitNote.objects.filter(visit=visit).exists()
    note = _save(w, visit, ["spinal-manipulation"], {"spinal-manipulation": "INR checked today"})
    assert "blood thinners" in note.techniques[0]["concern"]
    assert note.techniques[0]["reason"] == "INR checked today"


def test_a_precaution_is_shown_but_needs_no_reason(visits_world):
    w = visits_world
    _with_precautions(w, anticoagulants=True)
    visit = book_visit(w)
    note = _save(w, visit, ["soft-tissue-mobilization"])
    assert note.techniques[0]["precautions"]


def test_an_unanswered_precaution_is_not_a_no(visits_world):
    w = visits_world  # the fixture's assessment never asked about anticoagulants
    visit = book_visit(w)
    with pytest.raises(InvalidInput, match="not asked"):
        _save(w, visit, ["spinal-manipulation"])


def test_a_technique_the_guidelines_do_not_recommend_needs_a_reason(visits_world):
    w = visits_world
    _with_precautions(w)
    visit = book_visit(w)
    with pytest.raises(InvalidInput, match="not recommended"):
        _save(w, visit, ["tens"])


def test_an_unknown_technique_is_refused_naming_the_field(visits_world):
    w = visits_world
    visit = book_visit(w)
    with pytest.raises(InvalidInput, match="techniques: 'heated-stones'"):
        _save(w, visit, ["heated-stones"])
    with pytest.raises(InvalidInput, match="techniques: 'walking-program"):
        _save(w, visit, ["walking-program"])  # not a clinic technique either


def test_the_note_page_saves_the_note_and_audits_it(visits_world):
    w = visits_world
    _with_precautions(w, anticoagulants=True)
    visit = book_visit(w)
    url = f"/visits/{visit.pk}/note/"
    form = {
        "subjective": "Better",
        "objective": "",
        "assessment": "",
        "plan": "",
        "techniques": ["spinal-manipulation"],
    }
    refused = w.client("therapist").post(url, form)
    assert refused.status_code == 400 and b"a reason is required" in refused.content
    saved = w.client("therapist").post(
        url, {**form, "reason_spinal-manipulation": "Agreed with GP"}
    )
    assert saved.status_code == 302
    note = VisitNote.objects.get(visit=visit)
    assert note.subjective == "Better" and note.patient == w.patient_a
    assert (
        AuditEvent.objects.filter(
            object_type="visit_note", patient_id=w.patient_a.pk, action="write"
        ).count()
        == 1
    )
    again = w.client("therapist").get(url).content.decode()
    assert "Agreed with GP" in again and "Better" in again


def test_the_api_writes_a_note_and_refuses_a_contraindicated_technique_without_a_reason(
    visits_world,
):
    w = visits_world
    _with_precautions(w, anticoagulants=True)
    visit = book_visit(w)
    url = f"/api/visits/{visit.pk}/note"
    body = {"subjective": "Better", "techniques": [{"id": "spinal-manipulation"}]}
    client = w.client("therapist")
    refused = client.post(url, json.dumps(body), "application/json")
    assert refused.status_code == 422
    assert "reason_spinal-manipulation" in refused.json()["detail"][0]
    body["techniques"][0]["reason"] = "Discussed with the GP"
    saved = client.post(url, json.dumps(body), "application/json")
    assert saved.status_code == 200
    assert saved.json()["techniques"][0]["reason"] == "Discussed with the GP"
    assert client.get(url).json()["subjective"] == "Better"


def test_the_api_day_lists_todays_visits_with_the_patients_alerts(visits_world):
    w = visits_world
    visit = today_visit(w)
    rows = w.client("therapist").get("/api/visits/day").json()
    assert [r["visit"]["id"] for r in rows] == [visit.pk]
    assert rows[0]["open_alerts"] == w.patient_a.alerts.filter(status="open").count() > 0
    assert rows[0]["program_status"] == "active"
