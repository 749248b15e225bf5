"""What a stored patient's program looks like outside the app: the home-program handout and
the progress report (PDF), the calendar (.ics) and the FHIR R4 Bundle of the latest episode
(with the patient's visits).

Thin: it gathers the stored rows into the core's objects and calls `sciatica_pt.reports` and
`sciatica_pt.interop`, the same functions the CLI uses. Access and the audit entry are the
caller's (views and API routes, through `permissions.require_patient_access`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sciatica_pt.clinic.models import Assessment, Patient, Program, ProgramStatus
from sciatica_pt.clinic.services import followup
from sciatica_pt.clinic.services.clinic_exercises import knowledge_for, pictures_for
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.core.result import AssessmentResult, Plan, PlanStatus

# A program stopped by a warning sign is on hold until the therapist reviews it: the handout
# and calendar then show no exercise (the cautious reading). A discharged patient keeps the
# home program as self-management.
_PLAN_STATUS = {
    ProgramStatus.ACTIVE: PlanStatus.ACTIVE,
    ProgramStatus.PROVISIONAL: PlanStatus.PROVISIONAL,
    ProgramStatus.WITHHELD: PlanStatus.WITHHELD,
    ProgramStatus.STOPPED: PlanStatus.WITHHELD,
    ProgramStatus.DISCHARGED: PlanStatus.ACTIVE,
}


class NothingToDownload(Exception):
    """The patient has no assessment or program yet (a 404: there is no such document)."""


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


def current_plan(patient: Patient) -> tuple[Program, Plan]:
    """The plan as it stands today: the current program's active items, with the clinician's
    and the follow-up rules' changes, and the latest assessment's exclusions."""
    program = Program.objects.filter(patient=patient, is_current=True).order_by("-pk").first()
    if program is None or program.assessment is None:
        raise NothingToDownload("no program yet")
    rows = program.items.live()
    result = AssessmentResult.model_validate(program.assessment.result)
    status = _PLAN_STATUS[ProgramStatus(program.status)]
    # On hold: no exercise leaves the app (no handout page, no calendar reminder, no order).
    held = status is PlanStatus.WITHHELD
    plan = Plan(
        status=status,
        items=() if held else tuple(row.to_domain() for row in rows),
        excluded=result.plan.excluded,
    )
    return program, plan


def handout_pictures(clinic: Any) -> dict[str, Any]:
    """The handout's picture of each of the clinic's own exercises: a built-in's drawing (its
    id) or the photo (its stored file)."""
    from sciatica_pt.reports.handout import Picture

    return {
        item_id: Picture(pose=p.pose, photo=p.photo) for item_id, p in pictures_for(clinic).items()
    }


def _slug(patient: Patient) -> str:
    return f"patient-{patient.pk}"  # never the name: file names end up in logs and histories


def handout(patient: Patient, today: dt.date) -> Download:
    from sciatica_pt.reports.handout import handout_pdf

    _, plan = current_plan(patient)
    kb, pictures = knowledge_for(patient.clinic), handout_pictures(patient.clinic)
    pdf = handout_pdf(plan, kb, patient.clinic.name, patient.display_name, today, pictures)
    return Download(pdf, "application/pdf", f"home-program-{_slug(patient)}.pdf")


def calendar(patient: Patient, today: dt.date) -> Download:
    from django.utils import timezone

    from sciatica_pt.clinic.services.daily_reminder import reminder_time
    from sciatica_pt.interop.identity import patient_id_system, patient_key
    from sciatica_pt.reports.calendar import program_ics

    # The program's own start, not today: its events keep their UIDs and DTSTART on every
    # download, and each edit of the program (version) raises their SEQUENCE (RFC 5545).
    program, plan = current_plan(patient)
    ics = program_ics(  # InvalidInput: nothing to schedule
        plan, knowledge_for(patient.clinic), program.started_on,
        patient=patient_key(patient_id_system(), str(patient.pk)), program=str(program.pk),
        now=timezone.now(), sequence=program.version - 1, reminder=reminder_time(patient),
    )  # fmt: skip
    return Download(ics, "text/calendar; charset=utf-8", f"program-{_slug(patient)}.ics")


def fhir_bundle(
    patient: Patient, today: dt.date, *, with_notes: bool = False
) -> tuple[dict[str, Any], list[int]]:
    """The latest episode as the CLI's `export fhir` writes it, with today's plan and the
    patient's visits (their notes too when `with_notes`: the clinic's staff only); and the ids
    of the visit notes it carries, for the caller's audit."""
    from django.utils import timezone

    from sciatica_pt.interop.fhir_export import episode_bundle
    from sciatica_pt.interop.identity import patient_id_system
    from sciatica_pt.visits.services.fhir import patient_visits

    program, plan = current_plan(patient)
    stored: Assessment = program.assessment  # type: ignore[assignment]
    result = AssessmentResult.model_validate(stored.result).model_copy(update={"plan": plan})
    assessment = parse_assessment(stored.document)
    kb = knowledge_for(patient.clinic)
    visits = patient_visits(patient, with_notes)
    bundle = episode_bundle(
        assessment, result, kb, patient_id=str(patient.pk), today=today,
        identifier_system=patient_id_system(), visits=[record for record, _ in visits],
        now=timezone.now(),
    )  # fmt: skip
    return bundle, [note for _, note in visits if note is not None]


def progress(patient: Patient, today: dt.date) -> Download:
    """A fresh review over the stored check-ins (a read: nothing is written back)."""
    from sciatica_pt.reports.progress import progress_pdf

    program, _ = current_plan(patient)
    rows = list(program.items.in_program())
    state = followup.engine_program(program, rows, followup.outcome_entries(patient, program))
    if state is None:
        raise NothingToDownload("no follow-up program to report on")
    state = state.model_copy(update={"patient": patient.display_name})  # the report's title
    logs = followup.checkins_of(patient, state.start, today)
    result = review(state, logs, state.outcomes, knowledge_for(patient.clinic), today)
    pdf = progress_pdf(result, logs, patient.clinic.name, state.outcomes)
    return Download(pdf, "application/pdf", f"progress-{_slug(patient)}.pdf")


__all__ = ["InvalidInput", "NothingToDownload", "calendar", "fhir_bundle", "handout", "progress"]
