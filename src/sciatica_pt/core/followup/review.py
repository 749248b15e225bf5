"""`review`: the program and the history of check-ins in, the next program out, with every
decision and alert and the reason for each. Pure: `today` is passed in, never read.

Order of work: new check-ins (dated after `program.reviewed_through`, up to `today`) are
applied day by day, so a warning sign mid-week stops the program whatever came before or
after; older check-ins are screened again for warning signs only (one logged late must not
slip through), back to the date a clinician last cleared them (`program.cleared_on`); then
adherence, outcomes and discharge readiness; then progression, only for a running, non-flare
program that is not ready for discharge, not getting worse (trend.py) and not changed for
symptoms earlier in the same review (one change at a time, clinical-notes §6.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup import (
    adherence,
    checkin_rules,
    discharge,
    flare,
    pain_monitoring,
    trend,
    warning_signs,
)
from sciatica_pt.core.followup import outcomes as outcome_rules
from sciatica_pt.core.followup.events import alert
from sciatica_pt.core.followup.models import (
    Action,
    Alert,
    CheckIn,
    ItemStatus,
    OutcomeEntry,
    Program,
    ProgramItem,
    ProgramStatus,
    ReviewResult,
    Severity,
    Step,
)
from sciatica_pt.core.followup.progression import progress
from sciatica_pt.core.followup.tolerance import tolerated_streak
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.vocabulary import Kind


def review(
    program: Program,
    checkins: Sequence[CheckIn],
    outcomes: Sequence[OutcomeEntry],
    kb: KnowledgeBase,
    today: date,
) -> ReviewResult:
    """Review `program` against `checkins` and the clinician's outcome scores on `today`.

    Raises InvalidInput (one line per problem, naming the field path) when the inputs do not
    fit together: a check-in after today, an item not in the program or the knowledge base.
    """
    history = sorted(checkins, key=lambda c: c.date)
    _check(program, checkins, kb, today)
    step = _apply_new_checkins(program, history, kb, today)
    # Adherence and discharge judge the program the patient actually followed, before any
    # step up; a patient ready for discharge moves to maintenance instead of stepping up.
    measured = adherence.measure(step.program, history, today)
    if step.program.status is not ProgramStatus.STOPPED:
        step = step.plus(step.program, alerts=adherence.alerts(step.program, measured, today))
    summaries = outcome_rules.summarize(outcomes, today)
    step = step.then(outcome_rules.prompts(step.program, summaries, today, outcomes))
    worse = trend.worsening(history, summaries, today)
    plan = None
    if worse and step.program.status is not ProgramStatus.STOPPED:
        step = step.plus(step.program, alerts=(trend.worsening_alert(worse, today),))
    elif not worse:  # a patient getting worse is not ready for discharge
        ready, plan = discharge.assess(step.program, history, summaries, measured, kb, today)
        step = step.then(ready)
    if plan is None and not worse and not _changed_for_symptoms(step):
        step = step.then(_progressions(step.program, history, kb, today))
    step = step.plus(step.program, alerts=_nothing_left(step.program, today))
    step = step.plus(step.program, alerts=flare.lingering(step.program, today))
    return ReviewResult(
        today=today,
        weeks_in_program=round((today - program.start).days / 7, 1),
        program=step.program.model_copy(update={"reviewed_through": _through(program, history)}),
        decisions=step.decisions,
        alerts=_by_severity(step.alerts),
        adherence=measured,
        outcomes=summaries,
        discharge=plan,
        flare_up_plan=flare.flare_plan(kb)[0] if step.program.flare else (),
    )


# Changes a review makes because of symptoms. After one of them nothing steps up in the same
# review: change one thing at a time (clinical-notes §6.5), so that what follows can be read.
_SYMPTOM_CHANGES = frozenset(
    {
        Action.STOP_PROGRAM,
        Action.STOP_ITEM,
        Action.BAN_DIRECTION,
        Action.REGRESS_DOSE,
        Action.REGRESS_ITEM,
        Action.RETRIAGE,
        Action.START_FLARE,
    }
)


def _changed_for_symptoms(step: Step) -> bool:
    return any(d.action in _SYMPTOM_CHANGES for d in step.decisions)


def _apply_new_checkins(
    program: Program, history: Sequence[CheckIn], kb: KnowledgeBase, today: date
) -> Step:
    step = Step(program=program)
    if program.status is ProgramStatus.STOPPED:
        step = step.plus(program, alerts=(_still_stopped(program, today),))
    for index, checkin in enumerate(history):
        if _is_new(program, checkin):
            today_as_logged = _as_current(checkin, program, step.program)
            step = step.then(_apply(step.program, today_as_logged, history[: index + 1], kb))
        elif _late_warning(step.program, checkin):
            step = step.then(warning_signs.apply(step.program, checkin))
    return step


def _late_warning(program: Program, checkin: CheckIn) -> bool:
    """A warning sign in a check-in an earlier review already covered (logged late, or never
    acted on): it still stops a running program unless a clinician cleared it since."""
    cleared = program.cleared_on is not None and checkin.date <= program.cleared_on
    running = program.status is not ProgramStatus.STOPPED
    return running and not cleared and bool(warning_signs.present(checkin))


def _through(program: Program, history: Sequence[CheckIn]) -> date | None:
    """The last check-in applied, so a check-in logged later for a later day still counts."""
    return max((c.date for c in history), default=program.reviewed_through)


def _is_new(program: Program, checkin: CheckIn) -> bool:
    return program.reviewed_through is None or checkin.date > program.reviewed_through


def _as_current(checkin: CheckIn, original: Program, current: Program) -> CheckIn:
    """The check-in with each log moved to the item that has since taken its place.

    The patient logs against the program they were given; earlier days of this review may have
    replaced an item by an easier or harder one. Items are only ever replaced in place, so the
    item at the same position is its successor (what the patient was in effect doing).
    """
    live = {i.item_id for i in current.items}
    logged = {g.item_id for g in checkin.items}
    moved = []
    for log in checkin.items:
        now = _successor(log.item_id, original, current)
        if log.item_id not in live and now is not None and now not in logged:
            log = log.model_copy(update={"item_id": now})
        moved.append(log)
    return checkin.model_copy(update={"items": tuple(moved)})


def _successor(item_id: str, original: Program, current: Program) -> str | None:
    ids = [i.item_id for i in original.items]
    if item_id not in ids or len(current.items) != len(ids):
        return None
    return current.items[ids.index(item_id)].item_id


def _apply(
    program: Program, checkin: CheckIn, history: Sequence[CheckIn], kb: KnowledgeBase
) -> Step:
    """One day's check-in. A warning sign ends the day's work: nothing else matters then."""
    step = warning_signs.apply(program, checkin)
    step = step.plus(step.program, alerts=checkin_rules.immediate_alerts(checkin))
    if step.program.status is ProgramStatus.STOPPED:
        return step
    previous = history[-2] if len(history) > 1 else None
    started = flare.start(step.program, checkin, previous, kb)
    step = step.then(started)
    if not started.decisions:  # the flare's own step back already answers that day's pain
        step = step.then(pain_monitoring.apply(step.program, checkin, kb, history))
    return step.then(flare.end(step.program, history))


def _progressions(
    program: Program, history: Sequence[CheckIn], kb: KnowledgeBase, today: date
) -> Step:
    step = Step(program=program)
    if program.status is not ProgramStatus.ACTIVE or _silent(history, today):
        return step
    for item in program.items:
        if program.banned(item.direction):
            continue  # a banned direction's kept rung is not stepped back up (pain monitoring)
        earned = _tolerated_sessions(item, history, kb)
        if earned is not None:
            step = step.then(progress(step.program, item.item_id, kb, today, earned))
    return step


def _silent(history: Sequence[CheckIn], today: date) -> bool:
    """No step up for a patient who has stopped logging: old sessions say nothing about how the
    dose is tolerated now (clinical-notes §6.5 progresses on current tolerance), and the
    stopped-logging alert already asks the therapist to make contact first."""
    last = max((c.date for c in history), default=None)
    return last is None or adherence.stopped_logging(last, today)


def _tolerated_sessions(
    item: ProgramItem, history: Sequence[CheckIn], kb: KnowledgeBase
) -> int | None:
    """The number of tolerated sessions if the item has earned a step up, else None."""
    kb_item = kb.item(item.item_id)
    if kb_item.progression is None or item.status is ItemStatus.STOPPED or item.dosage is None:
        return None
    streak = tolerated_streak(item, history)
    return streak if streak >= kb_item.progression.sessions_to_progress else None


def _nothing_left(program: Program, today: date) -> tuple[Alert, ...]:
    """A running program whose every exercise has stopped leaves the patient with nothing to
    do: the therapist must step in rather than the program silently going quiet."""
    exercises = [i for i in program.items if i.kind is Kind.EXERCISE]
    if program.status is ProgramStatus.STOPPED or not exercises:
        return ()
    if any(i.status is not ItemStatus.STOPPED for i in exercises):
        return ()
    return (
        alert(
            "program.no-exercise-left",
            today,
            Severity.WARNING,
            "Every exercise of the program has stopped.",
            "Therapist: re-assess and set a new program (re-test the directions first).",
            ("NICE-NG59", "JOSPT-2021"),
        ),
    )


def _still_stopped(program: Program, today: date) -> Alert:
    return alert(
        "warning-signs.still-stopped",
        today,
        Severity.CRITICAL,
        f"The program is stopped: {program.stopped_reason or 'stopped by a clinician'}",
        "No exercise until a clinician has re-assessed and restarted the program.",
        warning_signs.CES_REFS,
    )


_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _by_severity(alerts: Sequence[Alert]) -> tuple[Alert, ...]:
    unique = {a.id: a for a in alerts}
    return tuple(sorted(unique.values(), key=lambda a: (_RANK[a.severity], a.date)))


def _check(program: Program, checkins: Sequence[CheckIn], kb: KnowledgeBase, today: date) -> None:
    problems = []
    if today < program.start:
        problems.append(
            f"today: {today.isoformat()} is before the program's start {program.start.isoformat()}"
        )
    known = {i.id for i in kb.items}
    for k, item in enumerate(program.items):
        if item.item_id not in known:
            problems.append(
                f"program.items[{k}].item_id: {item.item_id!r} is not in the knowledge base"
            )
    ids = {i.item_id for i in program.items}
    for k, checkin in enumerate(checkins):
        problems += _check_checkin(program, checkin, f"checkins[{k}]", ids, today)
    if problems:
        raise InvalidInput(problems)


def _check_checkin(
    program: Program, checkin: CheckIn, where: str, ids: set[str], today: date
) -> list[str]:
    problems = []
    if checkin.date > today:
        problems.append(
            f"{where}.date: {checkin.date.isoformat()} is after today ({today.isoformat()})"
        )
    if checkin.date < program.start:
        problems.append(f"{where}.date: {checkin.date.isoformat()} is before the program's start")
    if _is_new(program, checkin):
        for j, log in enumerate(checkin.items):
            if log.item_id not in ids:
                problems.append(
                    f"{where}.items[{j}].item_id: {log.item_id!r} is not in the program"
                )
    return problems
