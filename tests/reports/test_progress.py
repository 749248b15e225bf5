"""The progress report: outcome charts with the MIC band, adherence, alerts and the decisions
taken with their reasons, from the follow-up engine's review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup.models import CheckIn, Measure, ReviewResult
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.followup.start import parse_checkins, parse_program
from sciatica_pt.core.words import name_of
from sciatica_pt.reports.charts import Chart, Series, chart_svg
from sciatica_pt.reports.pdf import Document
from sciatica_pt.reports.progress import progress_pdf
from tests.reports.helpers import EXAMPLES, pdf_pages, run_cli

TODAY = dt.date(2026, 1, 20)
CLEAR = dict.fromkeys(
    ("saddle_numbness", "bladder_change", "bowel_change", "sexual_change", "both_legs",
     "new_or_spreading_weakness"),
    False,
)  # fmt: skip


def _program(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load((EXAMPLES / "program.yaml").read_text(encoding="utf-8"))
    data["outcomes"] += [
        {"date": dt.date(2026, 1, 19), "measure": "psfs", "score": 6},
        {"date": dt.date(2026, 1, 19), "measure": "odi", "score": 30},
        {"date": dt.date(2026, 1, 19), "measure": "leg_pain_nrs", "score": 3},
    ]
    return data | changes


def _checkins(days: int = 14, leg: int = 6, **extra: Any) -> tuple[CheckIn, ...]:
    logs = [
        {
            "date": dt.date(2026, 1, 6) + dt.timedelta(days=n),
            "items": [{"item_id": "prone-lying", "done": True, "sessions": 6}],
            "back_pain": 4,
            "leg_pain": max(leg - n // 3, 1),
            "warning_signs": CLEAR,
        }
        for n in range(days)
    ]
    logs[-1] |= extra
    return parse_checkins({"checkins": logs})


def _review(checkins: tuple[CheckIn, ...]) -> ReviewResult:
    program = parse_program(_program())
    return review(program, checkins, program.outcomes, knowledge.load(), TODAY)


def test_it_names_the_clinic_patient_date_and_shows_each_outcome(tmp_path: Path) -> None:
    logs = _checkins()
    pages = pdf_pages(progress_pdf(_review(logs), logs, "Riverside Physio"), tmp_path)
    text = " ".join(pages)
    for expected in ("Riverside Physio", "PT-0042", "Report date: 2026-01-20"):
        assert expected in pages[0]
    for measure in (Measure.LEG_PAIN_NRS, Measure.PSFS, Measure.ODI):
        assert name_of(measure) in text and str(measure) not in text
    assert "Outcomes against the minimal important change" in text
    assert "Improved" in text
    assert "walking the dog: target 8 of 10" in text


def test_it_reports_adherence_per_item(tmp_path: Path) -> None:
    logs = _checkins()
    result = _review(logs)
    text = " ".join(pdf_pages(progress_pdf(result, logs, "Riverside"), tmp_path))
    assert "Adherence" in text
    assert "Prone lying" in text and "prone-lying" not in text
    assert f"{result.adherence.overall:.0%} overall" in text


def test_each_decision_appears_with_its_reason(tmp_path: Path) -> None:
    logs = _checkins(leg_symptoms="peripheralized", leg_pain=7, pain_during=8)
    result = _review(logs)
    assert result.decisions
    text = " ".join(pdf_pages(progress_pdf(result, logs, "Riverside"), tmp_path))
    assert "Decisions taken and why" in text
    for decision in result.decisions:
        assert decision.why[:30] in text


def test_a_warning_sign_is_shown_as_a_critical_alert(tmp_path: Path) -> None:
    logs = _checkins(warning_signs=CLEAR | {"saddle_numbness": True})
    text = " ".join(pdf_pages(progress_pdf(_review(logs), logs, "Riverside"), tmp_path))
    assert "CRITICAL:" in text


def test_the_same_review_gives_the_same_bytes() -> None:
    logs = _checkins()
    result = _review(logs)
    assert progress_pdf(result, logs, "Riverside") == progress_pdf(result, logs, "Riverside")


def test_the_chart_svg_is_stable_and_has_no_date() -> None:
    chart = Chart("Leg pain", (Series("Leg", ((TODAY, 6.0), (TODAY + dt.timedelta(7), 3.0))),),
                  10, 2, True)  # fmt: skip
    svg = chart_svg(chart)
    assert svg == chart_svg(chart)
    assert "<dc:date>" not in svg


def test_it_rejects_a_blank_clinic_name() -> None:
    logs = _checkins()
    with pytest.raises(InvalidInput, match="clinic_name"):
        progress_pdf(_review(logs), logs, " ")


def test_it_rejects_something_that_is_not_a_review() -> None:
    with pytest.raises(InvalidInput, match="review: dict is not a follow-up review result"):
        progress_pdf({}, (), "Riverside")  # type: ignore[arg-type]


def test_the_report_command_writes_the_pdf(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    done = run_cli("report", str(EXAMPLES / "program.yaml"), str(EXAMPLES / "checkins.yaml"),
                "-o", str(out), "--today", "2026-01-20")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Progress report" in pdf_pages(out.read_bytes(), tmp_path)[0]


def test_the_report_command_rejects_a_bad_date(tmp_path: Path) -> None:
    done = run_cli("report", str(EXAMPLES / "program.yaml"), str(EXAMPLES / "checkins.yaml"),
                "-o", str(tmp_path / "r.pdf"), "--today", "2026-02-30")  # fmt: skip
    assert done.returncode == 2
    assert "--today: '2026-02-30' is not a date" in done.stderr


def _spy_on_charts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SVG of every chart drawn from now on."""
    drawn: list[str] = []
    original = Document.svg

    def spy(self: Document, svg_text: str, x: float, y: float, w: float) -> float:
        drawn.append(svg_text)
        return original(self, svg_text, x, y, w)

    monkeypatch.setattr(Document, "svg", spy)
    return drawn


