"""`sciatica-pt assess FILE`, as a clinician or a script runs it."""

import json
import pathlib

import pytest
import yaml
from typer.testing import CliRunner

from sciatica_pt.cli import DISCLAIMER, app
from tests.core.cases import data
from tests.core.spec_shape import assert_matches_spec

# examples/ also holds the follow-up formats (program.yaml, checkins.yaml): not assessments.
EXAMPLES = sorted(
    p
    for p in (pathlib.Path(__file__).parents[2] / "examples").glob("*.yaml")
    if p.stem not in ("program", "checkins")
)
runner = CliRunner()


def run(*args, stdin=None):
    return runner.invoke(app, ["assess", *args], input=stdin)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_gives_json_that_matches_the_spec(example):
    result = run(str(example), "--format", "json")
    assert result.exit_code == 0, result.output
    assert_matches_spec(json.loads(result.stdout))


def test_the_emergency_example_is_withheld_with_only_referral_and_safety_advice():
    example = next(p for p in EXAMPLES if "cauda" in p.stem)
    out = json.loads(run(str(example), "--format", "json").stdout)
    assert out["triage"]["level"] == "emergency"
    assert out["plan"]["status"] == "withheld"
    assert {i["kind"] for i in out["plan"]["items"]} == {"referral", "advice"}


def test_a_dash_reads_the_assessment_from_stdin():
    result = run("-", "--format", "json", stdin=json.dumps(data()))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["plan"]["status"] == "active"


def test_dosage_in_json_has_no_null_fields():
    out = json.loads(run("-", "--format", "json", stdin=yaml.safe_dump(data())).stdout)
    for item in out["plan"]["items"]:
        assert item["dosage"] is None or None not in item["dosage"].values()


def test_the_text_format_shows_triage_first_and_the_disclaimer():
    result = run("-", stdin=yaml.safe_dump(data()))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.index("Triage") < text.index("Classification") < text.index("Plan")
    assert " ".join(DISCLAIMER.split()) in " ".join(text.split())


def test_an_out_of_range_value_exits_2_naming_the_field():
    bad = data(**{"symptoms.leg_pain_nrs": 14})
    result = run("-", stdin=yaml.safe_dump(bad))
    assert result.exit_code == 2
    assert "symptoms.leg_pain_nrs: 14 is above 10" in result.stderr


def test_every_problem_gets_its_own_line():
    bad = data(**{"patient.age": 12, "context.minutes_per_day": 500, "surprise": 1})
    lines = run("-", stdin=yaml.safe_dump(bad)).stderr.strip().splitlines()
    assert any(line.startswith("patient.age:") for line in lines)
    assert any(line.startswith("context.minutes_per_day:") for line in lines)
    assert any(line.startswith("surprise:") for line in lines)


def test_broken_yaml_exits_2_with_a_clear_line():
    result = run("-", stdin="version: 1\npatient: [unclosed\n")
    assert result.exit_code == 2
    assert "not valid YAML" in result.stderr and "line" in result.stderr


def test_broken_json_file_exits_2_with_a_clear_line(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"version": 1,', encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 2
    assert "a.json: not valid JSON" in result.stderr


def test_a_missing_file_exits_2():
    result = run("/nonexistent/assessment.yaml")
    assert result.exit_code == 2
    assert "cannot be read" in result.stderr


def test_yaml_yes_and_no_are_not_read_as_booleans():
    text = yaml.safe_dump(data()).replace("pacemaker: false", "pacemaker: no")
    result = run("-", stdin=text)
    assert result.exit_code == 2
    assert "precautions.pacemaker: 'no' is not true, false or null" in result.stderr


def test_a_key_given_twice_is_rejected_not_overwritten():
    text = yaml.safe_dump(data()) + "version: 1\n"
    result = run("-", stdin=text)
    assert result.exit_code == 2
    assert "given twice" in result.stderr


def test_the_console_script_fast_path_gives_the_same_json_as_the_typer_command(tmp_path):
    import subprocess
    import sys

    example = str(next(p for p in EXAMPLES if "stenosis" in p.stem))
    script = "from sciatica_pt.entry import main; main()"
    env = {"SCIATICA_PT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    fast = subprocess.run(
        [sys.executable, "-c", script, "assess", example, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert fast.returncode == 0, fast.stderr
    assert json.loads(fast.stdout) == json.loads(run(example, "--format", "json").stdout)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["assess", "a.yaml"], ("a.yaml", "text")),
        (["assess", "-", "--format", "json"], ("-", "json")),
        (["assess", "--format=json", "a.yaml"], ("a.yaml", "json")),
        (["assess", "a.yaml", "--format", "xml"], None),
        (["assess", "--help"], None),
        (["assess"], None),
        (["assess", "a.yaml", "b.yaml"], None),
        (["kb", "check"], None),
    ],
)
def test_the_fast_path_takes_only_plain_assess_calls(args, expected):
    from sciatica_pt.entry import plain_assess

    assert plain_assess(args) == expected
