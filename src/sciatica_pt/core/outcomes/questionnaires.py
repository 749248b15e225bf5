"""The questionnaires a patient fills in (or staff enter from a form): their typed answers, the
refusal of bad answers naming the item, and their scores as the outcome entries the follow-up
review consumes (issue 21). Licences and the decision per instrument: docs/questionnaires.md.

- `INSTRUMENTS[instrument]`: its name, the measures it yields, who enters it and its sources;
  `PATIENT_WORDING[instrument]`: what the patient reads (patient-entered instruments only).
- `parse_answers(instrument, data) -> Answers`: raises `InvalidInput`, one line per bad item.
- `score(answers, day) -> Scored`: the `OutcomeEntry`s (one per measure) and their meaning.

No item wording of a copyrighted instrument is here: the STarT Back and the ODI are entered by
staff as item answers (numbers), never shown to the patient by this program. The minimal
important change of each measure is not here either: the review applies its one definition
(core.outcomes.mic) to the entries this module returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from sciatica_pt.core.classification.classify import start_back_band
from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.core.followup.models import Measure, Model, Nrs, OutcomeEntry
from sciatica_pt.core.followup.start import as_json

OdiSection = Annotated[int, Field(ge=0, le=5)]
Activity = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class Instrument(StrEnum):
    PAIN_NRS = "pain_nrs"
    PSFS = "psfs"
    START_BACK = "start_back"
    ODI = "odi"


class Entry(StrEnum):
    """Who fills it in. PATIENT: the patient, in the app, in this project's own words. STAFF:
    staff enter the answers (or the score) from a form the clinic uses under its own licence."""

    PATIENT = "patient"
    STAFF = "staff"


@dataclass(frozen=True)
class InstrumentInfo:
    instrument: Instrument
    name: str
    measures: tuple[Measure, ...]
    entry: Entry
    refs: tuple[str, ...]


INSTRUMENTS: Mapping[Instrument, InstrumentInfo] = {
    Instrument.PAIN_NRS: InstrumentInfo(
        Instrument.PAIN_NRS,
        "Leg and back pain (0-10)",
        (Measure.LEG_PAIN_NRS, Measure.BACK_PAIN_NRS),
        Entry.PATIENT,
        ("Ostelo-2008",),
    ),
    Instrument.PSFS: InstrumentInfo(
        Instrument.PSFS,
        "Patient-Specific Functional Scale",
        (Measure.PSFS,),
        Entry.PATIENT,
        ("Stratford-1995",),
    ),
    Instrument.START_BACK: InstrumentInfo(
        Instrument.START_BACK,
        "Keele STarT Back Screening Tool",
        (Measure.START_BACK,),
        Entry.STAFF,
        ("Keele-STarTBack",),
    ),
    Instrument.ODI: InstrumentInfo(
        Instrument.ODI, "Oswestry Disability Index", (Measure.ODI,), Entry.STAFF, ("Ostelo-2008",)
    ),
}


# What the patient reads, for the instruments the patient answers: the project's own words,
# not a published form's text (docs/questionnaires.md says why). Staff-entered instruments
# have none: their item wording is the owner's and is never shipped.
PATIENT_WORDING: Mapping[Instrument, Mapping[str, str]] = {
    Instrument.PAIN_NRS: {
        "leg_pain": "How strong is the pain in your leg right now? "
        "0 means no pain, 10 the worst pain you can imagine.",
        "back_pain": "How strong is the pain in your back right now? "
        "0 means no pain, 10 the worst pain you can imagine.",
    },
    Instrument.PSFS: {
        "activities": "Name up to five everyday things your back or leg problem makes hard "
        "for you, and give each a number for today: 0 if you cannot do it at all, 10 if you "
        "can do it as well as before the problem. Next time, rate the same things again.",
    },
}


class Answers(Model):
    """Answers to one instrument: unknown items refused, strict types (extra="forbid")."""


# --- pain ---------------------------------------------------------------------------------


class PainAnswers(Answers):
    """Leg and back pain now, each 0 (no pain) to 10 (worst imaginable), rated separately."""

    leg_pain: Nrs
    back_pain: Nrs


# --- PSFS ---------------------------------------------------------------------------------

PSFS_MAX_ACTIVITIES = 5  # up to 3, sometimes 5 activities (clinical-notes §4, Stratford-1995)


class PsfsActivity(Answers):
    """An activity the patient names, and how well they can do it: 0 unable, 10 as before."""

    activity: Activity
    score: Nrs


class PsfsAnswers(Answers):
    activities: tuple[PsfsActivity, ...]

    @field_validator("activities")
    @classmethod
    def _one_to_five_each_once(
        cls, activities: tuple[PsfsActivity, ...]
    ) -> tuple[PsfsActivity, ...]:
        # A field validator, not a length constraint: it runs only when every activity is
        # valid, so a bad score is not also reported as "no activities".
        if not 1 <= len(activities) <= PSFS_MAX_ACTIVITIES:
            raise ValueError(f"name 1 to {PSFS_MAX_ACTIVITIES} activities, not {len(activities)}")
        seen: set[str] = set()
        for a in activities:
            key = a.activity.casefold()
            if key in seen:
                raise ValueError(f"activity {a.activity!r} is named twice")
            seen.add(key)
        return activities


# --- STarT Back ---------------------------------------------------------------------------

Bothersomeness = Literal["not_at_all", "slightly", "moderately", "very_much", "extremely"]
BOTHERED = ("very_much", "extremely")  # item 9 counts as positive (clinical-notes §3.3)
START_BACK_ITEMS = {  # the item numbers of the form and what each asks about (§3.3), for staff
    1: "leg pain spread",
    2: "shoulder or neck pain",
    3: "walked only short distances",
    4: "dressed more slowly",
    5: "not safe to be active",
    6: "worrying thoughts",
    7: "never going to get better",
    8: "not enjoying things",
    9: "overall bothersomeness",
}
DISTRESS_ITEMS = (5, 6, 7, 8, 9)  # the psychosocial (distress) subscale (clinical-notes §3.3)


class StartBackAnswers(Answers):
    """Items 1-8: true when the patient agreed. Item 9: how bothersome the pain was."""

    item_1: bool
    item_2: bool
    item_3: bool
    item_4: bool
    item_5: bool
    item_6: bool
    item_7: bool
    item_8: bool
    item_9: Bothersomeness

    def positive(self, item: int) -> bool:
        value = getattr(self, f"item_{item}")
        return value in BOTHERED if item == 9 else bool(value)


# --- ODI ----------------------------------------------------------------------------------

ODI_SECTIONS = (
    "pain_intensity",
    "personal_care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex_life",
    "social_life",
    "travelling",
)
# Scored over the answered sections only, and refused when more than one is unanswered: the
# published scoring instructions give the rule for one section missed or not applicable, and
# the AO scoring algorithm after Fairbank & Pynsent 2000 leaves the score missing with more
# than one. Sources and the reading of them: docs/questionnaires.md ("ODI: unanswered sections").
ODI_MAX_UNANSWERED = 1


class OdiSections(Answers):
    """Each section's score, 0 (first statement) to 5 (last statement); every section must be
    given, null for a section the patient left blank or that does not apply. Two statements
    ticked: enter the higher (clinical-notes §4)."""

    pain_intensity: OdiSection | None
    personal_care: OdiSection | None
    lifting: OdiSection | None
    walking: OdiSection | None
    sitting: OdiSection | None
    standing: OdiSection | None
    sleeping: OdiSection | None
    sex_life: OdiSection | None
    social_life: OdiSection | None
    travelling: OdiSection | None

    def unanswered(self) -> tuple[str, ...]:
        return tuple(s for s in ODI_SECTIONS if getattr(self, s) is None)

    @model_validator(mode="after")
    def _enough_answered(self) -> OdiSections:
        blank = self.unanswered()
        if len(blank) > ODI_MAX_UNANSWERED:
            raise ValueError(
                f"{len(blank)} sections unanswered ({', '.join(blank)}): the ODI is scored with "
                f"at most {ODI_MAX_UNANSWERED} unanswered; ask the patient to complete them"
            )
        return self


class OdiAnswers(Answers):
    sections: OdiSections


AnyAnswers = PainAnswers | PsfsAnswers | StartBackAnswers | OdiAnswers
MODELS: Mapping[Instrument, type[AnyAnswers]] = {
    Instrument.PAIN_NRS: PainAnswers,
    Instrument.PSFS: PsfsAnswers,
    Instrument.START_BACK: StartBackAnswers,
    Instrument.ODI: OdiAnswers,
}
INSTRUMENT_OF: Mapping[type[AnyAnswers], Instrument] = {m: i for i, m in MODELS.items()}


def parse_answers(instrument: Instrument | str, data: Any) -> AnyAnswers:
    """The answers to `instrument`, or `InvalidInput` with one line per bad item, each named
    by its path (`psfs.activities[1].score: 11 is above 10`). Nothing is clamped or guessed."""
    try:
        which = Instrument(instrument)
    except ValueError:
        known = ", ".join(i.value for i in Instrument)
        raise InvalidInput([f"instrument: {instrument!r} is not one of {known}"]) from None
    if not isinstance(data, Mapping):
        raise InvalidInput([f"{which}: the answers are not a mapping of items"])
    try:  # as JSON text, like the follow-up files: strict types, dates as ISO text
        return MODELS[which].model_validate_json(as_json(dict(data)))
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, prefix=which.value)) from None


# --- scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """A questionnaire's score: `entries` go to the review and the charts as they are;
    `meaning` says what the numbers mean, in words, with sources in brackets."""

    instrument: Instrument
    entries: tuple[OutcomeEntry, ...]
    meaning: tuple[str, ...]


def score(answers: AnyAnswers, day: date) -> Scored:
    """Score answers given on `day`."""
    match answers:
        case PainAnswers():
            entries, meaning = _pain(answers, day)
        case PsfsAnswers():
            entries, meaning = _psfs(answers, day)
        case StartBackAnswers():
            entries, meaning = _start_back(answers, day)
        case OdiAnswers():
            entries, meaning = _odi(answers, day)
    return Scored(INSTRUMENT_OF[type(answers)], entries, meaning)


def psfs_score(scores: tuple[int, ...]) -> float:
    """The PSFS score: the mean of the activities' scores (Stratford-1995), to 2 decimals."""
    return round(sum(scores) / len(scores), 2)


