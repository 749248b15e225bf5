"""A patient's contact details (date of birth, e-mail, phone): optional, checked, each problem
naming its field, on the new-patient page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest

from sciatica_pt.clinic.models import AuditEvent, Patient
from sciatica_pt.clinic.services import contact
from sciatica_pt.clinic.services.errors import InvalidInput

TODAY = dt.date(2026, 12, 7)


def test_good_details_are_kept_as_given():
    got = contact.parse(
        {"date_of_birth": "1971-04-23", "email": "pat@example.org", "phone": "+44 20 7946 0958"},
        TODAY,
    )
    assert got == contact.Contact(dt.date(1971, 4, 23), "pat@example.org", "+44 20 7946 0958")
    assert contact.parse({}, TODAY) == contact.Contact()


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("date_of_birth", "23/04/1971", "date_of_birth: '23/04/1971' is not a date"),
        ("date_of_birth", "2027-01-01", "date_of_birth: 2027-01-01 is in the future"),
        ("date_of_birth", "1890-01-01", "more than 120 years ago"),
        ("email", "pat-at-example.org", "email: 'pat-at-example.org' is not an e-mail"),
        ("phone", "call me", "phone: use digits"),
        ("phone", "12345", "phone: has 5 digits"),
        ("phone", "+1 234 567 890 123 456", "phone: has 16 digits"),
        ("email", 42, "email: must be text"),
    ],
)
def test_bad_details_are_refused_naming_the_field(field, raw, message):
    with pytest.raises(InvalidInput) as caught:
        contact.parse({field: raw}, TODAY)
    assert any(message in p for p in caught.value.problems), caught.value.problems


def test_the_new_patient_page_stores_contact_details(world):
    response = world.client("therapist").post(
        "/patients/new/",
        {
            "display_name": "Robin Reed",
            "date_of_birth": "1980-02-29",
            "email": "robin@example.org",
            "phone": "020 7946 0000",
        },
    )
    assert response.status_code == 302
    robin = Patient.objects.get(display_name="Robin Reed")
    assert (robin.date_of_birth, robin.email, robin.phone) == (
        dt.date(1980, 2, 29),
        "robin@example.org",
        "020 7946 0000",
    )


def test_the_new_patient_page_shows_each_problem_and_keeps_the_answers(world):
    before = Patient.objects.count()
    response = world.client("therapist").post(
        "/patients/new/",
        {"display_name": "Robin Reed", "date_of_birth": "1980-02-30", "email": "robin@"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "date_of_birth: &#x27;1980-02-30&#x27; is not a date" in html
    assert "email: &#x27;robin@&#x27; is not an e-mail address" in html
    assert 'value="robin@"' in html
    assert Patient.objects.count() == before


def test_the_api_takes_and_returns_contact_details(world):
    client = world.client("therapist")
    body = {"display_name": "Sam Stone", "date_of_birth": "1990-06-01", "phone": "+1 555 0100 200"}
    created = client.post("/api/patients", body, content_type="application/json")
    assert created.status_code == 201, created.content
    got = client.get(f"/api/patients/{created.json()['id']}").json()
    assert (got["date_of_birth"], got["email"], got["phone"]) == ("1990-06-01", "", body["phone"])
    bad = client.post(
        "/api/patients",
        {"display_name": "Sam Stone", "email": "nope"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert any("email:" in str(p) for p in bad.json()["detail"])


def test_the_patient_page_shows_the_contact_details(world):
    patient = world.patient_a
    patient.date_of_birth, patient.email, patient.phone = dt.date(1971, 4, 23), "a@x.org", "+1 555"
    patient.save()
    html = world.client("therapist").get(f"/patients/{patient.pk}/").content.decode()
    assert "Born 1971-04-23" in html
    assert '<a href="mailto:a@x.org">a@x.org</a>' in html and 'href="tel:+1555"' in html


def test_contact_details_are_changed_on_their_own_page_and_audited(world):
    client = world.client("therapist")
    url = f"/patients/{world.patient_a.pk}/contact/"
    assert 'href="' + url + '"' in client.get(f"/patients/{world.patient_a.pk}/").content.decode()
    response = client.post(url, {"date_of_birth": "1971-04-23", "email": "a@x.org", "phone": ""})
    assert response.status_code == 302
    world.patient_a.refresh_from_db()
    assert (world.patient_a.date_of_birth, world.patient_a.email) == (
        dt.date(1971, 4, 23),
        "a@x.org",
    )
    assert 'value="1971-04-23"' in client.get(url).content.decode()
    written = AuditEvent.objects.filter(action="write", object_type="patient_contact")
    assert written.filter(object_id=str(world.patient_a.pk)).exists()
    bad = client.post(url, {"date_of_birth": "", "email": "", "phone": "12"})
    assert bad.status_code == 400 and "phone: has 2 digits" in bad.content.decode()
    world.patient_a.refresh_from_db()
    assert world.patient_a.email == "a@x.org"  # nothing changed by a refused form


def test_the_api_changes_contact_details_and_names_a_bad_one(world):
    client = world.client("therapist")
    url = f"/api/patients/{world.patient_a.pk}/contact"
    ok = client.post(url, {"email": "pat@example.org"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["email"] == "pat@example.org"
    bad = client.post(url, {"date_of_birth": "tomorrow"}, content_type="application/json")
    assert bad.status_code == 422
    assert any("date_of_birth:" in str(p) for p in bad.json()["detail"])
    world.patient_a.refresh_from_db()
    assert world.patient_a.email == "pat@example.org"
