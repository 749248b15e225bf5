"""The bridge to the follow-up engine (`sciatica_pt.core.followup`): start its program from
the assessment's plan, translate each check-in, run `review` after every check-in and carry
its decisions back into the stored program (doses, stopped items, flare, stop), its alerts to
the therapist and its summary to the patient page.

The immediate check-in rules in `services.checkins` run first and never depend on this: a
warning sign is acted on even if a review cannot run.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Any

from sciatica_pt import knowledge
from sciatica_pt.clinic import checkin_store as store
from sciatica_pt.clinic.checkin import CheckInDoc
from sciatica_pt.clinic.models import ItemStatus, Patient, Program
from sciatica_pt.clinic.models import ProgramItem as ItemRow
from sciatica_pt.clinic.models import ProgramStatus as RowStatus
from sciatica_pt.clinic.services import alerts
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup import models as fu
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.followup.start import (
    parse_checkin_json,
    parse_program,
    parse_program_json,
    program_from_plan,
)
from sciatica_pt.core.result import Plan

log = logging.getLogger("sciatica_pt.followup")
HISTORY = store.HISTORY


def start_state(plan: Plan, start: dt.date, patient_id: int) -> dict[str, Any] | None:
    try:
        program = program_from_plan(plan, start, patient=f"patient {patient_id}")
    except InvalidInput:  # a withheld or empty plan starts no program
        return None
    return program.model_dump(mode="json")


_TREND_ORDER = (fu.NextMorning.BETTER, fu.NextMorning.SAME, fu.NextMorning.WORSE)


def pain_before_of(last: object) -> int | None:
    """The pain the patient gave before their last session (the check-in data of an earlier
    day, `checkin_store.recent`), if they gave it."""
    value = last.get("pain_before_nrs") if isinstance(last, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def next_morning(doc: CheckInDoc, last_before: int | None) -> fu.NextMorning:
    """The patient's own answer, or what the numbers show when that is worse: pain this
    morning above the pain before the last session has not returned to baseline
    (clinical-notes §6.4; the more cautious of the two readings wins)."""
    answer = fu.NextMorning(doc.next_morning.value)
    if doc.pain_next_morning_nrs is None or last_before is None:
        return answer
    rise = doc.pain_next_morning_nrs - last_before
    shown = (
        fu.NextMorning.WORSE
        if rise > 0
        else fu.NextMorning.SAME
        if rise == 0
        else fu.NextMorning.BETTER
    )
    return max(answer, shown, key=_TREND_ORDER.index)


def core_checkin(
    doc: CheckInDoc, program_items: set[str], last_before: int | None = None
) -> fu.CheckIn:
    """The web check-in as the engine reads it. Bladder and bowel are asked as one question,
    so one answer fills both. `last_before`: the pain before the last session, the baseline
    of this morning's pain."""
    done = [i for i in dict.fromkeys(doc.items_done) if i in program_items]
    return fu.CheckIn(
        date=doc.day,
        items=tuple(fu.ItemLog(item_id=i, done=True) for i in done),
        back_pain=doc.back_pain_nrs,
        leg_pain=doc.leg_pain_nrs,
        pain_before=doc.pain_before_nrs,
        pain_during=doc.pain_during_nrs,
        next_morning=next_morning(doc, last_before),
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


def engine_state(locked: store.Locked | None, report: bool = True) -> fu.Program | None:
    """The engine's program as stored, or None when there is none or it cannot be read (then
    only the immediate rules act; reported in the log, ids only, never clinical text)."""
    if locked is None or locked.state_json in (None, "null"):
        return None
    try:
        return program_of(locked.state_json)
    except ValueError as exc:
        if report:
            log.warning("review skipped for program %s: %s", locked.program.pk, type(exc).__name__)
        return None


def item_ids(program: Program | None) -> set[str]:
    """The items of a stored program's engine state (the demo logs them as done)."""
    if program is None or not program.followup_state:
        return set()
    return {i["item_id"] for i in program.followup_state["items"]}


def engine_item_ids(state: fu.Program | None) -> set[str]:
    return set() if state is None else {i.item_id for i in state.items}


def history_with(
    past: list[tuple[dt.date, int, str]], new: tuple[dt.date, int, str], start: dt.date
) -> list[str]:
    """The engine's JSON of the newest HISTORY check-ins of the program, newest first, with
    the one just stored (read before it was written, in the same locked transaction), or
    about to be (`store.NOT_YET_STORED`, for the review done ahead)."""
    rows = sorted([*past, new], key=lambda r: (r[0], r[1]), reverse=True)
    return [text for day, _, text in rows if day >= start][:HISTORY]


# The stored state's JSON, each check-in's JSON (newest first), the day.
Inputs = tuple[str, tuple[str, ...], dt.date]


@dataclass(frozen=True)
class Reviewed:
    """A review and the exact inputs the engine was given: the stored state's JSON, the
    check-ins' JSON and the day. `review` is a pure function of these, so the result holds
    for any later read that gives the same three."""

    inputs: Inputs
    result: fu.ReviewResult | None  # None: the engine could not review these inputs


def review_inputs(state_json: str | None, history: list[str], today: dt.date) -> Inputs:
    return (state_json or "", tuple(history), today)


@functools.lru_cache(maxsize=256)
def program_of(text: str) -> fu.Program:
    """The engine's program from its stored JSON, kept by its exact text: a check-in reads
    it twice, for the review done ahead and under the lock (SQLite). Safe to share for the
    reasons `checkin_of` gives; a program that fails to parse is not kept."""
    return parse_program_json(text)


@functools.lru_cache(maxsize=4096)
def checkin_of(text: str) -> fu.CheckIn:
    """One stored check-in's engine JSON, parsed, and kept by its exact text. Why: every
    review reads the patient's newest 60 check-ins, 59 of which the last review parsed too
    (parsing them was a tenth of a check-in's time). Safe to share: the same text always
    parses to the same check-in, and check-ins are frozen. Bounded: a few MB a worker."""
    return parse_checkin_json(text)


def reviewed(program_id: int, state: fu.Program, inputs: Inputs) -> Reviewed:
    """Run the engine's review on `inputs` (`state` is the first of them, parsed)."""
    try:
        checkins = tuple(checkin_of(text) for text in inputs[1])
        result = review(state, checkins, (), knowledge.load(), inputs[2])
    except ValueError as exc:  # InvalidInput, or a defect in the engine: never a 500 here,
        # the immediate rules act anyway. Ids only in logs, never clinical text.
        log.warning("review skipped for program %s: %s", program_id, type(exc).__name__)
        result = None
    return Reviewed(inputs, result)


def after_checkin(
    patient: Patient,
    locked: store.Locked,
    state: fu.Program,
    history: list[str],
    today: dt.date,
    raised: set[str],
    open_rules: set[str],
    ahead: Reviewed | None = None,
) -> list[store.Statement]:
    """Review the program against the check-ins; `raised` are the immediate rules' alerts.
    `ahead`: a review computed before the transaction, used only if its inputs are exactly
    the ones read here (else the review runs again). Returns the program's update for the
    caller to send with its other writes."""
    program = locked.program
    inputs = review_inputs(locked.state_json, history, today)
    done = (
        ahead
        if ahead is not None and ahead.inputs == inputs
        else reviewed(program.pk, state, inputs)
    )
    if done.result is None:
        return []
    if done.result.alerts:
        _alert(patient, done.result, raised, open_rules)
    return [_apply(program, state, done.result)]


def _apply(program: Program, before: fu.Program, result: fu.ReviewResult) -> store.Statement:
    state = result.program
    # The rows already mirror `before` (every review and every clinician edit keeps them in
    # step), so they only need syncing when the review changed an item.
    changed = state.items != before.items and _sync_items(program, state)
    stopped = state.status is fu.ProgramStatus.STOPPED or program.status == RowStatus.STOPPED
    status = RowStatus.STOPPED if stopped else program.status
    flare = state.flare is not None
    changed = changed or status != program.status or flare != program.flare
    program.status, program.flare = status, flare
    return store.program_review_statement(
        program, state.model_dump_json(), result.model_dump_json(exclude_none=True), changed
    )


def _sync_items(program: Program, state: fu.Program) -> bool:
    rows = {r.item_id: r for r in program.items.exclude(status=ItemStatus.REMOVED)}
    changed = False
    for item in state.items:
        row = rows.get(item.item_id) or _new_row(program, item)
        status = ItemStatus.STOPPED if item.status is fu.ItemStatus.STOPPED else ItemStatus.ACTIVE
        dosage = item.dosage.model_dump(exclude_none=True) if item.dosage else None
        if row.pk is None or row.status != status or row.dosage != dosage:
            row.status, row.dosage = status, dosage
            if item.reason:
                row.clinician_reason = f"Follow-up rules: {item.reason}"
            row.save()
            changed = True
    kept = {i.item_id for i in state.items}
    for row in rows.values():  # replaced by an easier or harder item
        if row.item_id not in kept and row.status == ItemStatus.ACTIVE:
            row.status, row.clinician_reason = ItemStatus.STOPPED, "Follow-up rules: replaced"
            row.save(update_fields=["status", "clinician_reason"])
            changed = True
    return changed


def _new_row(program: Program, item: fu.ProgramItem) -> ItemRow:
    """An item the engine progressed or regressed to."""
    kb_item = knowledge.load().item(item.item_id)
    return ItemRow(
        program=program,
        position=program.items.count(),
        item_id=kb_item.id,
        item_class=kb_item.item_class.value,
        kind=kb_item.kind.value,
        direction=kb_item.direction.value if kb_item.direction else "",
        setting=kb_item.setting.value,
        name=kb_item.name,
        why=[item.reason or "Changed by the follow-up rules."],
        refs=list(kb_item.evidence.refs),
    )


# Immediate rules already cover these; do not alert twice for the same event.
_COVERED = {
    "checkin.warning_sign": ("warning", "stop"),
    "checkin.peripheralization": ("peripheral",),
    "checkin.flare_up": ("flare",),
}


def _alert(
    patient: Patient, result: fu.ReviewResult, raised: set[str], open_rules: set[str]
) -> None:
    covered = [word for rule in raised for word in _COVERED.get(rule, ())]
    open_rules = set(open_rules)
    for found in result.alerts:
        rule = f"followup.{found.rule}"
        if rule in open_rules or any(word in found.rule for word in covered):
            continue
        alerts.raise_alert(
            patient, rule, found.severity.value, found.message, found.action_now, list(found.refs)
        )
        open_rules.add(rule)


def edit_state(program: Program, item_id: str, change: str, value: Any = None) -> None:
    """Mirror a clinician's edit into the engine's program: `add` (value: a KB item and the
    day), `remove`, or `dose` (value: a dosage dict)."""
    if not program.followup_state:
        return
    state = parse_program(program.followup_state)
    items = [i for i in state.items if not (change == "remove" and i.item_id == item_id)]
    if change == "dose":
        items = [_dosed(i, value) if i.item_id == item_id else i for i in items]
    if change == "add":
        kb_item, day = value
        items.append(
            fu.ProgramItem(
                item_id=kb_item.id,
                name=kb_item.name,
                kind=kb_item.kind,
                direction=kb_item.direction,
                dosage=kb_item.dosage,
                since=day,
            )
        )
    program.followup_state = (
        state.model_copy(update={"items": tuple(items)}).model_dump(mode="json") if items else None
    )
    program.save(update_fields=["followup_state"])


def _dosed(item: fu.ProgramItem, dosage: dict[str, int]) -> fu.ProgramItem:
    from sciatica_pt.core.knowledge import Dosage

    return item.model_copy(update={"dosage": Dosage.model_validate(dosage)})
