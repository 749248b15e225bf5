"""The `sciatica-pt` command line.

Commands import their implementation inside the function body so that `sciatica-pt assess`
starts fast: loading Django or matplotlib for a command that does not need them would cost
hundreds of milliseconds.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

DISCLAIMER = (
    "Decision support for licensed clinicians and guided self-management for their patients; "
    "not a diagnosis."
)

app = typer.Typer(
    name="sciatica-pt",
    help=f"Sciatica PT: physical therapy for sciatica. {DISCLAIMER}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(help="Inspect and validate the clinical knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
export_app = typer.Typer(
    help="Export an assessment and its plan to other systems.", no_args_is_help=True
)
app.add_typer(export_app, name="export")
import_app = typer.Typer(help="Import an assessment from other systems.", no_args_is_help=True)
app.add_typer(import_app, name="import")
questionnaire_app = typer.Typer(
    help="Score the questionnaires (pain, PSFS, STarT Back, ODI).", no_args_is_help=True
)
app.add_typer(questionnaire_app, name="questionnaire")


class TableOrJson(StrEnum):
    TABLE = "table"
    JSON = "json"


class TextOrJson(StrEnum):
    TEXT = "text"
    JSON = "json"


# --- knowledge base ---------------------------------------------------------------------------


@kb_app.command("check")
def kb_check() -> None:
    """Validate the knowledge base: schema, links, rule references and vocabulary.

    Exits with status 1 and names each problem when anything is wrong.
    """
    from sciatica_pt.commands import kb

    raise typer.Exit(kb.check())


@kb_app.command("list")
def kb_list(
    item_class: Annotated[
        str | None, typer.Option("--class", help="Only items of this class.")
    ] = None,
    kind: Annotated[str | None, typer.Option(help="Only items of this kind.")] = None,
    output: Annotated[
        TableOrJson, typer.Option("--format", help="table or json.")
    ] = TableOrJson.TABLE,
) -> None:
    """List knowledge-base items (exercises, clinic techniques, care steps)."""
    from sciatica_pt.commands import kb

    raise typer.Exit(kb.list_items(item_class, kind, output.value))


@kb_app.command("show")
def kb_show(
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help="An item, rule or education topic id.")
    ],
) -> None:
    """Show one item, safety rule or education topic in full."""
    from sciatica_pt.commands import kb

    raise typer.Exit(kb.show(item_id))


# --- assessment -------------------------------------------------------------------------------


@app.command("assess")
def assess(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="Assessment file (YAML or JSON); - for stdin.")
    ],
    output: Annotated[TextOrJson, typer.Option("--format", help="text or json.")] = TextOrJson.TEXT,
) -> None:
    """Screen, classify and plan one assessment (spec/assessment-v1.md).

    Exits with status 2, naming each field, when the input is rejected.
    """
    from sciatica_pt.commands.assess import run

    raise typer.Exit(run(file, output.value))


# --- interoperability -------------------------------------------------------------------------


class YamlOrJson(StrEnum):
    YAML = "yaml"
    JSON = "json"


@export_app.command("fhir")
def export_fhir(
    assessment_file: Annotated[
        str, typer.Argument(metavar="ASSESSMENT_FILE", help="YAML or JSON file; - for stdin.")
    ],
    patient_id: Annotated[
        str,
        typer.Option(
            help="The patient's id in the clinic: Patient.identifier in the system the "
            "environment variable SCIATICA_PT_PATIENT_ID_SYSTEM names (default: a demo system)."
        ),
    ] = "patient",
    today: Annotated[
        str | None, typer.Option(help="Date of the episode, YYYY-MM-DD (default: today).")
    ] = None,
) -> None:
    """Print the FHIR R4 Bundle (JSON) of an assessment and its plan."""
    from datetime import date

    from sciatica_pt.commands import interop

    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        typer.echo(f"--today: {today!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(interop.export_fhir(assessment_file, patient_id, day))


@import_app.command("fhir")
def import_fhir(
    bundle: Annotated[str, typer.Argument(metavar="BUNDLE", help="FHIR Bundle JSON; - for stdin.")],
    output: Annotated[YamlOrJson, typer.Option("--format", help="yaml or json.")] = YamlOrJson.YAML,
) -> None:
    """Print the assessment file a FHIR Bundle (from `export fhir`) carries."""
    from sciatica_pt.commands import interop

    raise typer.Exit(interop.import_fhir(bundle, output.value))


# --- web app ---------------------------------------------------------------------------------


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the demo clinic and print its logins.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(help="gunicorn sync workers (default: one per core).", min=1, max=64),
    ] = None,
) -> None:
    """Run the clinic web app: migrate, collect static files, then serve with gunicorn."""
    from sciatica_pt.commands import serve as serve_command

    chosen = workers if workers is not None else serve_command.default_workers()
    raise typer.Exit(serve_command.serve(host, port, demo, chosen))


@app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Argument(help="The admin's username.")],
    clinic: Annotated[str, typer.Option(help="The clinic's name (created if new).")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Create a clinic's admin (and the clinic): how a new installation starts."""
    from sciatica_pt.commands import admin

    raise typer.Exit(admin.create(clinic, username, password))