def test_it_draws_a_chart_for_pain_psfs_and_odi(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _spy_on_charts(monkeypatch)
    logs = _checkins()
    progress_pdf(_review(logs), logs, "Riverside")
    assert len(drawn) == 3
    assert all(svg.lstrip().startswith("<?xml") for svg in drawn)


def test_a_measure_without_scores_says_so_instead_of_an_empty_chart(tmp_path: Path) -> None:
    program = parse_program(_program(outcomes=[]))
    logs = _checkins()
    result = review(program, logs, (), knowledge.load(), TODAY)
    text = " ".join(pdf_pages(progress_pdf(result, logs, "Riverside"), tmp_path))
    assert "PSFS average, 0-10: no scores recorded yet." in text
    assert "ODI, % (0-100): no scores recorded yet." in text


def test_it_charts_the_scores_it_is_given_not_the_programs_own_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 18: the web app gives the review its recorded scores; the program holds none
    given = parse_program(_program()).outcomes
    program = parse_program(_program(outcomes=[]))
    logs = _checkins()
    result = review(program, logs, given, knowledge.load(), TODAY)
    assert result.outcomes, "the review compared the scores it was given"
    text = " ".join(pdf_pages(progress_pdf(result, logs, "Riverside", given), tmp_path))
    assert "no scores recorded yet" not in text
    drawn = _spy_on_charts(monkeypatch)
    progress_pdf(result, logs, "Riverside", given)
    assert len(drawn) == 3


def test_without_the_scores_it_charts_what_the_outcome_table_compares(tmp_path: Path) -> None:
    given = parse_program(_program()).outcomes
    program = parse_program(_program(outcomes=[]))
    logs = _checkins()
    result = review(program, logs, given, knowledge.load(), TODAY)
    text = " ".join(pdf_pages(progress_pdf(result, logs, "Riverside"), tmp_path))
    assert "no scores recorded yet" not in text  # never above a table of scores


def test_the_mic_band_is_the_cores_one_definition() -> None:
    from sciatica_pt.core.followup.models import Measure
    from sciatica_pt.core.outcomes.mic import MIC
    from sciatica_pt.reports import progress

    assert not hasattr(progress, "MIC") or progress.MIC is MIC
    assert progress._band(Measure.ODI) == MIC[Measure.ODI].points