def start_back_scores(a: StartBackAnswers) -> tuple[int, int]:
    """The total (items 1-9 positive, 0-9) and the distress subscore (items 5-9, 0-5)."""
    total = sum(a.positive(i) for i in START_BACK_ITEMS)
    return total, sum(a.positive(i) for i in DISTRESS_ITEMS)


def odi_percent(sections: OdiSections) -> float:
    """Sum of the answered sections / (5 x sections answered) x 100, to 1 decimal
    (clinical-notes §4). `OdiSections` has already refused too many unanswered sections."""
    given: list[int] = [v for s in ODI_SECTIONS if (v := getattr(sections, s)) is not None]
    return round(100 * sum(given) / (5 * len(given)), 1)


ODI_BANDS = (  # upper bound (inclusive) and the published band (clinical-notes §4)
    (20, "minimal disability"),
    (40, "moderate disability"),
    (60, "severe disability"),
    (80, "crippled (the authors' band)"),
    (100, "bed-bound or exaggerating symptoms (the authors' band)"),
)


def odi_band(percent: float) -> str:
    return next(text for top, text in ODI_BANDS if percent <= top)


def _pain(a: PainAnswers, day: date) -> tuple[tuple[OutcomeEntry, ...], tuple[str, ...]]:
    entries = (
        OutcomeEntry(date=day, measure=Measure.LEG_PAIN_NRS, score=float(a.leg_pain)),
        OutcomeEntry(date=day, measure=Measure.BACK_PAIN_NRS, score=float(a.back_pain)),
    )
    line = f"Leg pain {a.leg_pain}/10 and back pain {a.back_pain}/10 (0 none, 10 worst imaginable)."
    return entries, (line,)


