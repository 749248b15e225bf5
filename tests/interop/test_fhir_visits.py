"""The patient's visits in the FHIR export: every Bundle with visits passes the R4 schema and
every R4 invariant; each visit's state, times, codes and note come back out of the Bundle as
they went in (the note character for character)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica_pt.commands.interop import read_document
from sciatica_pt.core.engine import assess
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.interop.fhir_export import episode_bundle
from sciatica_pt.interop.fhir_validate import bundle_problems
from tests.interop.builders import EXPORT, KB, SYSTEM, TODAY, active_result, full_assessment
from tests.interop.r4check import invariant_problems, r4_problems
from tests.interop.test_fhir_round_trip import EXAMPLES
from tests.interop.visit_records import NOW, every_kind_of_visit, note, visit

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V2_0276 = "http://terminology.hl7.org/CodeSystem/v2-0276"


def _export(visits, assessment=None, result=None, now=NOW):
    assessment = assessment or full_assessment()
    return episode_bundle(
        assessment, result or active_result(), KB, patient_id="p", today=TODAY,
        identifier_system=SYSTEM, export_id=EXPORT, visits=visits, now=now,
    )  # fmt: skip


def resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_url(bundle):
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def section_texts(composition):
    """Each section's text as a reader gets it back: the XHTML parsed, its text joined."""
    found = {}
    for section in composition.get("section", []):
        root = ElementTree.fromstring(section["text"]["div"])
        found[section["title"]] = "".join(root.itertext())
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_bundle_with_visits_passes_the_r4_schema_and_invariants(path: Path):
    assessment = parse_assessment(read_document(str(path)))
    bundle = _export(every_kind_of_visit(), assessment, assess(assessment, KB))
    assert bundle_problems(bundle) == []
    assert r4_problems(bundle) == ([], [])


@pytest.fixture(scope="module")
def bundle():
    return _export(every_kind_of_visit())


def _appointment(bundle, start):
    return next(a for a in resources(bundle, "Appointment") if a["start"] == start)


def test_each_visit_is_an_appointment_in_its_state(bundle):
    states = [(a["description"], a["status"]) for a in resources(bundle, "Appointment")]
    assert states == [
        ("Follow-up with Tess Therapist, in the clinic", "fulfilled"),  # seen: a note
        ("Online follow-up with Tess Therapist, online (video)", "arrived"),  # seen, now
        ("Follow-up with Tess Therapist, in the clinic", "booked"),  # past, no note
        ("Follow-up with Tess Therapist, in the clinic", "cancelled"),
        ("First assessment with Theo Therapist, in the clinic", "booked"),
    ]


def test_a_cancelled_visit_is_marked_and_holds_no_slot(bundle):
    cancelled = [a for a in resources(bundle, "Appointment") if a["status"] == "cancelled"]
    assert len(cancelled) == 1 and "slot" not in cancelled[0]
    assert "(cancelled)" in cancelled[0]["text"]["div"]
    slots = resources(bundle, "Slot")
    assert len(slots) == 4 and cancelled[0]["start"] not in {s["start"] for s in slots}


def test_a_visit_without_a_note_is_never_guessed_to_have_happened(bundle):
    past = next(v for v in every_kind_of_visit() if v.key == "3")
    appointment = _appointment(bundle, past.start.isoformat().replace("+00:00", "Z"))
    assert appointment["status"] == "booked"
    assert len(resources(bundle, "Encounter")) == 2  # only the visits with a note


def test_times_are_utc_instants_and_the_slot_is_in_the_therapists_schedule(bundle):
    urls = by_url(bundle)
    for appointment in resources(bundle, "Appointment"):
        for key in ("start", "end", "created"):
            assert dt.datetime.fromisoformat(appointment[key]).utcoffset() == dt.timedelta(0)
        for ref in appointment.get("slot", []):
            slot = urls[ref["reference"]]
            assert (slot["start"], slot["end"]) == (appointment["start"], appointment["end"])
            schedule = urls[slot["schedule"]["reference"]]
            therapist = next(p for p in appointment["participant"] if "display" in p["actor"])
            assert therapist["actor"] in schedule["actor"]
    assert len(resources(bundle, "Schedule")) == 2  # one per therapist


def test_the_narrative_shows_the_clinics_wall_clock_time_across_a_daylight_saving_change():
    # Copenhagen: 09:00 local is 08:00 UTC before 29 March 2026, 07:00 UTC after it.
    winter = visit("w", dt.datetime(2026, 3, 27, 8, 0, tzinfo=dt.UTC))
    summer = visit("s", dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC))
    found = _export([winter, summer])
    slots = resources(found, "Slot")
    assert [s["start"] for s in slots] == ["2026-03-27T08:00:00Z", "2026-03-30T07:00:00Z"]
    assert all("09:00-09:30 (Europe/Copenhagen)" in s["text"]["div"] for s in slots)


