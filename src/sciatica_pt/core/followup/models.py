"""The follow-up loop's nouns: the program a patient follows, their check-ins, the clinician's
outcome scores, and what a review decides.

Input models (Program, CheckIn, OutcomeEntry) reject unknown keys and out-of-range values; a
`None` answer means "not asked", never "no" (a warning sign left blank is asked again, see
warning_signs.py).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from sciatica_pt.core.knowledge import Dosage, KebabId
from sciatica_pt.core.result import StartBackRisk
from sciatica_pt.core.vocabulary import Direction, Kind

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True, max_length=2000)]
Nrs = Annotated[int, Field(ge=0, le=10)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ItemStatus(StrEnum):
    ACTIVE = "active"
    REGRESSED = "regressed"  # stepped back after pain or a flare; may progress again
    STOPPED = "stopped"


class ProgramStatus(StrEnum):
    ACTIVE = "active"
    FLARE = "flare"  # flare-up mode: regressed program until symptoms settle
    STOPPED = "stopped"  # a warning sign: nothing resumes until a clinician re-assesses


class LegSymptoms(StrEnum):
    """Where the leg symptoms reach compared with last time (McKenzie, clinical-notes §3.2)."""

    CENTRALIZED = "centralized"
    SAME = "same"
    PERIPHERALIZED = "peripheralized"


class NextMorning(StrEnum):
    """Pain the next morning compared with before the session (clinical-notes §6.4)."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


class Sleep(StrEnum):
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


class Activity(StrEnum):
    USUAL = "usual"
    REDUCED = "reduced"
    MUCH_REDUCED = "much_reduced"


class Measure(StrEnum):
    BACK_PAIN_NRS = "back_pain_nrs"
    LEG_PAIN_NRS = "leg_pain_nrs"
    ODI = "odi"
    PSFS = "psfs"
    START_BACK = "start_back"


# --- the program --------------------------------------------------------------------------


class ProgramItem(Model):
    item_id: KebabId
    name: Text
    kind: Kind
    direction: Direction | None = None
    dosage: Dosage | None = None
    status: ItemStatus = ItemStatus.ACTIVE
    since: date = Field(description="when the current dose or status began")
    reason: Text | None = Field(default=None, description="why it is regressed or stopped")


class DirectionBan(Model):
    direction: Direction
    since: date
    reason: Text
    kept: KebabId | None = Field(
        default=None,
        description="the direction's gentlest rung, kept (not progressed) instead of stopped",
    )


class FlareState(Model):
    """Saved when a flare is declared so the program can step back up when it settles."""

    since: date
    items_before: tuple[ProgramItem, ...]
    back_pain_before: Nrs | None = None
    leg_pain_before: Nrs | None = None


class Goal(Model):
    """A PSFS activity and the score (0 unable .. 10 as before) the patient aims for."""

    activity: Text
    target: float = Field(ge=0, le=10)


class OutcomeEntry(Model):
    """A score entered by the clinician. `score`: NRS 0-10, ODI 0-100, PSFS average 0-10,
    STarT Back total 0-9 (optional); STarT Back needs its `group`."""

    date: date
    measure: Measure
    score: float | None = Field(default=None, ge=0, le=100)
    group: StartBackRisk | None = None

    @model_validator(mode="after")
    def _fits_measure(self) -> OutcomeEntry:
        top = {Measure.ODI: 100, Measure.START_BACK: 9}.get(self.measure, 10)
        if self.score is not None and self.score > top:
            raise ValueError(f"score {self.score:g} is above {top} for {self.measure}")
        if self.measure is Measure.START_BACK:
            if self.group is None or self.group is StartBackRisk.UNKNOWN:
                raise ValueError("a STarT Back entry needs its group: low, medium or high")
        elif self.group is not None:
            raise ValueError("only a STarT Back entry has a group")
        elif self.score is None:
            raise ValueError(f"a {self.measure} entry needs a score")
        return self


