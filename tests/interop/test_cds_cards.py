"""Card builders: red flags first and loud, a program with a link, never a crash."""

from __future__ import annotations

import uuid

from sciatica_pt.core.result import (
    AssessmentResult,
    Contradiction,
    Plan,
    PlanStatus,
    Triage,
    TriageLevel,
)
from sciatica_pt.interop import cds_cards
from tests.interop.builders import KB, active_result, classification, emergency_result, finding
from tests.interop.cds_schemas import CARD, RESPONSE, problems

HOOK = uuid.UUID("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea")
LINK = "https://pt.example.org/patients/p1/"


def cards_for(result):
    found = cds_cards.red_flag_cards(result, KB, HOOK) + cds_cards.screening_gap_cards(result, HOOK)
    program = cds_cards.program_card(result, LINK, HOOK)
    return found + ([program] if program else [])


def urgent_and_routine_result():
    return AssessmentResult(
        triage=Triage(
            level=TriageLevel.URGENT_REFERRAL,
            findings=(
                finding(
                    "course.no-improvement",
                    TriageLevel.ROUTINE_REFERRAL_WITH_PT,
                    "history.duration_weeks",
                ),
                finding(
                    "cancer.history-pain", TriageLevel.URGENT_REFERRAL, "red_flags.cancer_history"
                ),
            ),
            unanswered=("red_flags.fever", "red_flags.iv_drug_use"),
            contradictions=(
                Contradiction(
                    field="red_flags.saddle_anesthesia",
                    message="The notes mention saddle numbness.",
                ),
            ),
        ),
        classification=classification(),
        plan=Plan(status=PlanStatus.PROVISIONAL),
    )


def test_the_schema_rejects_a_card_that_breaks_the_spec():
    bad = {
        "summary": "x" * 140,
        "indicator": "hard-stop",
        "source": {},
        "suggestions": [{"label": "x"}],
    }
    found = problems(CARD, bad)
    assert len(found) == 4  # summary length, indicator enum, source.label, selectionBehavior


def test_an_emergency_finding_is_a_critical_card_with_the_action_and_sources():
    (card,) = cds_cards.red_flag_cards(emergency_result(), KB, HOOK)
    assert card["indicator"] == "critical"
    assert card["summary"].startswith("Emergency referral: ")
    assert "**Action:** Send to the emergency department now" in card["detail"]
    assert "[GIRFT-CES]" in card["detail"]
    assert card["source"]["label"] == "Sciatica PT"
    assert card["source"]["topic"]["code"] == "red-flag"
    assert problems(CARD, card) == []


def test_urgent_is_a_warning_routine_is_info_and_the_most_urgent_comes_first():
    found = cds_cards.red_flag_cards(urgent_and_routine_result(), KB, HOOK)
    assert [c["indicator"] for c in found] == ["warning", "info"]


def test_unasked_red_flags_and_contradictions_raise_warnings():
    gaps = cds_cards.screening_gap_cards(urgent_and_routine_result(), HOOK)
    assert [c["indicator"] for c in gaps] == ["warning", "warning"]
    assert "- Fever\n- Injected drug use" in gaps[0]["detail"]
    assert "Numbness in the saddle area" in gaps[1]["summary"]
    assert "red_flags." not in gaps[0]["detail"] + gaps[1]["summary"]


def test_the_program_card_lists_the_exercises_with_doses_and_links_to_the_app():
    card = cds_cards.program_card(active_result(), LINK, HOOK)
    assert card["indicator"] == "info"
    assert card["links"] == [
        {"label": "Open the plan in Sciatica PT", "url": LINK, "type": "absolute"}
    ]
    assert "**Prone lying**: 1 repetition, hold 120 s, 6 times a day" in card["detail"]
    assert problems(CARD, card) == []


def test_a_withheld_plan_gives_no_program_card():
    assert cds_cards.program_card(emergency_result(), LINK, HOOK) is None


def test_every_card_of_every_result_fits_the_spec():
    for result in (active_result(), emergency_result(), urgent_and_routine_result()):
        assert problems(RESPONSE, {"cards": cards_for(result)}) == []


def test_a_long_message_is_cut_under_140_characters_at_a_word():
    text = "word " * 60
    short = cds_cards.summary(text)
    assert len(short) < 140
    assert short.endswith("word…")


def test_card_ids_are_stable_for_the_same_hook_instance_and_differ_between_instances():
    again = cds_cards.red_flag_cards(emergency_result(), KB, HOOK)[0]["uuid"]
    other = cds_cards.red_flag_cards(emergency_result(), KB, uuid.uuid4())[0]["uuid"]
    assert again == cds_cards.red_flag_cards(emergency_result(), KB, HOOK)[0]["uuid"]
    assert again != other


def test_the_assessment_needed_card_fits_the_spec_and_escapes_foreign_text():
    plain = cds_cards.assessment_needed_card(LINK, HOOK)
    broken = cds_cards.assessment_needed_card(LINK, HOOK, ["bundle: *bold* [x](y)"])
    assert plain["indicator"] == "info" and broken["indicator"] == "warning"
    assert r"\*bold\* \[x\]\(y\)" in broken["detail"]
    assert problems(RESPONSE, {"cards": [plain, broken]}) == []