def test_the_encounter_class_is_ambulatory_in_the_clinic_and_virtual_online(bundle):
    urls = by_url(bundle)
    classes = {}
    for encounter in resources(bundle, "Encounter"):
        appointment = urls[encounter["appointment"][0]["reference"]]
        assert encounter["class"]["system"] == ACT_CODE
        classes[appointment["status"]] = (encounter["class"]["code"], encounter["status"])
    assert classes == {"fulfilled": ("AMB", "finished"), "arrived": ("VR", "in-progress")}


def test_only_a_follow_up_carries_a_code_and_a_first_assessment_is_text_only(bundle):
    kinds = {
        a["appointmentType"]["text"]: a["appointmentType"] for a in resources(bundle, "Appointment")
    }
    assert kinds["First assessment"] == {"text": "First assessment"}
    assert kinds["Follow-up"]["coding"][0] == {
        "system": V2_0276,
        "code": "FOLLOWUP",
        "display": "A follow up visit from a previous appointment",
    }


def test_the_note_is_a_composition_of_the_encounter_with_its_text_exactly(bundle):
    urls = by_url(bundle)
    seen = every_kind_of_visit()[0].note
    composition = next(
        c for c in resources(bundle, "Composition") if "Subjective" in section_texts(c)
        and section_texts(c)["Subjective"].startswith("Leg pain")
    )  # fmt: skip
    texts = section_texts(composition)
    assert texts["Subjective"] == seen.subjective  # "\r\n", "&" and "<daily>" intact
    assert texts["Objective"] == seen.objective
    assert texts["Assessment"] == seen.assessment
    assert texts["Plan"] == seen.plan
    encounter = urls[composition["encounter"]["reference"]]
    assert encounter["resourceType"] == "Encounter" and encounter["status"] == "finished"
    assert composition["author"][0]["display"] == "Tess Therapist"


def test_an_empty_part_of_the_note_has_no_section():
    found = _export([visit("1", NOW - dt.timedelta(days=1), note=note(plan="Walk daily."))])
    (composition,) = resources(found, "Composition")
    assert [s["title"] for s in composition["section"]] == ["Plan", "Clinic techniques applied"]
    assert r4_problems(found) == ([], [])


def test_each_technique_applied_is_a_procedure_in_the_encounter_with_its_reason(bundle):
    urls = by_url(bundle)
    procedures = resources(bundle, "Procedure")
    assert len(procedures) == 4  # two techniques in each of two notes
    traction = [p for p in procedures if p["code"]["text"] == "Lumbar traction"]
    assert traction[0]["reasonCode"] == [{"text": "Patient asked; explained the evidence <first>."}]
    assert "not recommended" in traction[0]["note"][0]["text"]
    for procedure in procedures:
        assert urls[procedure["encounter"]["reference"]]["resourceType"] == "Encounter"
        assert procedure["status"] == "completed"


@settings(max_examples=40, deadline=None)
@given(
    st.text(
        st.characters(
            codec="utf-8",
            exclude_categories=("Cs",),
            # XML 1.0 cannot carry these C0 controls at all (not even as references)
            exclude_characters="".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)])),
        ),
        min_size=1,
    ).filter(str.strip)
)
def test_any_note_text_comes_back_character_for_character(text):
    found = _export([visit("1", NOW - dt.timedelta(days=1), note=note(assessment=text))])
    (composition,) = resources(found, "Composition")
    assert section_texts(composition)["Assessment"] == text
    errors, warnings = invariant_problems(composition)
    assert errors == [] and warnings == []


def test_visits_without_the_time_now_are_refused_naming_it():
    with pytest.raises(InvalidInput, match="now"):
        _export(every_kind_of_visit(), now=None)


def test_the_checker_finds_an_appointment_without_its_end(bundle):
    appointment = copy.deepcopy(resources(bundle, "Appointment")[0])
    del appointment["end"]
    errors, _ = invariant_problems(appointment)
    assert any(" app-2 " in e for e in errors), errors


def test_a_control_character_saved_before_the_app_refused_them_keeps_the_bundle_valid():
    found = _export([visit("1", NOW - dt.timedelta(days=1), note=note(objective="SLR\x0160"))])
    (composition,) = resources(found, "Composition")
    assert section_texts(composition)["Objective"] == "SLR\ufffd60"  # shown, never dropped
    assert r4_problems(found) == ([], [])


def test_the_import_reads_a_bundle_with_visits_as_the_same_assessment(bundle):
    from sciatica_pt.interop.fhir_import import assessment_from_bundle

    assert assessment_from_bundle(bundle) == full_assessment()
