"""`sciatica-pt handout|calendar ASSESSMENT_FILE` and `sciatica-pt report PROGRAM CHECKINS`:
read the files, call the reports package, write the output file.

Exit status: 0 written, 2 bad input (one line per problem, naming the field or option), 1 a
broken knowledge base. The commands may read the clock for a default date; the functions they
call never do.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import AssessmentResult

EXIT_OK, EXIT_BROKEN, EXIT_BAD_INPUT = 0, 1, 2


def _fail(problems: list[str], status: int = EXIT_BAD_INPUT) -> int:
    sys.stderr.write("".join(f"{line}\n" for line in problems))
    return status


def _day(text: str | None, option: str) -> dt.date:
    from sciatica_pt.reports.pdf import parse_date

    return dt.date.today() if text is None else parse_date(text, option)


def _assessed(source: str) -> tuple[AssessmentResult, KnowledgeBase]:
    """The engine's result for an assessment file (the same code `sciatica-pt assess` runs)."""
    from sciatica_pt import knowledge
    from sciatica_pt.commands.assess import parse_text, read_source
    from sciatica_pt.core.engine import assess
    from sciatica_pt.core.intake.assessment import parse_assessment

    assessment = parse_assessment(parse_text(*read_source(source)))
    kb = knowledge.load()
    return assess(assessment, kb), kb


def _write(output: Path, make: Callable[[], bytes]) -> int:
    from sciatica_pt.core.planning.items import KnowledgeGap

    try:
        data = make()
    except InvalidInput as exc:
        return _fail(exc.problems)
    except KnowledgeGap as exc:
        return _fail([f"The knowledge base has a gap: {exc}"], EXIT_BROKEN)
    try:
        output.write_bytes(data)
    except OSError as exc:
        return _fail([f"--output: cannot write {output}: {exc.strerror}"])
    sys.stderr.write(f"Wrote {output} ({len(data)} bytes)\n")
    return EXIT_OK


def handout(source: str, output: Path, clinic: str, patient: str, date: str | None) -> int:
    from sciatica_pt.reports.handout import handout_pdf

    def make() -> bytes:
        day = _day(date, "--date")
        result, kb = _assessed(source)
        return handout_pdf(result.plan, kb, clinic, patient, day)

    return _write(output, make)


def calendar(
    source: str, output: Path, start: str | None, patient_id: str = "patient", sequence: int = 0
) -> int:
    """The program is the one starting on `start` for this patient of the configured clinic;
    a reissue of it with a changed dose keeps its UIDs and needs a higher `sequence`."""
    from sciatica_pt.interop.identity import patient_id_system, patient_key
    from sciatica_pt.reports.calendar import program_ics

    def make() -> bytes:
        day = _day(start, "--start")
        patient = patient_key(patient_id_system(), patient_id)
        result, kb = _assessed(source)
        now = dt.datetime.now(dt.UTC)
        return program_ics(
            result.plan, kb, day, patient=patient, program=day.isoformat(), now=now,
            sequence=sequence,
        )  # fmt: skip

    return _write(output, make)


def report(program: Path, checkins: Path, output: Path, today: str | None, clinic: str) -> int:
    from sciatica_pt import knowledge
    from sciatica_pt.commands.review import read
    from sciatica_pt.core.followup.review import review
    from sciatica_pt.core.followup.start import parse_checkins, parse_program
    from sciatica_pt.reports.progress import progress_pdf

    def make() -> bytes:
        day = _day(today, "--today")
        parsed = parse_program(read(program, "program"))
        logs = parse_checkins(read(checkins, "checkins"))
        result = review(parsed, logs, parsed.outcomes, knowledge.load(), day)
        return progress_pdf(result, logs, clinic, parsed.outcomes)

    return _write(output, make)
