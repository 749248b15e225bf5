"""The handout and the progress report speak words, never codes (issue 20)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sciatica_pt import knowledge
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.followup.start import parse_checkins, parse_program
from sciatica_pt.core.words import dose_in_words, name_of
from sciatica_pt.reports.handout import handout_pdf, is_home_item
from sciatica_pt.reports.progress import progress_pdf
from tests.raw_codes import raw_codes
from tests.reports.helpers import EXAMPLES, pdf_pages, plan_of

KB = knowledge.load()
TODAY = dt.date(2026, 4, 30)


@pytest.mark.parametrize(
    "example", ["disc-extension-preference.yaml", "stenosis.yaml", "cauda-equina-emergency.yaml"]
)
def test_the_handout_doses_read_as_words_and_no_code_shows(example: str, tmp_path: Path) -> None:
    plan = plan_of(example)
    pdf = handout_pdf(plan, KB, "Riverside Physio", "Ana Silva", dt.date(2026, 1, 5))
    text = " ".join(pdf_pages(pdf, tmp_path))
    assert raw_codes(text) == set()
    for item in plan.items:
        if is_home_item(item) and item.dosage:
            assert dose_in_words(item.dosage)[1:] in text
    assert "per_day" not in text and "reps" not in text


def _review_of(case: str):  # type: ignore[no-untyped-def]
    def read(name: str) -> object:
        return yaml.safe_load((EXAMPLES / "followup" / name).read_text(encoding="utf-8"))

    program = parse_program(read(f"{case}-program.yaml"))
    checkins = parse_checkins(read(f"{case}-checkins.yaml"))
    return review(program, checkins, program.outcomes, KB, TODAY), checkins


@pytest.mark.parametrize(
    "case", ["peripheralizing", "ready-for-discharge", "red-flag", "flare", "not-improving"]
)
def test_the_progress_report_speaks_words_and_shows_no_code(case: str, tmp_path: Path) -> None:
    result, checkins = _review_of(case)
    text = " ".join(pdf_pages(progress_pdf(result, checkins, "Riverside Physio"), tmp_path))
    assert raw_codes(text) == set()
    assert f"status: {name_of(result.program.status).lower()}" in text
    for alert in result.alerts:
        assert name_of(alert.rule, "followup_rule") in text
    for outcome in result.outcomes:
        assert name_of(outcome.measure) in text and name_of(outcome.verdict) in text


def test_the_progress_report_names_a_stopped_exercise_and_its_decision(tmp_path: Path) -> None:
    result, checkins = _review_of("peripheralizing")
    text = " ".join(pdf_pages(progress_pdf(result, checkins, "Riverside Physio"), tmp_path))
    assert "Exercise stopped Prone on elbows" in text
    assert "Direction not to use: bending backwards" in text
    assert "prone-on-elbows" not in text and "stop item" not in text