def _psfs(a: PsfsAnswers, day: date) -> tuple[tuple[OutcomeEntry, ...], tuple[str, ...]]:
    mean = psfs_score(tuple(x.score for x in a.activities))
    each = "; ".join(f"{x.activity} {x.score}" for x in a.activities)
    n = len(a.activities)
    line = (
        f"PSFS {mean:g}/10: the mean of {n} activit{'y' if n == 1 else 'ies'} ({each}), "
        "each 0 (unable) to 10 (as before the problem) [Stratford-1995]."
    )
    return (OutcomeEntry(date=day, measure=Measure.PSFS, score=mean),), (line,)


def _start_back(a: StartBackAnswers, day: date) -> tuple[tuple[OutcomeEntry, ...], tuple[str, ...]]:
    total, distress = start_back_scores(a)
    risk, reason = start_back_band(total, distress)
    entry = OutcomeEntry(date=day, measure=Measure.START_BACK, score=float(total), group=risk)
    line = f"STarT Back risk {risk}: {reason} [Keele-STarTBack]."
    return (entry,), (line,)


def _odi(a: OdiAnswers, day: date) -> tuple[tuple[OutcomeEntry, ...], tuple[str, ...]]:
    percent = odi_percent(a.sections)
    blank = a.sections.unanswered()
    over = f"{len(ODI_SECTIONS) - len(blank)} of {len(ODI_SECTIONS)} sections"
    skipped = f" ({', '.join(blank)} unanswered)" if blank else ""
    line = f"ODI {percent:g}%: {odi_band(percent)}, over {over}{skipped} (clinical-notes §4)."
    return (OutcomeEntry(date=day, measure=Measure.ODI, score=percent),), (line,)
