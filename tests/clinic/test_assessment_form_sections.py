"""The assessment form as a therapist reads it (issue 20): sections in the working order with
the warning signs first and complete, human labels with units and help from core/words.py,
errors next to their field, and the range-of-motion fields added to assessment v1."""

from __future__ import annotations

import re

import pytest

from sciatica_pt import knowledge
from sciatica_pt.clinic import assessment_form
from sciatica_pt.clinic.models import Assessment
from sciatica_pt.core.engine import assess
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.intake import assessment as v1
from sciatica_pt.core.words import name_of
from tests.clinic.conftest import assessment_doc
from tests.clinic.test_assessment_pages import _post

ROM = {
    "exam.lumbar_flexion_deg": ("45", 45),
    "exam.lumbar_extension_deg": ("15", 15),
    "exam.fingertip_floor_cm": ("-5", -5),
    "exam.hip_internal_rotation_left_deg": ("35", 35),
    "exam.hip_internal_rotation_right_deg": ("30", 30),
    "exam.hip_external_rotation_left_deg": ("40", 40),
    "exam.hip_external_rotation_right_deg": ("42", 42),
}


def _page(world) -> str:
    return world.client("therapist").get(f"/patients/{world.patient_a.pk}/assess/").content.decode()


def test_sections_come_in_the_working_order_with_warning_signs_first():
    names = [s.name for s in assessment_form.blank_sections()]
    assert names == [
        "red_flags",
        "patient",
        "history",
        "symptoms",
        "precautions",
        "exam",
        "psychosocial",
        "outcomes",
        "context",
        "notes",
    ]


def test_the_warning_sign_section_asks_every_red_flag_of_assessment_v1():
    red = assessment_form.blank_sections()[0]
    assert {f.name for f in red.fields} == {f"red_flags.{n}" for n in v1.RedFlags.model_fields}
    assert all(f.widget == "flag" and f.choices[0] == ("", "Not asked") for f in red.fields)


def test_every_section_has_a_heading_and_no_label_is_a_machine_name(world):
    html = _page(world)
    headings = re.findall(r"<h2>\d+\. ([^<]+)</h2>", html)
    assert headings[0] == "Warning signs" and len(headings) == 10
    labels = re.findall(r"<(?:label|legend)[^>]*>([^<]+)", html)
    machine = [text for text in labels if "_" in text or re.search(r"\bnrs\b|\bslr\b", text)]
    assert machine == []
    for path in ("symptoms.leg_pain_nrs", "exam.slr_positive", "exam.slump_positive"):
        assert name_of(path, "field") in html


def test_number_fields_show_their_unit_range_and_help(world):
    html = _page(world)
    assert "Leg pain (0 to 10)" in html
    assert "Fingertip to floor (cm)" in html and "From -40 to 120." in html
    assert 'id="f-exam-lumbar_flexion_deg-help"' in html
    assert 'aria-describedby="f-exam-lumbar_flexion_deg-help"' in html
    assert "How far the lower back bends forward" in html


def test_the_page_works_without_a_script_and_loads_one_for_small_screens(world):
    html = _page(world)
    # Every section is in the page and none is hidden by the server.
    assert html.count("data-section") == len(assessment_form.blank_sections())
    assert " hidden" not in html.split("<form", 1)[1].split("</form>", 1)[0]
    assert "clinic/assessment.js" in html


def test_range_of_motion_is_stored_as_assessment_v1_fields(world):
    response = _post(world, **{path: raw for path, (raw, _) in ROM.items()})
    assert response.status_code == 302
    exam = Assessment.objects.order_by("-pk").first().document["exam"]
    assert {f"exam.{k}": v for k, v in exam.items()} == {p: v for p, (_, v) in ROM.items()}


@pytest.mark.parametrize(
    ("path", "raw", "message"),
    [
        ("exam.lumbar_flexion_deg", "130", "130 is above 120"),
        ("exam.lumbar_extension_deg", "-1", "is below 0"),
        ("exam.fingertip_floor_cm", "12.5", "is not a whole number"),
        ("exam.hip_internal_rotation_left_deg", "95", "95 is above 90"),
    ],
)
def test_a_bad_range_of_motion_is_refused_next_to_its_field(world, path, raw, message):
    before = Assessment.objects.count()
    response = _post(world, **{path: raw})
    assert response.status_code == 400
    html = response.content.decode()
    field_id = "f-" + path.replace(".", "-")
    error = re.search(rf'<p class="field-error" id="{field_id}-err">([^<]+)</p>', html)
    assert error is not None and message in error.group(1)
    assert f'value="{raw}"' in html  # kept for correction, never clamped
    assert Assessment.objects.count() == before


def test_the_problem_list_links_to_each_field(world):
    html = _post(world, **{"symptoms.leg_pain_nrs": "14"}).content.decode()
    assert 'href="#f-symptoms-leg_pain_nrs"' in html


def test_range_of_motion_is_optional_and_changes_no_classification():
    plain = v1.parse_assessment(assessment_doc())
    assert plain.exam.lumbar_flexion_deg is None
    doc = assessment_doc()
    doc["exam"] = {**doc.get("exam", {}), "lumbar_flexion_deg": 10, "fingertip_floor_cm": 60}
    measured = v1.parse_assessment(doc)
    assert measured.exam.fingertip_floor_cm == 60
    kb = knowledge.load()
    one, other = assess(plain, kb), assess(measured, kb)
    assert one.classification == other.classification


def test_the_core_names_a_bad_range_of_motion_field():
    doc = assessment_doc()
    doc["exam"] = {"hip_external_rotation_right_deg": True}
    with pytest.raises(InvalidInput, match=r"exam\.hip_external_rotation_right_deg"):
        v1.parse_assessment(doc)
