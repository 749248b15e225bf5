"""`sciatica-pt questionnaire score INSTRUMENT FILE`, as a user runs it, on the shipped examples."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_pt.cli import app
from sciatica_pt.core.followup.models import OutcomeEntry

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples" / "questionnaires"


def run(*args):
    return runner.invoke(app, ["questionnaire", "score", *map(str, args)])


@pytest.mark.parametrize(
    ("instrument", "said"),
    [
        ("pain_nrs", "Leg pain 6/10 and back pain 3/10"),
        ("psfs", "PSFS 3.33/10: the mean of 3 activities"),
        ("start_back", "STarT Back risk high: total 7 with distress subscore 4"),
        ("odi", "ODI 42.2%: severe disability, over 9 of 10 sections (sex_life unanswered)"),
    ],
)
def test_each_example_is_scored_and_its_meaning_said_in_words(instrument, said):
    result = run(instrument, EXAMPLES / f"{instrument}.yaml", "--date", "2026-01-05")
    assert result.exit_code == 0, result.output
    assert said in result.output and "2026-01-05" in result.output


def test_json_gives_outcome_entries_the_review_reads():
    result = run(
        "start_back", EXAMPLES / "start_back.yaml", "--date", "2026-01-05", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (entry,) = (OutcomeEntry.model_validate_json(json.dumps(e)) for e in data["entries"])
    assert (entry.measure, entry.group, entry.score) == ("start_back", "high", 7)


def test_bad_answers_exit_2_naming_each_item(tmp_path):
    answers = tmp_path / "psfs.yaml"
    answers.write_text("activities:\n  - {activity: walking, score: 12}\n  - {score: 3}\n")
    result = run("psfs", answers)
    assert result.exit_code == 2
    assert "psfs.activities[0].score: 12 is above 10" in result.output
    assert "psfs.activities[1].activity: is required" in result.output


def test_an_odi_with_two_blank_sections_is_not_scored(tmp_path):
    text = (EXAMPLES / "odi.yaml").read_text().replace("sleeping: 1", "sleeping: null")
    answers = tmp_path / "odi.yaml"
    answers.write_text(text)
    result = run("odi", answers)
    assert result.exit_code == 2
    assert "2 sections unanswered (sleeping, sex_life)" in result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["sbi", EXAMPLES / "odi.yaml"], "instrument: 'sbi' is not one of"),
        (["odi", EXAMPLES / "missing.yaml"], "odi: cannot read"),
        (["odi", EXAMPLES / "odi.yaml", "--date", "5 Jan"], "--date: '5 Jan' is not a date"),
    ],
)
def test_an_unknown_instrument_a_missing_file_or_a_bad_date_exit_2(args, said):
    result = run(*args)
    assert result.exit_code == 2
    assert said in result.output
