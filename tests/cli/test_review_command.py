"""`sciatica-pt review PROGRAM CHECKINS`, as a user runs it, on the shipped examples."""

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from sciatica_pt.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples"


def run(*args):
    return runner.invoke(app, ["review", *map(str, args)])


def scenario(name, today):
    """`review --format json` on the scenario examples/followup/NAME-*.yaml."""
    folder = EXAMPLES / "followup"
    checkins = folder / f"{name}-checkins.yaml"
    return run(folder / f"{name}-program.yaml", checkins, "--today", today, "--format", "json")


def test_review_json_gives_the_next_program_decisions_alerts_and_outcomes():
    result = run(
        EXAMPLES / "program.yaml",
        EXAMPLES / "checkins.yaml",
        "--today",
        "2026-01-11",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"] == 1 and data["today"] == "2026-01-11"
    assert {"program", "decisions", "alerts", "adherence", "outcomes"} <= set(data)
    assert data["program"]["reviewed_through"] == "2026-01-10"  # the last check-in applied


def test_review_text_names_the_patient_and_the_next_program():
    result = run(EXAMPLES / "program.yaml", EXAMPLES / "checkins.yaml", "--today", "2026-01-11")
    assert result.exit_code == 0, result.output
    assert "PT-0042" in result.output and "Next program" in result.output


def test_every_scenario_example_reviews_cleanly():
    scenarios = sorted((EXAMPLES / "followup").glob("*-checkins.yaml"))
    assert scenarios
    for checkins in scenarios:
        program = checkins.with_name(checkins.name.replace("-checkins", "-program"))
        today = yaml.safe_load(checkins.read_text())["checkins"][-1]["date"]
        result = run(program, checkins, "--today", today, "--format", "json")
        assert result.exit_code == 0, (checkins.name, result.output)


def test_the_red_flag_example_stops_the_program():
    result = scenario("red-flag", "2026-01-12")
    data = json.loads(result.output)
    assert data["program"]["status"] == "stopped"
    assert data["alerts"][0]["severity"] == "critical"


def test_bad_input_exits_2_naming_the_field(tmp_path):
    bad = tmp_path / "checkins.yaml"
    text = (EXAMPLES / "checkins.yaml").read_text().replace("leg_pain: 6", "leg_pain: 16", 1)
    bad.write_text(text)
    result = run(EXAMPLES / "program.yaml", bad, "--today", "2026-01-11")
    assert result.exit_code == 2
    assert "checkins[0].leg_pain: 16 is above 10" in result.output


def test_a_missing_file_exits_2(tmp_path):
    result = run(tmp_path / "nope.yaml", EXAMPLES / "checkins.yaml", "--today", "2026-01-11")
    assert result.exit_code == 2 and "program: cannot read" in result.output


def test_a_bad_today_exits_2():
    result = run(EXAMPLES / "program.yaml", EXAMPLES / "checkins.yaml", "--today", "soon")
    assert result.exit_code == 2 and "--today" in result.output


def test_the_flare_example_steps_back_up_after_two_calm_days():
    result = scenario("flare", "2026-01-11")
    actions = [d["action"] for d in json.loads(result.output)["decisions"]]
    assert actions[0] == "start_flare" and actions[-1] == "end_flare"


def test_every_reference_in_a_review_exists_in_the_knowledge_base():
    from sciatica_pt import knowledge

    keys = {r.key for r in knowledge.load().references}
    folder = EXAMPLES / "followup"
    for checkins in sorted(folder.glob("*-checkins.yaml")):
        program = checkins.with_name(checkins.name.replace("-checkins", "-program"))
        today = yaml.safe_load(checkins.read_text())["checkins"][-1]["date"]
        data = json.loads(run(program, checkins, "--today", today, "--format", "json").output)
        cited = {r for part in ("decisions", "alerts") for x in data[part] for r in x["refs"]}
        assert cited <= keys, (checkins.name, cited - keys)


def test_the_worsening_example_holds_every_step_up_and_alerts_the_therapist():
    result = scenario("worsening", "2026-01-26")
    data = json.loads(result.output)
    assert not [d for d in data["decisions"] if d["action"].startswith("progress")]
    assert [a["rule"] for a in data["alerts"]] == ["trend.worsening"]


def test_the_ready_for_discharge_example_is_ready_for_discharge():
    result = scenario("ready-for-discharge", "2026-02-16")
    data = json.loads(result.output)
    assert [d["rule"] for d in data["decisions"]] == ["discharge.ready"]
    assert data["discharge"]["maintenance"]["items"]
