"""The bridge to the follow-up engine (`sciatica_pt.core.followup`): the stored program as the
engine's `Program` (`engine_program`), each check-in as the engine reads it (`core_checkin`),
and `review_locked`, which runs the engine's `review` on the program, its check-ins and every
outcome score (the assessment's baselines and each recorded score), exactly as
`sciatica-pt review` does, and stores what it returns: the items' doses and statuses, the
engine's own state, the review and its alerts.

Every clinical rule is the core's; this module maps rows to core types and back. Callers hold
the program's row lock (`lock_current`), so a review never loses a clinician's edit and an
edit never loses a review.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sciatica_pt import knowledge
from sciatica_pt.clinic.checkin import CheckInDoc
from sciatica_pt.clinic.models import (
    Alert,
    AlertStatus,
    ItemStatus,
    Patient,
    Program,
    ProgramItem,
    ProgramStatus,
)
from sciatica_pt.clinic.services import alerts, clinic_exercises
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup import checkin_rules
from sciatica_pt.core.followup import models as fu
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.followup.start import parse_checkins, parse_program, program_from_plan
from sciatica_pt.core.followup.warning_signs import ALERTED_WHILE_OPEN
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.core.outcomes.from_assessment import assessment_scores
from sciatica_pt.core.result import Plan

log = logging.getLogger("sciatica_pt.followup")
HISTORY = 400  # check-ins given to a review: more than a year of daily logging
# The engine's program beyond its items, status and scores: kept on the program row.
ENGINE_FIELDS = {"stopped_reason", "reviewed_through", "cleared_on", "banned_directions"}
ENGINE_FIELDS |= {"flare", "goals"}
# The clinic's stored measures as the engine names them. STarT Back needs its risk group,
# which the clinic does not store, so it stays out of the review.
MEASURES = {
    "leg_pain_nrs": fu.Measure.LEG_PAIN_NRS,
    "back_pain_nrs": fu.Measure.BACK_PAIN_NRS,
    "odi_percent": fu.Measure.ODI,
    "psfs_mean": fu.Measure.PSFS,
}
_ITEM_STATUS = {
    ItemStatus.ACTIVE: fu.ItemStatus.ACTIVE,
    ItemStatus.REGRESSED: fu.ItemStatus.REGRESSED,
    ItemStatus.STOPPED: fu.ItemStatus.STOPPED,
}
_ROW_STATUS = {engine: row for row, engine in _ITEM_STATUS.items()}


def lock_current(patient: Patient) -> Program | None:
    """The patient's current program, its row locked until the transaction ends (on SQLite
    the IMMEDIATE transaction already holds the database's write lock)."""
    return (
        Program.objects.select_for_update()
        .filter(patient=patient, is_current=True)
        .order_by("-pk")
        .first()
    )


def start_state(plan: Plan, start: dt.date, patient_id: int) -> dict[str, Any] | None:
    """The engine's state of a new program, or None when the plan starts none (withheld or
    no items)."""
    try:
        program = program_from_plan(plan, start, patient=f"patient {patient_id}")
    except InvalidInput:
        return None
    return _state_of(program)


def _state_of(program: fu.Program) -> dict[str, Any]:
    data: dict[str, Any] = program.model_dump(mode="json", include=ENGINE_FIELDS)
    return data


# --- rows to the engine's program ---------------------------------------------------------


def outcome_entries(patient: Patient, program: Program) -> tuple[fu.OutcomeEntry, ...]:
    """Every outcome score of the patient, oldest first: the assessment's own (its
    baselines, `core.outcomes.from_assessment`) and each score the clinic recorded."""
    entries = list(baselines(program))
    for score in patient.outcomes.filter(measure__in=MEASURES).order_by("recorded_on", "pk"):
        entries.append(
            fu.OutcomeEntry(
                date=score.recorded_on, measure=MEASURES[score.measure], score=score.value
            )
        )
    return tuple(sorted(entries, key=lambda e: e.date))


def baselines(program: Program) -> tuple[fu.OutcomeEntry, ...]:
    """The scores of the assessment that started the program, dated its first day."""
    if program.assessment is None:
        return ()
    return assessment_scores(parse_assessment(program.assessment.document), program.started_on)


def engine_program(
    program: Program, rows: list[ProgramItem], outcomes: tuple[fu.OutcomeEntry, ...] = ()
) -> fu.Program | None:
    """The stored program as the engine's, or None when it has no follow-up program."""
    if program.followup_state is None or not rows:
        return None
    state = program.followup_state
    status = (
        fu.ProgramStatus.STOPPED
        if program.status == ProgramStatus.STOPPED
        else fu.ProgramStatus.FLARE
        if state.get("flare")
        else fu.ProgramStatus.ACTIVE
    )
    data = {
        **state,
        "patient": f"patient {program.patient_id}",
        "start": program.started_on,
        "status": status.value,
        "items": [_engine_item(row, program.started_on) for row in rows],
        "outcomes": [o.model_dump(mode="json", exclude_none=True) for o in outcomes],
    }
    return parse_program(data)


def _engine_item(row: ProgramItem, start: dt.date) -> dict[str, Any]:
    item = {
        "item_id": row.item_id,
        "name": row.name,
        "kind": row.kind,
        "direction": row.direction or None,
        "dosage": row.dosage or None,
        "status": _ITEM_STATUS[ItemStatus(row.status)].value,
        "since": row.since or start,
        "reason": row.reason or None,
    }
    return {k: v for k, v in item.items() if v is not None}


# --- a check-in as the engine reads it ----------------------------------------------------


