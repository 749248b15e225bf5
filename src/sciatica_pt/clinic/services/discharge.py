"""The discharge summary: what the therapist confirms before discharging and the letter after.

Every judgement is the core's: outcomes against the baseline with their minimal important
change (`core.outcomes.mic.summarize`), the goals (`core.outcomes.goals.judge_goals`), the
maintenance program (`core.followup.discharge.maintenance`) and the flare-up plan
(`core.followup.flare.flare_plan`). A read: nothing is stored.
"""

from __future__ import annotations

import datetime as dt

from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.services import clinic_exercises, followup
from sciatica_pt.clinic.services.downloads import Download, current_plan
from sciatica_pt.core.followup.discharge import REFS, maintenance
from sciatica_pt.core.followup.flare import flare_plan
from sciatica_pt.core.outcomes.goals import judge_goals
from sciatica_pt.core.outcomes.mic import summarize
from sciatica_pt.reports.discharge_letter import DischargeSummary, discharge_pdf


def summary(patient: Patient, today: dt.date) -> DischargeSummary:
    """The summary as of `today` (the discharge day once discharged); NothingToDownload
    without a program."""
    program, _plan = current_plan(patient)
    day = patient.discharged_on or today
    entries = followup.outcome_entries(patient, program)
    rows = list(program.items.in_program())
    state = followup.engine_program(program, rows, entries)
    kb = clinic_exercises.knowledge_for(patient.clinic)
    outcomes = summarize(entries, day)
    goals = state.goals if state is not None else ()
    judged = judge_goals(outcomes, goals)
    kept = maintenance(state, day, kb).items if state is not None else ()
    lines, flare_refs = flare_plan(kb)
    therapist = patient.therapist.user if patient.therapist else None
    return DischargeSummary(
        patient=patient.display_name,
        clinic=patient.clinic.name,
        therapist=(therapist.get_full_name() or therapist.get_username()) if therapist else "",
        started_on=program.started_on,
        discharged_on=patient.discharged_on,
        today=day,
        outcomes=outcomes,
        goals=tuple(goals),
        goals_met=judged.met,
        goals_why=judged.why,
        maintenance=tuple(kept),
        flare_up_plan=lines,
        refs=tuple(dict.fromkeys((*REFS, *flare_refs))),
    )


def letter(patient: Patient, today: dt.date) -> Download:
    """The discharge letter as a PDF (before the discharge, a draft that says so)."""
    pdf = discharge_pdf(summary(patient, today))
    return Download(pdf, "application/pdf", f"discharge-patient-{patient.pk}.pdf")
