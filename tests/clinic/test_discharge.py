"""Discharge asks for confirmation and produces a discharge summary (issue 20): outcomes
against the baseline with their minimal important change, goals, the maintenance program and
the flare-up plan, as a page and a PDF letter."""

from __future__ import annotations

from sciatica_pt.clinic.models import AuditEvent
from sciatica_pt.clinic.services import outcomes, programs
from tests.clinic.conftest import TODAY
from tests.clinic.test_downloads import pdf_text


def _url(world, tail=""):
    return f"/patients/{world.patient_a.pk}/discharge/{tail}"


def _improved(world):
    outcomes.record(None, world.therapist, world.patient_a, "leg_pain_nrs", 1, TODAY, TODAY)


def test_the_page_shows_the_summary_and_asks_for_confirmation(world):
    _improved(world)
    page = world.client("therapist").get(_url(world)).content.decode()
    for heading in ("Outcomes against the baseline", "Goals", "Maintenance program"):
        assert heading in page
    assert "Leg pain" in page and "Minimal important change" in page
    assert "Flare-up plan" in page and "emergency department" in page
    assert 'name="confirm"' in page and "Discharge this patient" in page
    world.patient_a.refresh_from_db()
    assert world.patient_a.discharged_on is None  # looking discharges no one
    assert AuditEvent.objects.filter(object_type="discharge_summary", action="read").exists()


def test_an_unconfirmed_discharge_is_refused_naming_the_field(world):
    response = world.client("therapist").post(_url(world), {})
    assert response.status_code == 400
    assert "confirm: tick the box" in response.content.decode()
    world.patient_a.refresh_from_db()
    assert world.patient_a.discharged_on is None
    assert programs.current_program(world.patient_a).status != "discharged"


def test_a_confirmed_discharge_ends_the_program_and_offers_the_letter(world, tmp_path):
    _improved(world)
    client = world.client("therapist")
    response = client.post(_url(world), {"confirm": "yes"}, follow=True)
    world.patient_a.refresh_from_db()
    assert world.patient_a.discharged_on is not None
    assert programs.current_program(world.patient_a).status == "discharged"
    page = response.content.decode()
    assert "Discharged on" in page and 'name="confirm"' not in page
    letter = client.get(f"/patients/{world.patient_a.pk}/discharge.pdf")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    text = pdf_text(letter.content, tmp_path)
    assert "Discharge summary" in text and world.patient_a.display_name in text
    assert "Draft" not in text
    for part in ("minimal important change", "Goals", "Maintenance program", "Flare-up plan"):
        assert part in text
    assert "Leg pain" in text and "Improved" in text
    assert "3 times a week" in text  # the maintenance dose in words, a few times a week


def test_before_the_discharge_the_letter_is_a_draft(world, tmp_path):
    letter = world.client("therapist").get(f"/patients/{world.patient_a.pk}/discharge.pdf")
    assert "Draft discharge summary" in pdf_text(letter.content, tmp_path)


def test_the_patient_cannot_discharge_themselves_or_read_the_letter(world):
    client = world.client("patient_a_user")
    assert client.post(_url(world), {"confirm": "yes"}).status_code in (302, 403, 404)
    assert client.get(f"/patients/{world.patient_a.pk}/discharge.pdf").status_code in (403, 404)
    world.patient_a.refresh_from_db()
    assert world.patient_a.discharged_on is None
