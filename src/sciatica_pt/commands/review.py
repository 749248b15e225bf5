"""`sciatica-pt review PROGRAM CHECKINS`: read the files, run the core review, show the result.

Files are YAML or JSON (YAML is a superset). Bad input exits with status 2 and one line per
problem naming the field path; nothing is repaired.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.core.followup.models import Program, ReviewResult, Severity
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.followup.start import (
    as_json,
    parse_checkins,
    parse_program,
    program_from_plan,
)
from sciatica_pt.core.result import AssessmentResult
from sciatica_pt.core.words import dose_in_words, name_of


def console() -> Console:
    """A console per use: it reads COLUMNS and the terminal as they are at that moment (one
    made at import keeps the width of whatever process imported it first)."""
    return Console()


def errors() -> Console:
    return Console(stderr=True)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
COLOURS = {Severity.CRITICAL: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def run(
    program_path: Path,
    checkins_path: Path,
    today: date,
    output: str,
    next_program: Path | None = None,
) -> int:
    try:
        kb = knowledge.load()
    except InvalidInput as exc:
        _print(["The knowledge base is broken (run `sciatica-pt kb check`):", *exc.problems])
        return 1
    try:
        program = parse_program(read(program_path, "program"))
        checkins = parse_checkins(read(checkins_path, "checkins"))
        result = review(program, checkins, program.outcomes, kb, today)
    except InvalidInput as exc:
        _print(exc.problems)
        return 2
    if output == "json":
        print(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
    else:
        render(result)
    if next_program is not None:
        next_program.write_text(dump_yaml(program_document(result.program)), encoding="utf-8")
    return 0


def start(result_path: Path, start_day: date, patient: str, out: Path | None) -> int:
    """A first program from an assessment result (`sciatica-pt assess --format json`)."""
    try:
        assessment = AssessmentResult.model_validate_json(as_json(read(result_path, "result")))
        program = program_from_plan(assessment.plan, start_day, patient=patient)
    except ValidationError as exc:
        _print(problems_of(exc, prefix="result"))
        return 2
    except InvalidInput as exc:
        _print(exc.problems)
        return 2
    text = dump_yaml(program_document(program))
    if out is None:
        print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
    return 0


def dump_yaml(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _print(lines: list[str]) -> None:
    for line in lines:
        errors().print(line, markup=False, highlight=False, soft_wrap=True)


def read(path: Path, what: str) -> Any:
    """The parsed file, or InvalidInput naming the file when it cannot be read or parsed."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as exc:
        raise InvalidInput([f"{what}: cannot read {path}: {exc.strerror}"]) from exc
    except yaml.YAMLError as exc:
        raise InvalidInput([f"{what}: {path} is not valid YAML or JSON: {exc}"]) from exc


def program_document(program: Program) -> dict[str, object]:
    """A program as it is written to a file (no empty fields)."""
    data: dict[str, object] = program.model_dump(mode="json", exclude_none=True)
    return data


# --- text output: words for people (core.words), the JSON keeps the codes ----------------


def render(result: ReviewResult) -> None:
    program = result.program
    console().print(
        f"[bold]Review for {program.patient}[/] on {result.today.isoformat()}: "
        f"week {result.weeks_in_program:g} of the program, "
        f"status [bold]{name_of(program.status)}[/]"
    )
    _alerts(result)
    _decisions(result)
    _program(program)
    _adherence(result)
    _outcomes(result)
    _lines("Flare-up plan:", result.flare_up_plan)
    _discharge(result)


def _lines(title: str, lines: tuple[str, ...]) -> None:
    if lines:
        console().print(title)
    for line in lines:
        console().print(f"  - {line}")


def _alerts(result: ReviewResult) -> None:
    if not result.alerts:
        console().print("No alerts.")
        return
    table = Table("severity", "alert", "do now", title="Alerts", show_lines=True)
    for a in result.alerts:
        style = COLOURS[a.severity]
        alert = f"[bold]{name_of(a.rule, 'followup_rule')}[/]\n{a.message}"
        table.add_row(f"[{style}]{name_of(a.severity)}[/]", alert, a.action_now)
    console().print(table)


def _decisions(result: ReviewResult) -> None:
    if not result.decisions:
        console().print("No changes to the program.")
        return
    console().print("[bold]Decisions[/]")
    for d in result.decisions:
        about = f" ({item_name(result.program, d.item_id)})" if d.item_id else ""
        refs = ", ".join(d.refs)
        action = name_of(d.action)
        line = f"- {d.date.isoformat()} [bold]{action}[/]{about}: {d.why} [dim]({refs})[/]"
        console().print(line, highlight=False)


def _program(program: Program) -> None:
    table = Table("item", "status", "dose", "note", title="Next program")
    for i in program.items:
        dose = dose_in_words(i.dosage) or "as shown"
        table.add_row(i.name, name_of(i.status), dose, i.reason or "")
    console().print(table)
    for ban in program.banned_directions:
        kept = f"; kept at its gentlest: {ban.kept}" if ban.kept else ""
        console().print(
            f"[red]Banned direction:[/] {ban.direction} since {ban.since} ({ban.reason}){kept}"
        )


def _adherence(result: ReviewResult) -> None:
    a = result.adherence
    overall = "not measurable" if a.overall is None else f"{a.overall:.0%}"
    last = a.last_checkin.isoformat() if a.last_checkin else "none"
    console().print(
        f"Adherence {a.window_start} to {a.window_end}: {overall} overall; last check-in {last}."
    )
    for row in a.items:
        name = item_name(result.program, row.item_id)
        console().print(f"  {name}: {row.done} of {row.prescribed:g} sessions ({row.ratio:.0%})")


def _outcomes(result: ReviewResult) -> None:
    if not result.outcomes:
        console().print("Outcomes: fewer than two scores of any measure, no comparison yet.")
        return
    table = Table("measure", "baseline", "latest", "change", "MIC", "verdict", title="Outcomes")
    for s in result.outcomes:
        first = name_of(s.baseline.group) if s.baseline.group else f"{s.baseline.score:g}"
        last = name_of(s.latest.group) if s.latest.group else f"{s.latest.score:g}"
        change = "" if s.change is None else f"{s.change:+g}"
        table.add_row(
            name_of(s.measure), first, last, change, s.minimal_important_change, name_of(s.verdict)
        )
    console().print(table)


def _discharge(result: ReviewResult) -> None:
    plan = result.discharge
    if plan is None:
        return
    console().print("[bold green]Ready for discharge.[/] Maintenance program:")
    for i in plan.maintenance.items:
        console().print(f"  {i.name}: {dose_in_words(i.dosage) or 'as shown'}")
    _lines("Flare-up plan:", plan.flare_up_plan)


def item_name(program: Program, item_id: str) -> str:
    """The exercise's name as the patient knows it (an id the program lost reads as words)."""
    item = program.item(item_id)
    return item.name if item is not None else name_of(item_id)
