"""The progress report (PDF) for the clinician and the patient's record: pain, PSFS and ODI over
time against their minimal important change, adherence, the alerts, and every decision the
follow-up engine took with its reason and references.

`progress_pdf(review, checkins, clinic_name, outcomes) -> bytes` takes the follow-up engine's
ReviewResult, the check-ins and the outcome scores it reviewed (the scores are charted; left
out, the baseline and latest score of each measure the review compared are); it never reads
the clock (the date is the review's `today`). The minimal important change drawn around each
baseline is the core's (`sciatica_pt.core.outcomes.mic.MIC`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fpdf.enums import XPos, YPos

from sciatica_pt.core import words  # name_of: the words people read (a line of its own)
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup.models import (
    CheckIn,
    Measure,
    OutcomeEntry,
    OutcomeSummary,
    ReviewResult,
    Severity,
)
from sciatica_pt.core.outcomes.mic import MIC
from sciatica_pt.reports.charts import SECOND, Chart, Series, chart_svg, points
from sciatica_pt.reports.patient_text import dose_text
from sciatica_pt.reports.pdf import ALERT, FONT, INK, Document, require_text

FOOTER = (
    "Sciatica PT progress report: decision support for licensed clinicians, not a diagnosis. "
    "MIC = minimal important change; scores inside the shaded band have not changed meaningfully."
)
CHART_MM = 174


def progress_pdf(
    review: ReviewResult,
    checkins: Sequence[CheckIn],
    clinic_name: str,
    outcomes: Sequence[OutcomeEntry] | None = None,
) -> bytes:
    """The report as PDF bytes; raises InvalidInput naming a bad argument. `outcomes`: the
    scores given to the review (pass them: the program's own copy may hold none)."""
    clinic = require_text(clinic_name, "clinic_name")
    if not isinstance(review, ReviewResult):
        raise InvalidInput([f"review: {type(review).__name__} is not a follow-up review result"])
    logs = sorted(checkins, key=lambda c: c.date)
    doc = Document(f"Progress report {review.program.patient}", FOOTER, review.today)
    doc.add_page()
    _header(doc, review, clinic)
    _alerts(doc, review)
    scores = _compared(review) if outcomes is None else tuple(outcomes)
    for chart in _charts([e for e in scores if e.date <= review.today], logs):
        _chart(doc, chart)
    _outcomes(doc, review)
    _goals(doc, review)
    _adherence(doc, review)
    _decisions(doc, review)
    _program(doc, review)
    _discharge(doc, review)
    return doc.bytes()


def _header(doc: Document, review: ReviewResult, clinic: str) -> None:
    program = review.program
    doc.heading(clinic, size=12)
    doc.heading("Progress report", size=18)
    doc.paragraph(f"Patient: {program.patient}", bold=True)
    doc.paragraph(
        f"Report date: {review.today.isoformat()} · program started {program.start.isoformat()} "
        f"(week {review.weeks_in_program:g}) · status: {words.name_of(program.status).lower()}"
    )
    doc.ln(3)


def _alerts(doc: Document, review: ReviewResult) -> None:
    if not review.alerts:
        doc.paragraph("No alerts.")
        doc.ln(2)
        return
    doc.heading("Alerts", size=12)
    for alert in review.alerts:
        colour = ALERT if alert.severity is Severity.CRITICAL else INK
        doc.set_text_color(*colour)
        doc.set_font(FONT, "B", 10)
        rule = words.name_of(alert.rule, "followup_rule")
        title = f"{words.name_of(alert.severity).upper()}: {rule}"
        doc.multi_cell(0, 4.8, f"{title}. {alert.message}",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        doc.paragraph(f"Do now: {alert.action_now} [{', '.join(alert.refs)}]", size=9)
        doc.ln(1)
    doc.ln(2)


def _compared(review: ReviewResult) -> tuple[OutcomeEntry, ...]:
    """The scores the review's outcome table shows: each measure's baseline and latest."""
    return tuple(e for s in review.outcomes for e in (s.baseline, s.latest))


def _charts(entered: Sequence[OutcomeEntry], logs: Sequence[CheckIn]) -> list[Chart]:
    def scores(measure: Measure) -> list[tuple[dt.date, float | None]]:
        return [(e.date, e.score) for e in entered if e.measure is measure]

    leg = points([(c.date, c.leg_pain) for c in logs] + scores(Measure.LEG_PAIN_NRS))
    back = points([(c.date, c.back_pain) for c in logs] + scores(Measure.BACK_PAIN_NRS))
    pain = (Series("Leg pain", leg), Series("Back pain", back, SECOND))
    psfs = (Series("PSFS", points(scores(Measure.PSFS))),)
    odi = (Series("ODI", points(scores(Measure.ODI))),)
    return [
        Chart(
            "Pain, NRS 0-10 (check-ins and clinic scores)",
            pain,
            10,
            _band(Measure.LEG_PAIN_NRS),
            True,
        ),
        Chart("PSFS average, 0-10", psfs, 10, _band(Measure.PSFS), False),
        Chart("ODI, % (0-100)", odi, 100, _band(Measure.ODI), True),
    ]


def _band(measure: Measure) -> float:
    """The MIC band around the baseline: the measure's points (the core's one definition)."""
    return MIC[measure].points


def _chart(doc: Document, chart: Chart) -> None:
    if not any(s.points for s in chart.series):
        doc.paragraph(f"{chart.title}: no scores recorded yet.", size=9.5)
        doc.ln(2)
        return
    if doc.room_left() < 68:
        doc.add_page()
    top = doc.get_y()
    height = doc.svg(chart_svg(chart), x=doc.l_margin, y=top, w=CHART_MM)
    doc.set_y(top + height + 4)


def table(
    doc: Document, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]
) -> None:
    doc.set_font(FONT, size=8.5)
    doc.set_text_color(0, 0, 0)
    with doc.table(col_widths=widths, text_align="LEFT", line_height=4.4) as grid:
        for values in (header, *rows):
            row = grid.row()
            for value in values:
                row.cell(value)
    doc.ln(3)


def _outcomes(doc: Document, review: ReviewResult) -> None:
    outcomes_table(doc, review.outcomes)


def outcomes_table(doc: Document, outcomes: Sequence[OutcomeSummary]) -> None:
    """Each measure's baseline against its latest score, with the minimal important change
    and the verdict (the core's comparison); shared by the progress report and the discharge
    letter."""
    doc.heading("Outcomes against the minimal important change", size=12)
    if not outcomes:
        doc.paragraph("Fewer than two scores of any measure: no comparison yet.")
        doc.ln(2)
        return
    rows = [
        (words.name_of(s.measure), _score(s.baseline.score, s.baseline.group),
         _score(s.latest.score, s.latest.group),
         "" if s.change is None else f"{s.change:+g}", s.minimal_important_change,
         words.name_of(s.verdict), ", ".join(s.refs))
        for s in outcomes
    ]  # fmt: skip
    header = ("measure", "baseline", "latest", "change", "MIC", "verdict", "refs")
    table(doc, header, rows, (38, 14, 14, 14, 34, 24, 28))


def _goals(doc: Document, review: ReviewResult) -> None:
    """The patient's own PSFS activities and where they aim to be (0 unable .. 10 as before)."""
    goals = review.program.goals
    if goals:
        doc.heading("Goals (PSFS activities)", size=12)
        doc.bullets([f"{g.activity}: target {g.target:g} of 10" for g in goals])
        doc.ln(2)


def _score(score: float | None, group: object) -> str:
    return words.name_of(group) if group is not None else f"{score:g}" if score is not None else "-"


def _adherence(doc: Document, review: ReviewResult) -> None:
    a = review.adherence
    overall = "not measurable" if a.overall is None else f"{a.overall:.0%}"
    last = a.last_checkin.isoformat() if a.last_checkin else "none"
    doc.heading("Adherence", size=12)
    doc.paragraph(f"{a.window_start} to {a.window_end}: {overall} overall; last check-in {last}.")
    doc.ln(1)
    if a.items:
        rows = [
            (_item(review, r.item_id), f"{r.done}", f"{r.prescribed:g}", f"{r.ratio:.0%}")
            for r in a.items
        ]
        table(doc, ("item", "sessions done", "prescribed", "adherence"), rows, (70, 35, 35, 30))


def _decisions(doc: Document, review: ReviewResult) -> None:
    doc.heading("Decisions taken and why", size=12)
    if not review.decisions:
        doc.paragraph("No changes to the program in this review.")
        doc.ln(2)
        return
    rows = [
        (d.date.isoformat(), words.name_of(d.action), _item(review, d.item_id), d.why,
         ", ".join(d.refs))
        for d in review.decisions
    ]  # fmt: skip
    table(doc, ("date", "decision", "item", "why", "refs"), rows, (20, 24, 30, 70, 30))


def _item(review: ReviewResult, item_id: str | None) -> str:
    """An item by the name the patient knows it by (the program's), not its id."""
    item = review.program.item(item_id) if item_id else None
    return item.name if item is not None else words.name_of(item_id or "")


def _program(doc: Document, review: ReviewResult) -> None:
    doc.heading("The program from today", size=12)
    rows = [
        (i.name, words.name_of(i.status), dose_text(i.dosage) if i.dosage else "-", i.reason or "")
        for i in review.program.items
    ]
    table(doc, ("item", "status", "dose", "note"), rows, (45, 20, 60, 49))
    for ban in review.program.banned_directions:
        direction = words.name_of(ban.direction).lower()
        doc.paragraph(f"Direction not to use: {direction} since {ban.since} ({ban.reason})")


def _discharge(doc: Document, review: ReviewResult) -> None:
    plan = review.discharge
    if plan is None:
        return
    doc.heading("Ready for discharge", size=12)
    doc.paragraph("Maintenance program:")
    doc.bullets([f"{i.name}: {dose_text(i.dosage)}" for i in plan.maintenance.items])
    doc.paragraph("Flare-up plan:")
    doc.bullets(list(plan.flare_up_plan))
