"""Patient wording and clinician wording are separate, validated fields (issue 17, item 11).

`instructions` is what the patient reads (the Today page, the handout, the FHIR plan, the
flare-up plan); `clinician` is the therapist's. The patient's Today page used to show
"Name each warning sign in plain words and ask the patient to repeat them back"."""

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from sciatica_pt.cli import app
from sciatica_pt.core.knowledge import Instructions, Item, clinician_address
from sciatica_pt.core.vocabulary import DeliveredBy, Kind

CLINICIAN_LINES = [
    "Name each warning sign in plain words and ask the patient to repeat them back.",
    "The patient reports any warning sign now - emergency referral instead of advice.",
    "Refer to a spinal surgeon if it does not settle.",
    "Explain that the usual course is favourable.",
    "Tell me if the pressure is more than a strong, tolerable ache.",
    "The therapist checks the skin is intact and applies a lubricant.",
    "Any cauda equina warning sign - emergency referral.",
    "New or worsening neurological signs - re-assess instead of reassuring.",
    "Not recommended - never prescribe bed rest; advise staying as active as possible instead.",
    "Leave the patient's program unchanged.",
]
PATIENT_LINES = [
    "Ask your doctor or pharmacist if your pain is not controlled.",
    "Tell your therapist what the doctor says.",
    "A therapist-led session in a warm pool.",
    "Your therapist may refer you to a specialist.",
    "Payment may depend on a prescription or referral from a physician.",
]


@pytest.mark.parametrize("line", CLINICIAN_LINES)
def test_a_line_for_the_clinician_is_recognised(line):
    assert clinician_address(line) is not None


@pytest.mark.parametrize("line", PATIENT_LINES)
def test_a_line_for_the_patient_passes(line):
    assert clinician_address(line) is None


def test_the_schema_rejects_patient_wording_that_addresses_the_clinician_naming_the_field():
    with pytest.raises(ValidationError) as caught:
        Instructions(
            summary="Go to the emergency department if you notice any warning sign.",
            steps=(CLINICIAN_LINES[0], "Keep this list where you can find it."),
            stop_if=(CLINICIAN_LINES[1],),
        )
    errors = {tuple(e["loc"]): e["msg"] for e in caught.value.errors()}
    assert {("steps", 0), ("stop_if", 0)} <= set(errors)
    assert ("steps", 1) not in errors
    assert "speaks of the patient" in errors[("steps", 0)]


def test_an_advice_item_without_clinician_wording_is_rejected(shipped_kb):
    data = shipped_kb.item("advice-warning-signs").model_dump(by_alias=True)
    del data["clinician"]
    with pytest.raises(ValidationError, match="needs the clinician's wording"):
        Item.model_validate(data)


def test_a_home_exercise_may_leave_the_clinician_wording_out(shipped_kb):
    assert shipped_kb.item("prone-lying").clinician is None


def test_every_advice_referral_and_therapist_item_has_both_wordings(shipped_kb):
    needing = [
        i
        for i in shipped_kb.items
        if i.kind in (Kind.ADVICE, Kind.REFERRAL) or i.delivered_by is not DeliveredBy.PATIENT
    ]
    assert len(needing) >= 40
    for item in needing:
        assert item.clinician is not None, item.id
        assert item.clinician.steps != item.instructions.steps, item.id


def test_no_patient_facing_text_of_the_shipped_knowledge_base_addresses_the_clinician(
    shipped_kb,
):
    texts = [
        (i.id, line)
        for i in shipped_kb.items
        for line in (
            i.instructions.summary,
            *i.instructions.steps,
            *i.instructions.cues,
            *i.instructions.common_mistakes,
            *i.instructions.stop_if,
        )
    ]
    texts += [
        (t.id, line) for t in shipped_kb.education for line in (t.summary, *t.key_points, *t.body)
    ]
    assert [(where, line) for where, line in texts if clinician_address(line)] == []
    assert all(i.instructions.speaks_to_the_patient() for i in shipped_kb.items)


def test_the_safety_net_tells_the_patient_what_to_do_not_the_clinician(shipped_kb):
    item = shipped_kb.item("advice-warning-signs")
    patient = " ".join((item.instructions.summary, *item.instructions.steps)).lower()
    assert "ask the patient" not in patient
    assert "go to the emergency department" in patient
    assert "ask the patient to repeat them back" in " ".join(item.clinician.steps)


def _kb_check() -> tuple[int, str]:
    result = CliRunner().invoke(app, ["kb", "check"])
    return result.exit_code, result.output


def _edit(path: Path, item_id: str, change: Callable[[dict], None]) -> None:
    """Change one item of a copied YAML file, as an author editing it would."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(i for i in data["items"] if i["id"] == item_id))
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_kb_check_fails_on_clinician_wording_in_the_patients_field(knowledge_copy):
    def clinician_step(item: dict) -> None:
        item["instructions"]["steps"][0] = CLINICIAN_LINES[0]

    _edit(knowledge_copy / "items" / "care_steps.yaml", "advice-warning-signs", clinician_step)
    code, output = _kb_check()
    assert code == 1
    assert "(advice-warning-signs).instructions.steps[0]" in output
    assert "addresses the clinician" in output


def test_kb_check_fails_on_a_therapist_item_without_clinician_wording(knowledge_copy):
    def drop(item: dict) -> None:
        del item["clinician"]

    _edit(knowledge_copy / "items" / "pool.yaml", "aquatic-therapy-session", drop)
    code, output = _kb_check()
    assert code == 1
    assert "(aquatic-therapy-session)" in output and "needs the clinician's wording" in output


def test_kb_check_fails_on_patient_wording_that_never_says_you(knowledge_copy):
    def impersonal(item: dict) -> None:
        item["instructions"] = {
            "summary": "Plan an early, gradual return to work.",
            "steps": ["List the hard tasks."],
            "stop_if": ["A task brings on spreading leg symptoms."],
        }

    _edit(knowledge_copy / "items" / "care_steps.yaml", "return-to-work-plan", impersonal)
    code, output = _kb_check()
    assert code == 1
    assert "item return-to-work-plan: instructions (the patient's wording) never say" in output


def test_the_unchanged_copy_passes(knowledge_copy):
    _edit(knowledge_copy / "items" / "pool.yaml", "aquatic-therapy-session", lambda item: None)
    assert _kb_check()[0] == 0


def test_kb_show_gives_the_clinician_both_wordings():
    result = CliRunner().invoke(app, ["kb", "show", "advice-warning-signs"])
    assert result.exit_code == 0
    out = " ".join(result.output.split())
    assert "For the patient" in out and "For the clinician" in out
    assert "Learn these signs" in out and "ask the patient to repeat them back" in out
