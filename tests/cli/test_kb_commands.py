"""`sciatica-pt kb check | list | show`, as a user runs them."""

import json

from typer.testing import CliRunner

from sciatica_pt.cli import app

runner = CliRunner()


def test_kb_check_is_clean_and_exits_zero():
    result = runner.invoke(app, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert "Knowledge base is clean" in result.output


def test_kb_list_json_gives_the_documented_fields():
    result = runner.invoke(app, ["kb", "list", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows
    assert {"id", "name", "kind", "class", "setting", "evidence_grade"} <= set(rows[0])


def test_kb_list_filters_by_class():
    result = runner.invoke(
        app, ["kb", "list", "--class", "extension_directional_exercise", "--format", "json"]
    )
    rows = json.loads(result.output)
    assert rows and {r["class"] for r in rows} == {"extension_directional_exercise"}


def test_kb_list_rejects_an_unknown_class_naming_the_option():
    result = runner.invoke(app, ["kb", "list", "--class", "levitation"])
    assert result.exit_code == 2
    assert "--class: 'levitation' is not a known class" in result.output


def test_kb_show_prints_instructions_and_references():
    result = runner.invoke(app, ["kb", "show", "prone-lying"])
    assert result.exit_code == 0
    assert "Prone lying" in result.output
    assert "JOSPT" in result.output


def test_kb_show_unknown_id_exits_2():
    result = runner.invoke(app, ["kb", "show", "nope"])
    assert result.exit_code == 2


def test_every_command_has_help():
    for args in (["--help"], ["kb", "--help"], ["kb", "check", "--help"], ["kb", "list", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert "Usage" in result.output