def pain_before_of(last: object) -> int | None:
    """The pain the patient gave before their last session (the check-in data of an earlier
    day), if they gave it."""
    value = last.get("pain_before_nrs") if isinstance(last, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def core_checkin(
    doc: CheckInDoc, program_items: set[str], last_before: int | None = None
) -> fu.CheckIn:
    """The web check-in as the engine reads it. Bladder and bowel are asked as one question,
    so one answer fills both. `last_before`: the pain before the last session, the baseline
    of this morning's pain."""
    done = [i for i in dict.fromkeys(doc.items_done) if i in program_items]
    return fu.CheckIn(
        date=doc.day,
        items=tuple(
            # a count only when the patient gave one: done with no count is done as prescribed
            fu.ItemLog(item_id=i, done=True, sessions=doc.item_sessions.get(i))
            for i in done
        ),
        back_pain=doc.back_pain_nrs,
        leg_pain=doc.leg_pain_nrs,
        pain_before=doc.pain_before_nrs,
        pain_during=doc.pain_during_nrs,
        next_morning=checkin_rules.next_morning(
            fu.NextMorning(doc.next_morning.value), doc.pain_next_morning_nrs, last_before
        ),
        leg_symptoms=fu.LegSymptoms(doc.leg_symptoms.value),
        new_numbness=doc.new_numbness,
        warning_signs=fu.WarningSigns(
            saddle_numbness=doc.saddle_numbness,
            bladder_change=doc.bladder_bowel_change,
            bowel_change=doc.bladder_bowel_change,
            sexual_change=doc.sexual_change,
            both_legs=doc.both_legs,
            new_or_spreading_weakness=doc.new_weakness,
        ),
        flare=doc.flare,
        notes=doc.notes.strip() or None,
    )


def item_ids(program: Program | None) -> set[str]:
    """The items of a program (the demo logs them as done)."""
    if program is None:
        return set()
    return set(program.items.live().values_list("item_id", flat=True))


# --- the review, under the program's lock -------------------------------------------------


def review_locked(patient: Patient, program: Program, today: dt.date) -> list[Alert] | None:
    """Review the locked `program` on `today`, store the result and raise its alerts (the
    ones new to this patient are returned); None when the program has no follow-up program
    or the engine refused the inputs (logged, ids only)."""
    rows = list(program.items.in_program())
    state = engine_program(program, rows, outcome_entries(patient, program))
    if state is None:
        return None
    try:
        kb = clinic_exercises.knowledge_for(patient.clinic)  # its own exercises too
        result = review(state, checkins_of(patient, state.start, today), state.outcomes, kb, today)
    except InvalidInput as exc:
        log.warning("review skipped for program %s: %s", program.pk, type(exc).__name__)
        return None
    _store(program, rows, result)
    return raise_alerts(patient, result.alerts)


def checkins_of(patient: Patient, start: dt.date, today: dt.date) -> tuple[fu.CheckIn, ...]:
    """The check-ins of the program as the engine reads them, up to `today`."""
    rows = patient.checkins.filter(core__isnull=False, day__gte=start, day__lte=today)
    newest = list(rows.order_by("-day", "-pk").values_list("core", flat=True)[:HISTORY])
    return parse_checkins(newest[::-1])


def _store(program: Program, rows: list[ProgramItem], result: fu.ReviewResult) -> None:
    """The reviewed program into its rows: each item's dose and status, the items the rules
    put in place of others, the engine's state, the review; the version rises."""
    state = result.program
    by_id = {row.item_id: row for row in rows}
    for position, item in enumerate(state.items):
        row = by_id.pop(item.item_id, None) or _new_row(program, item)
        values = {
            "position": position,
            "status": _ROW_STATUS[item.status],
            "dosage": item.dosage.model_dump(exclude_none=True) if item.dosage else None,
            "since": item.since,
            "reason": item.reason or "",
        }
        if row.pk is None or any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.save()
    for row in by_id.values():  # replaced by an easier or harder item
        row.status, row.reason = ItemStatus.REMOVED, "Replaced by the follow-up rules."
        row.save(update_fields=["status", "reason"])
    if state.status is fu.ProgramStatus.STOPPED:
        program.status = ProgramStatus.STOPPED
    program.followup_state = _state_of(state)
    program.last_review = result.to_json_dict()
    program.version += 1
    program.save(update_fields=["status", "followup_state", "last_review", "version", "updated_at"])


def _new_row(program: Program, item: fu.ProgramItem) -> ProgramItem:
    """An item the engine progressed or regressed to."""
    kb_item = knowledge.load().item(item.item_id)
    return ProgramItem.from_kb(
        program, kb_item, why=[item.reason or "Changed by the follow-up rules."]
    )


# The core's rule of which alerts are raised again while one is open (a new warning sign).
EVERY_EVENT = {f"followup.{rule}" for rule in ALERTED_WHILE_OPEN}


def raise_alerts(patient: Patient, found: tuple[fu.Alert, ...]) -> list[Alert]:
    """The engine's alerts for the therapist, one per clinical event: an event already
    alerted (its id: rule and day) is not raised again, nor is a rule already open (but
    for `EVERY_EVENT`)."""
    rules = {f"followup.{a.rule}" for a in found}
    seen = set(
        Alert.objects.filter(patient=patient, rule__in=rules).values_list("event", "rule", "status")
    )
    events = {event for event, _, _ in seen}
    open_rules = {rule for _, rule, status in seen if status == AlertStatus.OPEN}
    raised = []
    for a in found:
        rule = f"followup.{a.rule}"
        if a.id in events or (rule in open_rules and rule not in EVERY_EVENT):
            continue
        raised.append(
            alerts.raise_alert(
                patient, rule, a.severity.value, a.message, a.action_now, list(a.refs), a.id
            )
        )
        events.add(a.id)
        open_rules.add(rule)
    return raised
