"""The assessment form and result page, and `POST /api/assess` (assessment v1)."""

from __future__ import annotations

from sciatica_pt.clinic import assessment_form
from sciatica_pt.clinic.models import Assessment
from tests.clinic.conftest import assessment_doc


def test_the_form_has_every_field_of_assessment_v1():
    names = {f.name for s in assessment_form.blank_sections() for f in s.fields}
    for section, model in assessment_form.SECTIONS:
        for field in model.model_fields:
            path = f"{section}.{field}"
            assert path in names or any(
                n.startswith(path + ".") or n.startswith(path + "[") for n in names
            ), path
    assert "notes" in names


def test_red_flags_default_to_a_visible_not_asked(world):
    html = world.client("therapist").get(f"/patients/{world.patient_a.pk}/assess/").content.decode()
    assert 'name="red_flags.saddle_anesthesia" value="" checked' in html
    assert "Not asked" in html


def _post(world, **fields):
    form = {
        "patient.age": "34",
        "history.duration_weeks": "3",
        "symptoms.back_pain_nrs": "4",
        "symptoms.leg_pain_nrs": "6",
    }
    form.update(fields)
    return world.client("therapist").post(f"/patients/{world.patient_a.pk}/assess/", form)


def test_a_valid_form_stores_the_assessment_and_shows_the_result(world):
    before = Assessment.objects.count()
    response = _post(
        world,
        **{
            "red_flags.saddle_anesthesia": "no",
            "exam.repeated_movements.extension_in_lying": "centralizes",
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.count() == before + 1
    stored = Assessment.objects.order_by("-pk").first()
    assert stored.document["red_flags"] == {"saddle_anesthesia": False}
    page = world.client("therapist").get(response.url)
    assert b"Triage" in page.content and b"not a diagnosis" in page.content


def test_unanswered_red_flags_leave_the_plan_provisional(world):
    _post(world)
    stored = Assessment.objects.order_by("-pk").first()
    assert stored.result["plan"]["status"] != "active"
    assert "red_flags.saddle_anesthesia" in stored.result["triage"]["unanswered"]


def test_bad_form_input_is_shown_by_field_and_nothing_is_saved(world):
    before = Assessment.objects.count()
    response = _post(world, **{"symptoms.leg_pain_nrs": "14", "patient.age": "ten"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "14 is above 10" in html and "is not a whole number" in html
    assert 'value="ten"' in html  # the answer is kept for correction, never cleared or guessed
    assert Assessment.objects.count() == before


def test_a_saddle_anaesthesia_answer_withholds_the_plan_and_alerts(world):
    _post(world, **{"red_flags.saddle_anesthesia": "yes"})
    stored = Assessment.objects.order_by("-pk").first()
    assert stored.result["triage"]["level"] == "emergency"
    assert stored.result["plan"]["status"] == "withheld"
    assert world.patient_a.alerts.filter(severity="critical", status="open").exists()


def test_post_api_assess_speaks_assessment_v1(world):
    response = world.client("therapist").post(
        "/api/assess", assessment_doc(), content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1 and set(body) >= {"triage", "classification", "plan"}
    assert all("class" in item for item in body["plan"]["items"])


def test_post_api_assess_rejects_bad_input_with_field_paths(world):
    bad = assessment_doc()
    bad["symptoms"]["leg_pain_nrs"] = 14
    bad["surprise"] = True
    response = world.client("therapist").post("/api/assess", bad, content_type="application/json")
    assert response.status_code == 422
    assert "symptoms.leg_pain_nrs: 14 is above 10" in response.json()["detail"]
    assert "surprise: is not a known field" in response.json()["detail"]


def test_post_api_assess_rejects_a_body_that_is_not_json(world):
    response = world.client("therapist").post(
        "/api/assess", "{nope", content_type="application/json"
    )
    assert response.status_code == 422


def test_a_provisional_plan_is_not_started_by_the_patient_alone(world):
    from sciatica_pt.clinic.services import assessments
    from tests.clinic.conftest import TODAY

    doc = assessment_doc()
    del doc["red_flags"]  # nothing asked yet: the plan stays provisional
    assessments.record(None, world.therapist, world.patient_a, doc, TODAY)
    page = world.client("patient_a_user").get("/me/").content.decode()
    assert "Not started yet" in page and "Log today's session" not in page
    api = world.client("patient_a_user").get("/api/me/program").json()
    assert api["status"] == "provisional" and api["ready_for_patient"] is False


def test_an_active_plan_is_ready_for_the_patient(world):
    page = world.client("patient_a_user").get("/me/").content.decode()
    assert "Log today's session" in page
    assert world.client("patient_a_user").get("/api/me/program").json()["ready_for_patient"]
