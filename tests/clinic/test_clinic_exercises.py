"""A clinic's own exercises (issue 20): written, edited and retired by the clinic's staff,
checked like the built-ins, and used by every part of the app the built-ins reach."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from PIL import Image

from sciatica_pt.clinic.models import AuditEvent, ClinicExercise, Patient, ProgramItem
from sciatica_pt.clinic.services import assessments, checkins, clinic_exercises, programs
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.services.exercise_photos import MAX_BYTES
from tests.clinic.clinic_exercise_fixtures import (
    FORM,
    NAME,
    REASON,
    add_to_program,
    make_exercise,
    photo_bytes,
    upload,
)
from tests.clinic.conftest import TODAY, assessment_doc, checkin_doc
from tests.clinic.test_downloads import pdf_text

NEW = "/exercises/new/"


def _post_new(world, who="therapist", photo=None, **changes):
    form = {**FORM, **changes}
    if photo is not None:
        form["photo"] = photo
    return world.client(who).post(NEW, form)


# --- create, edit, retire ------------------------------------------------------------------


def test_a_therapist_creates_an_exercise_with_a_photo_whose_exif_is_dropped(world):
    response = _post_new(world, photo=upload())
    assert response.status_code == 302, response.content.decode()[:2000]
    row = ClinicExercise.objects.get(name=NAME)
    assert row.clinic == world.clinic and row.steps[0].startswith("Stand with your back")
    assert row.dosage == {"reps": 8, "hold_seconds": 5, "per_day": 2}
    stored = clinic_exercises.photo_for(world.therapist, row.pk)
    assert b"Secret Owner Name" not in stored.read_bytes()
    with Image.open(stored) as image:
        assert image.format == "JPEG" and not image.getexif()
    assert AuditEvent.objects.filter(object_type="clinic_exercise", object_id=str(row.pk)).exists()


def test_the_admin_may_write_them_too(world):
    assert _post_new(world, "admin", pose="wall-squat").status_code == 302


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name:"),
        ({"summary": "you lean on a wall"}, "summary:"),
        ({"steps": "Stand tall.\nand then slide down."}, "steps[1]:"),
        ({"steps": "Ask the patient to stand against the wall."}, "steps[0]:"),
        ({"stop_if": ""}, "stop_if:"),
        ({"clinician_notes": "keep knees back"}, "clinician_notes[0]:"),
        ({"item_class": "tens"}, "tens is not an exercise class"),
        ({"direction": "sideways"}, "direction:"),
        ({"dose_reps": "lots"}, "dosage.reps:"),
        ({"dose_reps": "500"}, "dosage.reps:"),
        ({"dose_reps": "", "dose_hold_seconds": "", "dose_per_day": ""}, "dosage:"),
        ({"contraindications": ["ci.made-up-rule"]}, "contraindications:"),
        ({"pose": "advice-stay-active"}, "pose:"),
        ({"position": "upside_down"}, "position:"),
        ({"minutes": "0"}, "minutes:"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(world, changes, field):
    response = _post_new(world, **{"pose": "wall-squat", **changes})
    assert response.status_code == 400
    assert field in response.content.decode().replace("&#x27;", "'")
    assert not ClinicExercise.objects.exists()


def test_an_exercise_needs_a_picture(world):
    response = _post_new(world)
    assert response.status_code == 400 and "pose: choose a drawing" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"%PDF-1.4 not a picture", "is not a JPEG, PNG or WebP"),
        (photo_bytes("GIF"), "is not a JPEG, PNG or WebP"),
        (photo_bytes()[:200], "is not a JPEG, PNG or WebP"),  # cut short
        (b"\xff" * (MAX_BYTES + 1), "above the limit"),
    ],
)
def test_a_photo_that_is_not_a_small_picture_is_refused(world, data, why):
    response = _post_new(world, photo=upload(data))
    text = response.content.decode()
    assert response.status_code == 400 and "photo:" in text and why in text
    assert not ClinicExercise.objects.exists()


def test_a_request_past_the_body_limit_is_refused_and_nothing_is_saved(world):
    response = _post_new(world, photo=upload(b"\xff" * 3 * 1024 * 1024))
    assert response.status_code == 413 and not ClinicExercise.objects.exists()


def test_a_png_photo_is_kept_as_a_jpeg(world):
    assert _post_new(world, photo=upload(photo_bytes("PNG"), "squat.png")).status_code == 302
    row = ClinicExercise.objects.get()
    with Image.open(clinic_exercises.photo_for(world.therapist, row.pk)) as image:
        assert image.format == "JPEG"


def test_an_edit_is_saved_and_audited_and_bad_input_changes_nothing(world):
    row = make_exercise(world.therapist)
    url = f"/exercises/{row.pk}/"
    assert world.client("therapist2").get(url).status_code == 200
    edited = {**FORM, "name": "Wall squat, deeper", "dose_reps": "10"}
    assert world.client("therapist2").post(url, edited).status_code == 302
    row.refresh_from_db()
    assert row.name == "Wall squat, deeper" and row.dosage["reps"] == 10 and row.photo
    bad = world.client("therapist2").post(url, {**edited, "summary": "lower case."})
    assert bad.status_code == 400 and "summary:" in bad.content.decode()
    row.refresh_from_db()
    assert row.summary == FORM["summary"]
    writes = AuditEvent.objects.filter(object_type="clinic_exercise", object_id=str(row.pk))
    assert writes.count() == 2


def test_another_clinic_never_sees_or_uses_it(world):
    row = make_exercise(world.therapist)
    other = world.client("other_therapist")
    for url in (f"/exercises/{row.pk}/", f"/exercises/{row.pk}/photo.jpg"):
        assert other.get(url).status_code == 404
    assert other.post(f"/exercises/{row.pk}/retire/").status_code == 404
    assert NAME not in other.get("/exercises/").content.decode()
    row.refresh_from_db()
    assert not row.retired
    # Nor can its id be put in another clinic's patient's program.
    patient = Patient.objects.create(
        clinic=world.other_therapist.membership.clinic, display_name="O"
    )
    assessments.record(None, world.other_therapist, patient, assessment_doc(), TODAY)
    program = programs.current_program(patient)
    with pytest.raises(InvalidInput, match="item_id: 'clinic-"):
        programs.add_item(
            None, world.other_therapist, patient, program.version, f"clinic-{row.pk}", "Why not."
        )


def test_retiring_takes_it_out_of_the_picker_but_never_out_of_a_program(world):
    row = make_exercise(world.therapist)
    add_to_program(world, row)
    picker = f"/patients/{world.patient_b.pk}/program/?q=wall+squat+hold"
    assert NAME in world.client("therapist").get(picker).content.decode()
    assert world.client("therapist").post(f"/exercises/{row.pk}/retire/").status_code == 302
    row.refresh_from_db()
    assert row.retired
    assert NAME not in world.client("therapist").get(picker).content.decode()
    program_b = programs.current_program(world.patient_b)
    with pytest.raises(InvalidInput, match="retired"):
        programs.add_item(
            None, world.therapist, world.patient_b, program_b.version, f"clinic-{row.pk}", REASON
        )
    today = world.client("patient_a_user").get("/me/").content.decode()
    assert NAME in today and "Stand with your back flat against a wall" in today
    back = world.client("therapist").post(f"/exercises/{row.pk}/retire/", {"retired": "no"})
    assert back.status_code == 302
    assert NAME in world.client("therapist").get(picker).content.decode()


# --- the engine treats it like a built-in ---------------------------------------------------


def test_it_enters_a_program_only_with_a_reason(world):
    row = make_exercise(world.therapist)
    program = programs.current_program(world.patient_a)
    with pytest.raises(InvalidInput, match=r"reason: a reason is required.*clinic's own"):
        programs.add_item(
            None, world.therapist, world.patient_a, program.version, f"clinic-{row.pk}", " "
        )
    added = add_to_program(world, row)
    assert added.clinician_reason == REASON and added.refs == [f"clinic-{row.pk}"]
    assert added.dosage == {"reps": 8, "hold_seconds": 5, "per_day": 2}


@pytest.fixture
def osteoporotic(world):
    doc = assessment_doc()
    doc["precautions"] = {"osteoporosis": True}
    assessments.record(None, world.therapist, world.patient_a, doc, TODAY)
    return programs.current_program(world.patient_a)


def test_a_contraindication_tag_applies_as_it_does_to_a_built_in(world, osteoporotic):
    tagged = make_exercise(world.therapist, contraindications=["ci.osteoporosis-loaded-flexion"])
    untagged = make_exercise(world.therapist, name="Calf raise at the wall")
    kb = clinic_exercises.knowledge_for(world.clinic)
    blocked = programs.contraindications(osteoporotic, kb.item(f"clinic-{tagged.pk}"))
    assert blocked and "osteoporosis" in blocked[0].lower()
    assert not programs.contraindications(osteoporotic, kb.item(f"clinic-{untagged.pk}"))
    sit_ups = next(i for i in kb.items if i.item_class.value == "loaded_flexion_exercise")
    assert programs.contraindications(osteoporotic, sit_ups) == blocked
    with pytest.raises(InvalidInput, match="contraindicated for this patient"):
        programs.add_item(
            None, world.therapist, world.patient_a, osteoporotic.version, f"clinic-{tagged.pk}", ""
        )


def test_a_rule_of_its_class_applies_without_a_tag(world, osteoporotic):
    crunch = make_exercise(world.therapist, name="Our crunch", item_class="loaded_flexion_exercise")
    kb = clinic_exercises.knowledge_for(world.clinic)
    assert programs.contraindications(osteoporotic, kb.item(f"clinic-{crunch.pk}"))


def test_the_picker_finds_it_with_its_photo_and_filters_it(world):
    row = make_exercise(world.therapist)
    base = f"/patients/{world.patient_a.pk}/program/"
    page = world.client("therapist").get(base + "?q=squat+hold").content.decode()
    assert NAME in page and f'src="/exercises/{row.pk}/photo.jpg"' in page
    assert "required: your clinic's own exercise" in page
    own = world.client("therapist").get(base + "?grade=clinic_own").content.decode()
    assert NAME in own and "1 item found" in own
    other_class = world.client("therapist").get(base + "?q=squat+hold&item_class=hip_mobility")
    assert NAME not in other_class.content.decode()
    standing = world.client("therapist").get(base + "?q=squat+hold&position=standing")
    assert NAME in standing.content.decode()


def test_a_drawn_exercise_shows_the_built_in_drawing_under_its_own_name(world):
    row = make_exercise(world.therapist, photo=False, name="Our mini squat")
    page = world.client("therapist").get(f"/patients/{world.patient_a.pk}/program/?q=mini")
    text = page.content.decode()
    assert f'id="pick-clinic-{row.pk}"' in text and "<svg" in text
    assert "Our mini squat: start and end positions" in text


def test_the_patient_sees_its_photo_steps_and_plain_dose_on_today_and_the_check_in(world):
    row = make_exercise(world.therapist)
    add_to_program(world, row)
    patient = world.client("patient_a_user")
    for url in ("/me/", "/me/checkin/"):
        text = patient.get(url).content.decode()
        assert NAME in text and f"/exercises/{row.pk}/photo.jpg" in text, url
    today = patient.get("/me/").content.decode()
    assert "Slide down until your knees are a little bent, then hold." in today
    assert "8 times" in today and "Keep the knees behind the toes" not in today
    photo = patient.get(f"/exercises/{row.pk}/photo.jpg")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert world.client("patient_b_user").get(f"/exercises/{row.pk}/photo.jpg").status_code == 404


def test_the_handout_pdf_has_it_with_its_steps(world, tmp_path):
    row = make_exercise(world.therapist)
    add_to_program(world, row)
    response = world.client("therapist").get(f"/patients/{world.patient_a.pk}/handout.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert NAME in text and "Push back up slowly." in text
    drawn = make_exercise(world.therapist, photo=False, name="Our mini squat")
    add_to_program(world, drawn)
    response = world.client("patient_a_user").get(f"/patients/{world.patient_a.pk}/handout.pdf")
    assert "Our mini squat" in pdf_text(response.content, tmp_path)


def test_the_calendar_has_it(world):
    row = make_exercise(world.therapist)
    add_to_program(world, row)
    ics = world.client("patient_a_user").get(f"/patients/{world.patient_a.pk}/program.ics")
    assert ics.status_code == 200
    assert NAME in ics.content.decode().replace("\r\n ", "")


def test_the_fhir_export_names_it_and_the_clinic_without_inventing_a_code(world):
    row = make_exercise(world.therapist)
    add_to_program(world, row)
    response = world.client("therapist").get(f"/patients/{world.patient_a.pk}/fhir.json")
    bundle = json.loads(response.content)
    requests = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "ServiceRequest"
        and e["resource"]["code"].get("text") == NAME
    ]
    assert len(requests) == 1
    (request,) = requests
    assert all(not c["code"].startswith("clinic-") for c in request["code"]["coding"])
    assert "Clinic A's own exercise" in request["note"][0]["text"]
    assert "Greenfield Physio in-house protocol" in request["note"][0]["text"]
    assert "Slide down until your knees" in request["patientInstruction"]


# --- the follow-up review --------------------------------------------------------------------


def _log(world, day, item_id, user=None, **changes):
    doc = checkin_doc(day=day.isoformat(), items_done=[item_id], **changes)
    checkins.log(None, user or world.patient_a_user, doc, day)


def test_the_follow_up_raises_its_dose_on_the_same_rules(world):
    """Patient B has no flare: six tolerated sessions earn a step up, one variable at a time
    (patient A's flare holds every progression, a clinic exercise's as a built-in's)."""
    row = make_exercise(world.therapist)
    item = add_to_program(world, row, patient=world.patient_b)
    for n in range(1, 8):
        day = TODAY + dt.timedelta(days=n)
        tolerated = {"pain_before_nrs": 3, "pain_during_nrs": 4}
        _log(world, day, item.item_id, world.patient_b_user, **tolerated)
    item.refresh_from_db()
    assert item.status == "active"
    assert item.dosage == {"reps": 10, "hold_seconds": 5, "per_day": 2}


def test_the_follow_up_stops_it_when_it_peripheralises(world):
    row = make_exercise(world.therapist)
    item = add_to_program(world, row)
    _log(world, TODAY + dt.timedelta(days=1), item.item_id, leg_symptoms="peripheralized")
    item.refresh_from_db()
    assert item.status == "stopped" and "peripheralizes" in item.reason
    # Stopped, never removed: the program and its history still hold it.
    assert ProgramItem.objects.filter(pk=item.pk).exists()


def test_the_therapists_pages_name_it_in_the_reviews_decisions(world):
    row = make_exercise(world.therapist)
    item = add_to_program(world, row)
    _log(world, TODAY + dt.timedelta(days=1), item.item_id, leg_symptoms="peripheralized")
    page = world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert f"({NAME})" in page


def test_the_photo_is_stored_under_the_data_dir_not_in_the_database(world):
    row = make_exercise(world.therapist)
    path = clinic_exercises.photo_for(world.therapist, row.pk)
    from django.conf import settings

    assert path.is_relative_to(settings.DATA_DIR) and path.stat().st_size > 0
    assert not io.BytesIO(path.read_bytes()).read().startswith(b"%PDF")
