"""The CLI's text views speak words, never codes (issue 20); `--format json` keeps the codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_pt.cli import app
from sciatica_pt.core.words import name_of
from tests.raw_codes import raw_codes

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples"
ASSESSMENTS = [
    "cauda-equina-emergency.yaml",
    "chronic-high-risk.yaml",
    "deep-gluteal.yaml",
    "disc-extension-preference.yaml",
    "post-surgery.yaml",
    "pregnancy.yaml",
    "stenosis.yaml",
]
FOLLOWUPS = [
    "flare",
    "not-improving",
    "peripheralizing",
    "ready-for-discharge",
    "red-flag",
    "stopped-logging",
]


def text_of(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("example", ASSESSMENTS)
def test_the_assessment_text_view_shows_words_and_no_raw_code(example: str) -> None:
    path = str(EXAMPLES / example)
    text = text_of("assess", path)
    data = json.loads(text_of("assess", path, "--format", "json"))
    assert raw_codes(text) == set()
    level, source = data["triage"]["level"], data["classification"]["pain_source"]
    assert name_of(level, "triage_level") in text
    assert name_of(source, "pain_source") in text
    assert name_of(data["plan"]["status"], "plan_status") in text


def test_the_emergency_names_each_warning_sign_and_unasked_question_in_words() -> None:
    text = text_of("assess", str(EXAMPLES / "cauda-equina-emergency.yaml"))
    assert "Numbness in the saddle area (Emergency referral)" in text
    assert "Not asked yet: New sexual dysfunction" in text
    assert "Plan (On hold)" in text
    assert "red_flags." not in text and "emergency-referral" not in text


def test_a_left_out_item_reads_by_name_and_its_safety_rule_by_name() -> None:
    text = " ".join(text_of("assess", str(EXAMPLES / "pregnancy.yaml")).split())
    assert "Manual traction: Requested by the patient" in text
    assert "No traction in pregnancy (Pregnant):" in text
    assert "ci.pregnancy-traction" not in text


def test_doses_read_as_people_say_them() -> None:
    text = text_of("assess", str(EXAMPLES / "disc-extension-preference.yaml"))
    assert "times a day" in text
    assert "×/day" not in text and "reps" not in text and "set(s)" not in text


def test_the_json_keeps_its_codes() -> None:
    data = json.loads(
        text_of("assess", str(EXAMPLES / "cauda-equina-emergency.yaml"), "--format", "json")
    )
    assert data["triage"]["level"] == "emergency"
    assert "red_flags.sexual_dysfunction" in data["triage"]["unanswered"]


@pytest.mark.parametrize("case", FOLLOWUPS)
def test_the_review_text_view_shows_words_and_no_raw_code(case: str) -> None:
    program = EXAMPLES / "followup" / f"{case}-program.yaml"
    checkins = EXAMPLES / "followup" / f"{case}-checkins.yaml"
    args = ("review", str(program), str(checkins), "--today", "2026-04-30")
    text = text_of(*args)
    data = json.loads(text_of(*args, "--format", "json"))
    assert raw_codes(text) == set()
    assert name_of(data["program"]["status"], "program_status") in text
    for alert in data["alerts"]:
        assert name_of(alert["rule"], "followup_rule") in text
    for decision in data["decisions"]:
        assert name_of(decision["action"], "action") in text


def test_the_review_names_items_and_says_doses_in_words() -> None:
    program = EXAMPLES / "followup" / "peripheralizing-program.yaml"
    checkins = EXAMPLES / "followup" / "peripheralizing-checkins.yaml"
    text = " ".join(text_of("review", str(program), str(checkins), "--today", "2026-01-08").split())
    assert "Exercise stopped (Prone on elbows)" in text
    assert "hold seconds" not in text and "per day" not in text


def test_the_knowledge_base_list_and_show_speak_words() -> None:
    table = text_of("kb", "list", "--kind", "modality")
    assert "Physical agent" in table and "Not recommended" in table
    rule = text_of("kb", "show", "ci.insensate-skin-thermal")
    assert "No heat or cold on numb skin" in rule and "When: Numb skin" in rule
    item = text_of("kb", "show", "prone-press-up")
    assert "Dosage: 10 times, 6 times a day" in item
    assert raw_codes(item.replace("(prone-press-up)", "")) == set()
