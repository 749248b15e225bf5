"""Plain objects for follow-up tests: a small knowledge base with two ladders, a program and
check-ins. No fixtures, no files, no database."""

from __future__ import annotations

from datetime import date, timedelta

from sciatica_pt.core.followup.models import (
    CheckIn,
    Goal,
    ItemLog,
    LegSymptoms,
    Measure,
    NextMorning,
    OutcomeEntry,
    Program,
    ProgramItem,
    WarningSigns,
)
from sciatica_pt.core.knowledge import (
    Dosage,
    DoseStep,
    Evidence,
    Instructions,
    Item,
    KnowledgeBase,
    Progression,
)
from sciatica_pt.core.result import StartBackRisk
from sciatica_pt.core.vocabulary import (
    DeliveredBy,
    Direction,
    EvidenceGrade,
    Irritability,
    ItemClass,
    Kind,
    Setting,
    Stage,
    Target,
)

START = date(2026, 1, 5)
EXT_CLASS = ItemClass.EXTENSION_DIRECTIONAL_EXERCISE


def day(n: int) -> date:
    return START + timedelta(days=n)


def exercise(
    ident: str,
    direction: Direction = Direction.EXTENSION,
    item_class: ItemClass = EXT_CLASS,
    dosage: Dosage | None = None,
    steps: tuple[DoseStep, ...] = (DoseStep(field="hold_seconds", by=60, max=180),),
    sessions: int = 3,
    up: tuple[str, ...] = (),
    down: tuple[str, ...] = (),
) -> Item:
    return Item(
        id=ident,
        name=ident.replace("-", " ").capitalize(),
        kind=Kind.EXERCISE,
        item_class=item_class,
        direction=direction,
        setting=Setting.HOME,
        delivered_by=DeliveredBy.PATIENT,
        targets=(Target.DIRECTIONAL_PREFERENCE,),
        stages=(Stage.ACUTE,),
        max_irritability=Irritability.HIGH,
        minutes=3,
        dosage=dosage or Dosage(hold_seconds=60, reps=1, per_day=2),
        progression=Progression(sessions_to_progress=sessions, steps=steps, note="test ladder"),
        progresses_to=up,
        regresses_to=down,
        instructions=Instructions(summary="Test.", steps=("Do it.",), stop_if=("It hurts.",)),
        evidence=Evidence(grade=EvidenceGrade.OPTIONAL, summary="Test.", refs=("JOSPT-2012",)),
    )


def kb(*extra: Item) -> KnowledgeBase:
    """Extension ladder ext-easy -> ext-mid -> ext-hard, a flexion exercise, a neutral one."""
    items = (
        exercise("ext-easy", up=("ext-mid",)),
        exercise("ext-mid", up=("ext-hard",), down=("ext-easy",)),
        exercise("ext-hard", down=("ext-mid",)),
        exercise(
            "flex-sit",
            direction=Direction.FLEXION,
            item_class=ItemClass.FLEXION_DIRECTIONAL_EXERCISE,
        ),
        exercise(
            "core-brace",
            direction=Direction.NEUTRAL,
            item_class=ItemClass.ISOMETRIC_CORE,
            dosage=Dosage(sets=1, reps=8, per_day=1),
            steps=(DoseStep(field="reps", by=2, max=12), DoseStep(field="sets", by=1, max=2)),
        ),
        *extra,
    )
    return KnowledgeBase(items=items, rules=(), references=(), education=())


def item(
    ident: str, base: KnowledgeBase | None = None, since: date = START, **changes: object
) -> ProgramItem:
    source = (base or kb()).item(ident)
    made = ProgramItem(
        item_id=source.id,
        name=source.name,
        kind=source.kind,
        direction=source.direction,
        dosage=source.dosage,
        since=since,
    )
    return made.model_copy(update=changes)


def program(*ids: str, **changes: object) -> Program:
    made = Program(
        patient="PT-test", start=START, items=tuple(item(i) for i in ids or ("ext-easy",))
    )
    return made.model_copy(update=changes)


def clear() -> WarningSigns:
    return WarningSigns(
        saddle_numbness=False,
        bladder_change=False,
        bowel_change=False,
        sexual_change=False,
        both_legs=False,
        new_or_spreading_weakness=False,
    )


def done(*ids: str, **changes: object) -> tuple[ItemLog, ...]:
    return tuple(ItemLog(item_id=i, done=True, sessions=2).model_copy(update=changes) for i in ids)


def good_day(n: int, *ids: str, **changes: object) -> CheckIn:
    """A calm session: pain up 1 point, the same next morning, symptoms centralizing."""
    made = CheckIn(
        date=day(n),
        items=done(*(ids or ("ext-easy",))),
        back_pain=3,
        leg_pain=4,
        pain_before=3,
        pain_during=4,
        next_morning=NextMorning.SAME,
        leg_symptoms=LegSymptoms.CENTRALIZED,
        new_numbness=False,
        new_tingling=False,
        warning_signs=clear(),
    )
    return made.model_copy(update=changes)


def score(n: int, measure: Measure, value: float) -> OutcomeEntry:
    return OutcomeEntry(date=day(n), measure=measure, score=value)


def risk(n: int, group: StartBackRisk) -> OutcomeEntry:
    return OutcomeEntry(date=day(n), measure=Measure.START_BACK, group=group)


GOALS = (Goal(activity="sitting an hour", target=7),)
