"""A clinic's own exercise end to end in Debian's chromium (issue 20): a therapist writes one
with a photo, adds it to a patient's program with a reason, and the patient sees it on Today
(phone-sized). Screenshots in test-artifacts/."""

from __future__ import annotations

import os

import pytest

from sciatica_pt.clinic.models import ClinicExercise, ProgramItem
from tests.clinic.clinic_exercise_fixtures import FORM, REASON, photo_bytes
from tests.clinic.test_browser_journeys import ARTIFACTS, PHONE, _login, _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
NAME = "Doorway hip hinge"


def _write_the_exercise(page, tmp_path) -> None:
    photo = tmp_path / "hinge.jpg"
    photo.write_bytes(photo_bytes(size=(320, 240)))
    page.get_by_role("link", name="Our exercises", exact=True).click()
    page.get_by_role("link", name="Add an exercise").click()
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Class", exact=True).select_option(label="Strength for daily tasks")
    page.get_by_label("Direction of movement").select_option("neutral")
    page.get_by_label("Position", exact=True).select_option("standing")
    page.get_by_label("Times in a row").fill("8")
    page.get_by_label("Times a day", exact=True).fill("2")
    page.get_by_label("Summary (one sentence)").fill(FORM["summary"])
    page.get_by_label("Steps (one sentence a line)").fill(FORM["steps"])
    page.get_by_label("Stop and contact your therapist if").fill(FORM["stop_if"])
    page.get_by_label("Or a photo").set_input_files(str(photo))


def _loaded(img) -> None:
    """The photo is shown: served to this user and decoded (it loads lazily, once in view)."""
    img.scroll_into_view_if_needed()
    img.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
    )


def test_a_therapist_adds_an_exercise_with_a_photo_and_the_patient_sees_it(
    world, live_server, page, tmp_path
):
    base = live_server.url
    _login(page, base, "tess")
    page.wait_for_url("**/patients/")
    _write_the_exercise(page, tmp_path)
    page.get_by_label("Summary (one sentence)").fill("you lean forward.")  # not a sentence
    page.get_by_role("button", name="Save the exercise").click()
    assert "summary:" in page.get_by_role("alert").inner_text()
    _shot(page, "clinic-exercise-01-refused-naming-the-field")
    assert not ClinicExercise.objects.exists()

    _write_the_exercise(page, tmp_path)  # the file input is empty after a refusal
    page.get_by_role("button", name="Save the exercise").click()
    page.wait_for_url("**/exercises/")
    assert page.get_by_role("heading", name=NAME).is_visible()
    _shot(page, "clinic-exercise-02-our-exercises")
    row = ClinicExercise.objects.get(name=NAME)

    page.goto(f"{base}/patients/{world.patient_a.pk}/program/?q=hinge")
    card = page.locator(f"#pick-clinic-{row.pk}")
    _loaded(card.locator("img.photo"))
    _shot(page, "clinic-exercise-03-in-the-picker")
    card.get_by_role("button", name=f"Add {NAME}").click()
    assert "reason: a reason is required" in page.content()
    card = page.locator(f"#pick-clinic-{row.pk}")
    if not card.count():  # the page came back without the search: search again
        page.goto(f"{base}/patients/{world.patient_a.pk}/program/?q=hinge")
        card = page.locator(f"#pick-clinic-{row.pk}")
    card.get_by_label("Reason").fill(REASON)
    card.get_by_role("button", name=f"Add {NAME}").click()
    assert page.get_by_role("heading", name=NAME).first.is_visible()
    added = ProgramItem.objects.get(item_id=f"clinic-{row.pk}")
    assert added.clinician_reason == REASON
    _shot(page, "clinic-exercise-04-in-the-program")

    page.get_by_role("button", name="Log out").click()
    page.set_viewport_size(PHONE)
    _login(page, base, "pat-a")
    page.goto(base + "/me/")
    assert page.get_by_role("heading", name=NAME).is_visible()
    photo = page.get_by_role("img", name=f"Photo of {NAME}")
    _loaded(photo)
    assert page.get_by_text("8 times, twice a day").first.is_visible()
    _shot(page, "clinic-exercise-05-patient-today")
    card = page.locator("li, section, article").filter(has=photo).last
    card.screenshot(path=str(ARTIFACTS / "clinic-exercise-06-patient-card.png"))