class Program(Model):
    """The home program a patient follows. Clinician-entered outcomes live here too: the
    check-ins file belongs to the patient, scores belong to the clinician."""

    version: Literal[1] = 1
    patient: Text
    start: date
    status: ProgramStatus = ProgramStatus.ACTIVE
    stopped_reason: Text | None = None
    reviewed_through: date | None = Field(
        default=None, description="check-ins up to this date are already applied"
    )
    cleared_on: date | None = Field(
        default=None,
        description="a clinician re-assessed the warning signs on this date (set it when "
        "restarting a stopped program); warning signs in check-ins up to it are not acted on "
        "again, every later one is screened even if it was logged late",
    )
    items: tuple[ProgramItem, ...]
    banned_directions: tuple[DirectionBan, ...] = ()
    flare: FlareState | None = None
    goals: tuple[Goal, ...] = ()
    outcomes: tuple[OutcomeEntry, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Program:
        ids = [i.item_id for i in self.items]
        if not ids:
            raise ValueError("a program needs at least one item")
        if len(set(ids)) != len(ids):
            raise ValueError("an item appears twice in items")
        if (self.status is ProgramStatus.FLARE) != (self.flare is not None):
            raise ValueError("status is flare exactly when flare is set")
        return self

    def item(self, item_id: str) -> ProgramItem | None:
        return next((i for i in self.items if i.item_id == item_id), None)

    def banned(self, direction: Direction | None) -> bool:
        return any(b.direction == direction for b in self.banned_directions)


# --- check-ins ----------------------------------------------------------------------------


class ItemLog(Model):
    """One program item on one day: done (with what was done, if it differed from the
    prescription) or skipped and why. Per-item pain and leg symptoms, when given, override the
    check-in's, so the item that caused a change can be named."""

    item_id: KebabId
    done: bool
    # None: not counted, so done as prescribed. A count is kept apart from "not given" in the
    # value itself (not in pydantic's fields-set), so it survives being stored and read back.
    sessions: int | None = Field(
        default=None, ge=0, le=12, description="times done that day; absent: as prescribed"
    )
    sets: int | None = Field(default=None, ge=0, le=20)
    reps: int | None = Field(default=None, ge=0, le=200)
    hold_seconds: int | None = Field(default=None, ge=0, le=1200)
    minutes: int | None = Field(default=None, ge=0, le=300)
    skipped_reason: Text | None = None
    pain_during: Nrs | None = None
    leg_symptoms: LegSymptoms | None = None

    @model_validator(mode="after")
    def _done_or_skipped(self) -> ItemLog:
        if self.done and self.skipped_reason is not None:
            raise ValueError("skipped_reason is only for an item that was not done")
        if not self.done and self.sessions:
            raise ValueError("sessions must be 0 for an item that was not done")
        return self

    @property
    def times(self) -> int:
        """Sessions for adherence: a done item with no count is one session."""
        if not self.done:
            return 0
        return 1 if self.sessions is None else self.sessions


class WarningSigns(Model):
    """Asked at every check-in (clinical-notes §2.1-2.2). `None` = not asked."""

    saddle_numbness: bool | None
    bladder_change: bool | None
    bowel_change: bool | None
    sexual_change: bool | None
    both_legs: bool | None = Field(description="leg symptoms now in both legs (new)")
    new_or_spreading_weakness: bool | None


class CheckIn(Model):
    date: date
    items: tuple[ItemLog, ...] = ()
    back_pain: Nrs
    leg_pain: Nrs
    pain_before: Nrs | None = Field(default=None, description="before exercising")
    pain_during: Nrs | None = Field(default=None, description="worst during exercise")
    next_morning: NextMorning | None = None
    leg_symptoms: LegSymptoms | None = None
    new_numbness: bool | None = None
    new_tingling: bool | None = None
    warning_signs: WarningSigns
    flare: bool = Field(default=False, description="the patient declares a flare-up")
    sleep: Sleep | None = None
    activity: Activity | None = None
    notes: Text | None = None

    @model_validator(mode="after")
    def _items_once(self) -> CheckIn:
        ids = [i.item_id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("an item is logged twice in one check-in")
        return self

    def log(self, item_id: str) -> ItemLog | None:
        return next((i for i in self.items if i.item_id == item_id), None)


# --- what a review decides ----------------------------------------------------------------


class Action(StrEnum):
    STOP_PROGRAM = "stop_program"
    STOP_ITEM = "stop_item"
    BAN_DIRECTION = "ban_direction"
    REGRESS_DOSE = "regress_dose"
    REGRESS_ITEM = "regress_item"
    PROGRESS_DOSE = "progress_dose"
    PROGRESS_ITEM = "progress_item"
    START_FLARE = "start_flare"
    END_FLARE = "end_flare"
    RETRIAGE = "retriage"
    REVIEW = "review"
    REFER = "refer"
    DISCHARGE = "discharge"


class Severity(StrEnum):
    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


class Decision(Model):
    id: str
    rule: str
    date: date
    item_id: str | None = None
    action: Action
    why: str
    refs: tuple[str, ...] = Field(min_length=1)


class Alert(Model):
    id: str
    severity: Severity
    rule: str
    date: date
    message: str
    action_now: str
    refs: tuple[str, ...] = Field(min_length=1)


class ItemAdherence(Model):
    item_id: str
    prescribed: float
    done: int
    ratio: float


class Adherence(Model):
    window_start: date
    window_end: date
    items: tuple[ItemAdherence, ...] = ()
    overall: float | None = None
    last_checkin: date | None = None


class Change(StrEnum):
    IMPROVED = "improved"
    NO_MEANINGFUL_CHANGE = "no_meaningful_change"
    WORSE = "worse"


class OutcomeSummary(Model):
    measure: Measure
    baseline: OutcomeEntry
    latest: OutcomeEntry
    change: float | None
    minimal_important_change: str
    verdict: Change
    refs: tuple[str, ...]


class DischargePlan(Model):
    maintenance: Program
    flare_up_plan: tuple[str, ...]
    refs: tuple[str, ...]


class ReviewResult(Model):
    version: Literal[1] = 1
    today: date
    weeks_in_program: float
    program: Program
    decisions: tuple[Decision, ...] = ()
    alerts: tuple[Alert, ...] = ()
    adherence: Adherence
    outcomes: tuple[OutcomeSummary, ...] = ()
    discharge: DischargePlan | None = None
    flare_up_plan: tuple[str, ...] = Field(default=(), description="while in flare-up mode")

    def to_json_dict(self) -> dict[str, object]:
        data: dict[str, object] = self.model_dump(mode="json", exclude_none=True)
        return data


class Step(Model):
    """A program after a rule has run, with what the rule decided and raised."""

    program: Program
    decisions: tuple[Decision, ...] = ()
    alerts: tuple[Alert, ...] = ()

    def then(self, other: Step) -> Step:
        return Step(
            program=other.program,
            decisions=self.decisions + other.decisions,
            alerts=self.alerts + other.alerts,
        )

    def plus(
        self, program: Program, decisions: tuple[Decision, ...] = (), alerts: tuple[Alert, ...] = ()
    ) -> Step:
        return self.then(Step(program=program, decisions=decisions, alerts=alerts))
