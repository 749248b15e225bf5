"""The discharge letter (PDF): outcomes against the baseline with their minimal important
change, the patient's goals and whether they are met, the maintenance program and the
flare-up plan.

`discharge_pdf(summary) -> bytes` takes a `DischargeSummary` the caller fills from the core
(`core.outcomes.mic.summarize`, `core.outcomes.goals.judge_goals`,
`core.followup.discharge.maintenance`, `core.followup.flare.flare_plan`); it reads no clock
and no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sciatica_pt.core.followup.models import Goal, OutcomeSummary, ProgramItem
from sciatica_pt.reports.patient_text import dose_text
from sciatica_pt.reports.pdf import Document, require_text
from sciatica_pt.reports.progress import outcomes_table

FOOTER = (
    "Sciatica PT discharge letter: decision support for licensed clinicians, not a diagnosis. "
    "MIC = minimal important change."
)


@dataclass(frozen=True)
class DischargeSummary:
    patient: str
    clinic: str
    therapist: str
    started_on: dt.date | None
    discharged_on: dt.date | None  # None: a preview before the discharge is confirmed
    today: dt.date
    outcomes: tuple[OutcomeSummary, ...]
    goals: tuple[Goal, ...]
    goals_met: bool
    goals_why: str
    maintenance: tuple[ProgramItem, ...]
    flare_up_plan: tuple[str, ...]
    refs: tuple[str, ...]


def discharge_pdf(summary: DischargeSummary) -> bytes:
    """The letter as PDF bytes; InvalidInput names a missing patient or clinic name."""
    patient = require_text(summary.patient, "patient")
    clinic = require_text(summary.clinic, "clinic")
    doc = Document(f"Discharge letter {patient}", FOOTER, summary.today)
    doc.add_page()
    doc.heading(clinic, size=12)
    doc.heading(
        "Discharge summary" if summary.discharged_on else "Draft discharge summary", size=18
    )
    doc.paragraph(f"Patient: {patient}", bold=True)
    when = summary.discharged_on.isoformat() if summary.discharged_on else "not yet discharged"
    started = summary.started_on.isoformat() if summary.started_on else "-"
    doc.paragraph(f"Program started {started} · discharged {when}")
    if summary.therapist:
        doc.paragraph(f"Therapist: {summary.therapist}")
    doc.ln(3)
    outcomes_table(doc, summary.outcomes)
    doc.heading("Goals", size=12)
    if summary.goals:
        doc.bullets([f"{g.activity}: target {g.target:g} of 10" for g in summary.goals])
    verdict = "Goals met" if summary.goals_met else "Goals not met"
    doc.paragraph(f"{verdict}: {summary.goals_why or 'no scores to judge yet'}.")
    doc.ln(2)
    doc.heading("Maintenance program", size=12)
    if summary.maintenance:
        doc.bullets(
            [
                f"{i.name}: {dose_text(i.dosage)}" if i.dosage else i.name
                for i in summary.maintenance
            ]
        )
    else:
        doc.paragraph("No exercise to keep: as agreed with the therapist.")
    doc.ln(2)
    doc.heading("Flare-up plan", size=12)
    doc.bullets(list(summary.flare_up_plan), numbered=True)
    doc.ln(2)
    if summary.refs:
        doc.paragraph(f"References: {', '.join(summary.refs)}", size=8.5)
    return doc.bytes()
