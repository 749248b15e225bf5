"""`sciatica-pt start-program RESULT --start DATE`: an assessment's plan becomes a program
that `review` accepts."""

import json

import yaml
from typer.testing import CliRunner

from sciatica_pt.cli import app

runner = CliRunner()


def result_json(status="active"):
    return {
        "version": 1,
        "triage": {"level": "pt_appropriate"},
        "classification": {
            "pain_source": "disc_radicular",
            "stage": "acute",
            "irritability": "moderate",
            "directional_preference": "extension",
            "start_back_risk": "low",
        },
        "plan": {
            "status": status,
            "items": [
                {
                    "id": "prone-lying",
                    "class": "extension_directional_exercise",
                    "kind": "exercise",
                    "direction": "extension",
                    "setting": "home",
                    "name": "Prone lying",
                    "dosage": {"hold_seconds": 120, "reps": 1, "per_day": 6},
                    "why": ["Extension centralised the leg symptoms."],
                    "refs": ["May-2018"],
                }
            ],
        },
    }


def test_a_plan_becomes_a_program_that_review_accepts(tmp_path):
    source = tmp_path / "result.json"
    source.write_text(json.dumps(result_json()))
    program = tmp_path / "program.yaml"
    made = runner.invoke(
        app,
        [
            "start-program",
            str(source),
            "--start",
            "2026-01-05",
            "--patient",
            "PT-7",
            "--out",
            str(program),
        ],
    )
    assert made.exit_code == 0, made.output
    data = yaml.safe_load(program.read_text())
    assert data["patient"] == "PT-7" and data["items"][0]["item_id"] == "prone-lying"
    checkins = tmp_path / "checkins.yaml"
    checkins.write_text("checkins: []\n")
    reviewed = runner.invoke(
        app,
        [
            "review",
            str(program),
            str(checkins),
            "--today",
            "2026-01-06",
            "--next-program",
            str(tmp_path / "next.yaml"),
        ],
    )
    assert reviewed.exit_code == 0, reviewed.output
    assert yaml.safe_load((tmp_path / "next.yaml").read_text())["patient"] == "PT-7"


def test_a_withheld_plan_exits_2(tmp_path):
    source = tmp_path / "result.json"
    source.write_text(json.dumps(result_json("withheld")))
    made = runner.invoke(app, ["start-program", str(source), "--start", "2026-01-05"])
    assert made.exit_code == 2 and "plan.status" in made.output


def test_a_malformed_result_exits_2_naming_the_field(tmp_path):
    bad = result_json()
    bad["plan"]["items"][0]["dosage"]["per_day"] = 99
    source = tmp_path / "result.json"
    source.write_text(json.dumps(bad))
    made = runner.invoke(app, ["start-program", str(source), "--start", "2026-01-05"])
    assert made.exit_code == 2
    assert "result.plan.items[0].dosage.per_day: 99 is above 12" in made.output
