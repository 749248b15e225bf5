"""The check-in a patient sends after a session: validated once, here, at the edge.

Warning-sign questions have no default: a patient must answer each, because an unanswered
question is never read as "no". What the answers mean is the core's (`core.followup`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)

Nrs = Annotated[StrictInt, Field(ge=0, le=10)]
ItemId = Annotated[str, StringConstraints(max_length=100)]


class Trend(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


class LegSymptoms(StrEnum):
    """Where the leg symptoms reach compared with last time."""

    CENTRALIZED = "centralized"
    SAME = "same"
    PERIPHERALIZED = "peripheralized"


class Feeling(StrEnum):
    """How one exercise went, in one tap: how hard it was, and whether it hurt."""

    EASY = "easy"
    RIGHT = "right"  # about right
    HARD = "hard"
    HURT = "hurt"


class CheckInDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: dt.date
    items_done: tuple[ItemId, ...] = Field(default=(), max_length=50)
    # Times each item in items_done was done that day (once when not given), as the engine
    # counts adherence against the dose (per day or per week).
    item_sessions: dict[ItemId, Annotated[StrictInt, Field(ge=1, le=12)]] = Field(
        default_factory=dict, max_length=50
    )
    back_pain_nrs: Nrs
    leg_pain_nrs: Nrs
    pain_during: Trend
    next_morning: Trend
    # The traffic-light numbers (clinical-notes §6.4, JOSPT-2021); None is "not asked", never 0.
    pain_before_nrs: Nrs | None = None  # just before today's session
    pain_during_nrs: Nrs | None = None  # the worst during today's session
    pain_next_morning_nrs: Nrs | None = None  # this morning, after the last session
    leg_symptoms: LegSymptoms
    new_numbness: StrictBool  # new or worse numbness or tingling in the leg
    new_weakness: StrictBool  # new or spreading weakness: a warning sign
    both_legs: StrictBool  # leg symptoms newly in both legs: a cauda equina feature
    saddle_numbness: StrictBool
    bladder_bowel_change: StrictBool
    sexual_change: StrictBool
    flare: StrictBool = False
    # Optional, one answer per exercise done (the patient's page asks it in one tap each).
    item_feeling: dict[ItemId, Feeling] = Field(default_factory=dict, max_length=50)
    notes: Annotated[str, StringConstraints(max_length=2000)] = ""

    @model_validator(mode="after")
    def _sessions_of_done_items(self) -> CheckInDoc:
        for name, given in (
            ("item_sessions", self.item_sessions),
            ("item_feeling", self.item_feeling),
        ):
            if extra := sorted(set(given) - set(self.items_done)):
                raise ValueError(f"{name}: {', '.join(extra)} not in items_done")
        return self


WARNING_SIGN_ACTION = (
    "Go to the nearest emergency department now, or call emergency services. Tell them you "
    "have sciatica and new numbness in the saddle area, a change in bladder, bowel or sexual "
    "function, leg symptoms newly in both legs, or new or spreading weakness in a leg. Do not "
    "wait for your next appointment and stop your exercises."
)