@app.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The backup file to write.")],
) -> None:
    """Back up the clinic's database to FILE while the app runs (SQLite's online backup;
    pg_dump for PostgreSQL). Exits 1, saying why in one line, when it cannot."""
    from sciatica_pt.commands import backup

    raise typer.Exit(backup.backup(file))


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file `backup` wrote.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite a database that already holds data.")
    ] = False,
) -> None:
    """Restore the clinic's database from FILE into an empty database (a new data directory,
    or a new PostgreSQL database), then bring its schema up to this version."""
    from sciatica_pt.commands import backup

    raise typer.Exit(backup.restore(file, replace))


@app.command("token")
def token(
    username: Annotated[str, typer.Argument(help="The clinic user the token acts as.")],
    name: Annotated[str, typer.Option(help="A label for the token.")] = "api client",
) -> None:
    """Issue an API bearer token for a user of the web app (printed once)."""
    from sciatica_pt.commands import token as token_command

    raise typer.Exit(token_command.create(username, name))


# --- follow-up ----------------------------------------------------------------------------


@app.command("review")
def review_command(
    program: Annotated[
        Path, typer.Argument(metavar="PROGRAM", help="The program file (YAML/JSON).")
    ],
    checkins: Annotated[
        Path, typer.Argument(metavar="CHECKINS", help="The check-ins file (YAML/JSON).")
    ],
    today: Annotated[
        str | None, typer.Option(help="Review as of this date (YYYY-MM-DD); default: today.")
    ] = None,
    output: Annotated[TextOrJson, typer.Option("--format", help="text or json.")] = TextOrJson.TEXT,
    next_program: Annotated[
        Path | None,
        typer.Option("--next-program", help="Also write the next program (YAML) to this file."),
    ] = None,
) -> None:
    """Review a program against the patient's check-ins: the next program, the decisions and
    their reasons, alerts and the outcome summary. Exits 2 on bad input, naming the field."""
    import datetime

    from sciatica_pt.commands import review

    try:
        day = datetime.date.fromisoformat(today) if today else datetime.date.today()
    except ValueError:
        review.errors().print(f"--today: {today!r} is not a date (YYYY-MM-DD)", markup=False)
        raise typer.Exit(2) from None
    raise typer.Exit(review.run(program, checkins, day, output.value, next_program))


@app.command("start-program")
def start_program(
    result: Annotated[
        Path, typer.Argument(metavar="RESULT", help="`sciatica-pt assess --format json` output.")
    ],
    start: Annotated[str, typer.Option(help="First day of the program (YYYY-MM-DD).")],
    patient: Annotated[str, typer.Option(help="Patient reference or label.")] = "patient",
    out: Annotated[Path | None, typer.Option(help="Write the program here, not stdout.")] = None,
) -> None:
    """Start a home program (YAML, for `review`) from an assessment result's plan."""
    import datetime

    from sciatica_pt.commands import review

    try:
        day = datetime.date.fromisoformat(start)
    except ValueError:
        review.errors().print(f"--start: {start!r} is not a date (YYYY-MM-DD)", markup=False)
        raise typer.Exit(2) from None
    raise typer.Exit(review.start(result, day, patient, out))


