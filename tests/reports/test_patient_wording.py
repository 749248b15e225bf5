"""What the patient gets from the knowledge base is the patient's wording only (issue 17,
item 11): the handout, the calendar, the FHIR patient instruction and the flare-up plan never
carry a line written for the clinician ("ask the patient to repeat them back")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from sciatica_pt import knowledge
from sciatica_pt.core.followup.flare import flare_plan
from sciatica_pt.core.knowledge import KnowledgeBase, clinician_address
from sciatica_pt.core.result import Plan
from sciatica_pt.interop.fhir_plan import patient_instruction
from sciatica_pt.reports.calendar import program_ics
from sciatica_pt.reports.handout import handout_pdf
from tests.reports.helpers import pdf_pages, plan_of

KB = knowledge.load()
DAY = dt.date(2026, 3, 2)
EXAMPLES = ("chronic-high-risk.yaml", "cauda-equina-emergency.yaml", "deep-gluteal.yaml")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clinician_lines(plan: Plan, kb: KnowledgeBase) -> list[str]:
    """The lines of the plan's items written for the clinician and not for the patient."""
    lines = []
    for planned in plan.items:
        words = kb.item(planned.id).clinician
        if words is None:
            continue
        every = (words.summary, *words.steps, *words.cues, *words.common_mistakes, *words.stop_if)
        lines += [_flat(line) for line in every if clinician_address(line)]
    return lines


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_handout_shows_the_patients_wording_and_none_of_the_clinicians(
    example: str, tmp_path: Path
) -> None:
    plan = plan_of(example)
    text = " ".join(pdf_pages(handout_pdf(plan, KB, "Riverside Physio", "Ana", DAY), tmp_path))
    leaked = [line for line in clinician_lines(plan, KB) if line in text]
    assert clinician_lines(plan, KB), "the example has no clinician wording to leak"
    assert leaked == []
    advice = [p for p in plan.items if p.kind in ("advice", "referral")]
    for planned in advice:
        assert _flat(KB.item(planned.id).instructions.summary) in text, planned.id


def test_the_safety_net_on_the_handout_speaks_to_the_patient(tmp_path: Path) -> None:
    plan = plan_of("disc-extension-preference.yaml")
    text = " ".join(pdf_pages(handout_pdf(plan, KB, "Riverside Physio", "Ana", DAY), tmp_path))
    assert "ask the patient" not in text.lower()
    assert _flat(KB.item("advice-warning-signs").instructions.summary) in text


def test_the_calendar_carries_no_clinician_wording() -> None:
    plan = plan_of("chronic-high-risk.yaml")
    calendar = Calendar.from_ical(program_ics(plan, KB, DAY))
    texts = [
        str(component.get(key, ""))
        for component in calendar.walk()
        for key in ("summary", "description")
    ]
    text = _flat(" ".join(texts))
    assert text
    assert [line for line in clinician_lines(plan, KB) if line in text] == []
    assert clinician_address(text) is None


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_fhir_patient_instruction_is_the_patients_wording(example: str) -> None:
    plan = plan_of(example)
    for planned in plan.items:
        item = KB.item(planned.id)
        text = patient_instruction(planned, item)
        assert item.instructions.summary in text
        if item.clinician is not None:
            assert not [s for s in item.clinician.steps if clinician_address(s) and s in text]
        body = text.split("\n", 1)[1]  # the first line is the item's name and dose
        assert clinician_address(body) is None, planned.id


def test_the_flare_up_plan_the_patient_follows_is_the_patients_wording() -> None:
    lines, _ = flare_plan(KB)
    item = KB.item("flare-up-plan")
    assert item.instructions.steps[0] in lines
    assert not set(lines) & set(item.clinician.steps)
    assert [line for line in lines if clinician_address(line)] == []
