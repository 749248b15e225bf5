"""What the therapist reads on a patient's page (issue 20): the patient's check-in notes,
escaped; a critical alert naming the warning sign and the clinician's action."""

from __future__ import annotations

from sciatica_pt.clinic.services import checkins
from tests.clinic.conftest import TODAY, checkin_doc


def _page(world) -> str:
    return world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()


def test_a_check_in_note_reaches_the_therapists_page_escaped(world):
    note = "Sore after gardening <script>alert(1)</script> & tired"
    checkins.log(None, world.patient_a_user, checkin_doc(notes=note), TODAY)
    page = _page(world)
    assert "Sore after gardening &lt;script&gt;alert(1)&lt;/script&gt; &amp; tired" in page
    assert "<script>alert(1)</script>" not in page


def test_another_clinics_therapist_does_not_see_the_note(world):
    checkins.log(None, world.patient_a_user, checkin_doc(notes="private words"), TODAY)
    response = world.client("other_therapist").get(f"/patients/{world.patient_a.pk}/")
    assert response.status_code in (403, 404)
    assert b"private words" not in response.content


def test_a_critical_alert_says_which_sign_and_what_the_clinician_does(world):
    checkins.log(None, world.patient_a_user, checkin_doc(saddle_numbness=True), TODAY)
    page = _page(world)
    assert "numbness in the saddle area" in page
    assert "Contact the patient now and refer them to the emergency department" in page
    assert "Tell them you have sciatica" not in page
    assert "Stop the exercises and go to" not in page