# --- questionnaires -------------------------------------------------------------------------


@questionnaire_app.command("score")
def questionnaire_score(
    instrument: Annotated[
        str, typer.Argument(help="The instrument answered: pain_nrs, psfs, start_back or odi.")
    ],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The answers (YAML or JSON).")],
    on: Annotated[
        str | None,
        typer.Option("--date", help="The day it was answered (YYYY-MM-DD); default: today."),
    ] = None,
    output: Annotated[TextOrJson, typer.Option("--format", help="text or json.")] = TextOrJson.TEXT,
) -> None:
    """Score a questionnaire's answers and say what the score means (docs/questionnaires.md).
    Exits 2 on bad answers, naming each item."""
    import datetime

    from sciatica_pt.commands import questionnaire

    try:
        day = datetime.date.fromisoformat(on) if on else datetime.date.today()
    except ValueError:
        questionnaire.errors().print(f"--date: {on!r} is not a date (YYYY-MM-DD)", markup=False)
        raise typer.Exit(2) from None
    raise typer.Exit(questionnaire.run(instrument, file, day, output.value))


# --- handouts, reports, calendar --------------------------------------------------------------


@app.command("handout")
def handout_command(
    file: Annotated[
        str, typer.Argument(metavar="ASSESSMENT_FILE", help="Assessment file (YAML or JSON).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")],
    clinic: Annotated[str, typer.Option(help="Clinic name on the handout.")] = "Your clinic",
    patient: Annotated[str, typer.Option(help="Patient name on the handout.")] = "Patient",
    date: Annotated[
        str | None, typer.Option(help="Date on the handout (YYYY-MM-DD); default: today.")
    ] = None,
) -> None:
    """Write the home-program handout (PDF) for the plan of one assessment.

    Exits with status 2, naming the field or option, when the input is rejected.
    """
    from sciatica_pt.commands import reports

    raise typer.Exit(reports.handout(file, output, clinic, patient, date))


@app.command("report")
def report_command(
    program: Annotated[Path, typer.Argument(metavar="PROGRAM", help="The program file.")],
    checkins: Annotated[Path, typer.Argument(metavar="CHECKINS", help="The check-ins file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")],
    today: Annotated[
        str | None, typer.Option(help="Report as of this date (YYYY-MM-DD); default: today.")
    ] = None,
    clinic: Annotated[str, typer.Option(help="Clinic name on the report.")] = "Your clinic",
) -> None:
    """Write the progress report (PDF) for a program and its check-ins.

    Pain, PSFS and ODI over time against their minimal important change, adherence, alerts,
    and the decisions taken with their reasons.
    """
    from sciatica_pt.commands import reports

    raise typer.Exit(reports.report(program, checkins, output, today, clinic))


@app.command("calendar")
def calendar_command(
    file: Annotated[
        str, typer.Argument(metavar="ASSESSMENT_FILE", help="Assessment file (YAML or JSON).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .ics file to write.")],
    start: Annotated[
        str | None, typer.Option(help="First day of the program (YYYY-MM-DD); default: today.")
    ] = None,
    patient_id: Annotated[
        str, typer.Option(help="The patient's id in the clinic (keeps calendar UIDs apart).")
    ] = "patient",
    sequence: Annotated[
        int, typer.Option(help="The program's revision: raise it when reissuing a change.", min=0)
    ] = 0,
) -> None:
    """Write the home program's sessions as an iCalendar (.ics) file with reminders."""
    from sciatica_pt.commands import reports

    raise typer.Exit(reports.calendar(file, output, start, patient_id, sequence))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
