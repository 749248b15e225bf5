"""What the patient's own pages show, gathered once for Today, the check-in and the education
library: each exercise as a card (its drawing, its dose in plain words, its steps in the
patient's words), the maintenance program and flare-up plan after discharge, whether the
therapist was alerted. (The daily reminder's time: `services.daily_reminder`.)

Every clinical choice is the core's: the maintenance program is
`core.followup.discharge.maintenance`, the flare-up plan `core.followup.flare.flare_plan`, the
words `core.words.dose_in_words`; this module reads the stored rows into them and back.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from pydantic import ValidationError

from sciatica_pt import knowledge
from sciatica_pt.clinic.models import AlertStatus, Patient, Program, Severity
from sciatica_pt.clinic.services import clinic_exercises, followup
from sciatica_pt.core.clinic_exercises import is_clinic_item
from sciatica_pt.core.errors import InvalidInput as CoreInvalidInput
from sciatica_pt.core.followup.discharge import maintenance
from sciatica_pt.core.followup.flare import FLARE_PLAN_ID, flare_plan
from sciatica_pt.core.knowledge import Dosage, Instructions
from sciatica_pt.core.words import dose_in_words


@dataclass(frozen=True)
class Card:
    """One exercise or care step as the patient sees it."""

    item_id: str
    name: str
    dose: str  # plain words, "" without a dose
    drawing: SafeString | str  # inline SVG (animated), "" when the item has no drawing
    instructions: Instructions | None  # the patient's wording; None for an unknown item
    dom_id: str  # unique on the page: the drawing's ids and the card's anchor
    why: tuple[str, ...] = ()  # shown for an item the knowledge base no longer has


@functools.lru_cache(maxsize=512)
def _drawing(item_id: str, ident: str) -> SafeString | str:
    from sciatica_pt.reports.illustrations import render_exercise_svg

    try:
        # The SVG is built from the knowledge base and escaped by the renderer.
        return mark_safe(render_exercise_svg(item_id, animated=True, ident=ident))
    except CoreInvalidInput:
        return ""  # a care step, or an exercise not drawn yet


def dose_words(dosage: object) -> str:
    """A stored dose (a dict, a core Dosage or None) in plain words."""
    if dosage is None or isinstance(dosage, Dosage):
        return dose_in_words(dosage)
    try:
        return dose_in_words(Dosage.model_validate(dosage))
    except ValidationError:
        return ""


def card(
    item_id: str,
    name: str,
    dosage: object,
    page: str,
    why: Iterable[str] = (),
    mine: ClinicOwn | None = None,
) -> Card:
    """An item's card; `page` keeps its ids apart from another page's inlined on the same
    document (and from the same exercise shown twice); `mine`: the clinic's own exercises."""
    kb = mine.kb if mine else knowledge.load()
    try:
        item = kb.item(item_id)
        instructions: Instructions | None = item.instructions
        name = name or item.name
    except KeyError:
        instructions = None
    dom_id = f"{page}-{item_id}"
    if mine and item_id in mine.pictures:
        hold = _hold(dosage)
        drawing = clinic_exercises.picture_html(mine.pictures[item_id], name, hold, dom_id, True)
    else:
        drawing = _drawing(item_id, dom_id)
    return Card(item_id, name, dose_words(dosage), drawing, instructions, dom_id, tuple(why))


def _hold(dosage: object) -> int | None:
    if isinstance(dosage, Dosage):
        return dosage.hold_seconds
    return dosage.get("hold_seconds") if isinstance(dosage, dict) else None


@dataclass(frozen=True)
class ClinicOwn:
    """A clinic's knowledge base (its own exercises with the built-ins) and their pictures."""

    kb: Any
    pictures: dict[str, clinic_exercises.Picture]


def clinic_own(clinic: Any) -> ClinicOwn:
    return ClinicOwn(clinic_exercises.knowledge_for(clinic), clinic_exercises.pictures_for(clinic))


def cards(rows: Iterable[Any], page: str, clinic: Any = None) -> list[Card]:
    """Cards of program rows (anything with item_id, name and dosage), each item once;
    `clinic`: the patient's clinic, whose own exercises the rows may hold."""
    rows = list(rows)
    mine = clinic_own(clinic) if clinic and any(is_clinic_item(r.item_id) for r in rows) else None
    seen: set[str] = set()
    found = []
    for row in rows:
        if row.item_id in seen:
            continue
        seen.add(row.item_id)
        why = getattr(row, "why", ())
        found.append(card(row.item_id, row.name, row.dosage, page, why, mine))
    return found


# --- after discharge ------------------------------------------------------------------------


@dataclass(frozen=True)
class AfterDischarge:
    since: dt.date
    maintenance: list[Card]  # the exercises kept, at their maintenance dose
    care: list[Card]  # the self-management care steps (the flare-up plan has its own list)
    flare_plan: tuple[str, ...]
    refs: list[Any]  # knowledge-base references of the flare-up plan


def after_discharge(patient: Patient, program: Program | None, page: str) -> AfterDischarge | None:
    """The maintenance program and the flare-up plan of a discharged patient (None before
    discharge): the core's maintenance of the program as it stood, from the day of discharge."""
    if patient.discharged_on is None:
        return None
    kb = clinic_exercises.knowledge_for(patient.clinic)
    kept: list[Any] = []
    if program is not None:
        rows = list(program.items.in_program())
        state = followup.engine_program(program, rows)
        if state is not None:
            kept = list(maintenance(state, patient.discharged_on, kb).items)
        else:  # no follow-up program was kept: the exercises the patient was doing
            kept = [r for r in program.items.live() if r.kind == "exercise"]
    lines, refs = flare_plan(kb)
    exercises = [i for i in kept if str(i.kind) == "exercise"]
    care = [i for i in kept if str(i.kind) != "exercise" and i.item_id != FLARE_PLAN_ID]
    return AfterDischarge(
        since=patient.discharged_on,
        maintenance=cards(exercises, page, patient.clinic),
        care=cards(care, page, patient.clinic),
        flare_plan=lines,
        refs=[kb.reference(key) for key in refs if _known_ref(kb, key)],
    )


def _known_ref(kb: Any, key: str) -> bool:
    try:
        kb.reference(key)
    except KeyError:
        return False
    return True


# --- the safety screen ---------------------------------------------------------------------


def therapist_alerted(user: Any) -> bool:
    """True only when a critical alert (a warning sign) was raised for this patient and is
    still open: what lets the act-now page say "your therapist has been alerted". Anyone
    else (not logged in, staff, a patient with no open critical alert) is told what to do
    without that claim."""
    patient = getattr(user, "patient_profile", None) if user.is_authenticated else None
    if patient is None:
        return False
    return bool(patient.alerts.filter(severity=Severity.CRITICAL, status=AlertStatus.OPEN).exists())
