"""Plan editing: add, remove, change dose; reasons for not-recommended items; optimistic locking."""

from __future__ import annotations

import pytest

from sciatica_pt import knowledge
from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.models import ProgramItem
from sciatica_pt.clinic.services import programs
from sciatica_pt.clinic.services.errors import InvalidInput, StaleVersion
from sciatica_pt.core.vocabulary import EvidenceGrade


def _program(world):
    return programs.current_program(world.patient_a)


def _an_item(world):
    return ProgramItem.objects.filter(
        program=_program(world), status="active", dosage__isnull=False
    ).first()


def test_two_edits_from_the_same_version_the_second_is_refused_and_data_intact(world):
    program, item = _program(world), _an_item(world)
    version = program.version
    programs.change_dose(
        None, world.therapist, world.patient_a, version, item.pk, {"sets": 2, "reps": 8}
    )
    with pytest.raises(StaleVersion, match="changed by someone else"):
        programs.change_dose(None, world.therapist2, world.patient_a, version, item.pk, {"sets": 3})
    item.refresh_from_db()
    assert item.dosage == {"sets": 2, "reps": 8}
    assert _program(world).version == version + 1


def test_the_page_refuses_a_stale_version_with_a_clear_message(world):
    program, item = _program(world), _an_item(world)
    client = world.client("therapist")
    url = f"/patients/{world.patient_a.pk}/program/change/"
    form = {"version": program.version, "action": "dose", "item": item.pk, "sets": "2"}
    client.post(url, form)
    response = client.post(url, {**form, "sets": "5"}, follow=True)
    assert b"changed by someone else" in response.content
    item.refresh_from_db()
    assert item.dosage["sets"] == 2


def test_the_api_answers_409_for_a_stale_version(world):
    program, item = _program(world), _an_item(world)
    url = f"/api/patients/{world.patient_a.pk}/program/items/{item.pk}/dose"
    body = {"version": program.version, "dosage": {"sets": 2}}
    token_client = world.client("anonymous")
    headers = {"Authorization": f"Bearer {issue_token(world.therapist, 'test')}"}
    ok = token_client.post(url, body, content_type="application/json", headers=headers)
    assert ok.status_code == 200 and ok.json()["version"] == program.version + 1
    stale = token_client.post(url, body, content_type="application/json", headers=headers)
    assert stale.status_code == 409


def test_a_bad_dose_is_rejected_by_field_and_changes_nothing(world):
    program, item = _program(world), _an_item(world)
    before = dict(item.dosage)
    with pytest.raises(InvalidInput) as exc:
        programs.change_dose(
            None, world.therapist, world.patient_a, program.version, item.pk, {"sets": 99}
        )
    assert any(p.startswith("dosage.sets") for p in exc.value.problems)
    item.refresh_from_db()
    assert item.dosage == before and _program(world).version == program.version


def test_adding_a_not_recommended_item_needs_a_reason_which_is_recorded(world, monkeypatch):
    base = knowledge.load().items[-1]
    risky = base.model_copy(
        update={
            "evidence": base.evidence.model_copy(update={"grade": EvidenceGrade.NOT_RECOMMENDED})
        }
    )
    monkeypatch.setattr(programs, "_kb_item", lambda patient, item_id: risky)
    program = _program(world)
    ProgramItem.objects.filter(program=program, item_id=risky.id).update(status="removed")
    with pytest.raises(InvalidInput, match="reason: a reason is required"):
        programs.add_item(None, world.therapist, world.patient_a, program.version, risky.id, "  ")
    row = programs.add_item(
        None,
        world.therapist,
        world.patient_a,
        program.version,
        risky.id,
        "Patient insists; 2 visits",
    )
    assert row.clinician_reason == "Patient insists; 2 visits" and row.added_by_clinician


def test_needs_reason_flags_items_excluded_for_this_patient(world):
    program = _program(world)
    item = knowledge.load().items[0]
    program.assessment.result["plan"]["excluded"] = [
        {"id": item.id, "class": item.item_class.value, "reason": "peripheralizes"}
    ]
    assert "excluded for this patient" in programs.needs_reason(program, item)


def test_removing_an_item_keeps_it_with_the_reason(world):
    program, item = _program(world), _an_item(world)
    programs.remove_item(None, world.therapist, world.patient_a, program.version, item.pk, "pain")
    item.refresh_from_db()
    assert item.status == "removed" and item.clinician_reason == "pain"


def test_an_unknown_item_is_rejected_by_name(world):
    program = _program(world)
    with pytest.raises(InvalidInput, match="item_id: 'no-such-thing'"):
        programs.add_item(
            None, world.therapist, world.patient_a, program.version, "no-such-thing", ""
        )
