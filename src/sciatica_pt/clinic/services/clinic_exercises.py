"""A clinic's own exercises (issue 20; docs/clinic-exercises.md): create, edit and retire
them, and the clinic's knowledge base every consumer uses.

The rows are parsed into the core's `ClinicExercise`, which validates them as it validates a
built-in exercise; `knowledge_for(clinic)` joins them to the shipped knowledge base
(`core.clinic_exercises.with_clinic_exercises`). Therapists and admins of the clinic write
them (the staff who change clinical records, `require_clinician`); every write is audited.
Another clinic's exercise is a 404, as another clinic's patient is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from pydantic import ValidationError

from sciatica_pt import knowledge
from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import AuditAction, Clinic, ProgramItem
from sciatica_pt.clinic.models import ClinicExercise as Row
from sciatica_pt.clinic.permissions import membership_of, own_patient, require_clinician
from sciatica_pt.clinic.services import exercise_photos
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core import clinic_exercises as core
from sciatica_pt.core.errors import problems_of
from sciatica_pt.core.knowledge import KnowledgeBase

DOSE_FIELDS = ("sets", "reps", "hold_seconds", "per_day", "per_week", "minutes")
LINE_FIELDS = ("steps", "stop_if", "clinician_notes")  # one whole sentence a line
LIST_FIELDS = ("equipment", "contraindications", "precautions")
TEXT_FIELDS = ("name", "item_class", "direction", "setting", "summary", "reference", "pose")


# --- the clinic's knowledge base ------------------------------------------------------------


def to_core(row: Row) -> core.ClinicExercise:
    """A stored row as the core's exercise (rows were validated when written)."""
    return core.ClinicExercise.model_validate(_fields(row))


def _fields(row: Row) -> dict[str, Any]:
    return {
        "key": row.pk,
        "name": row.name,
        "item_class": row.item_class,
        "direction": row.direction,
        "setting": row.setting,
        "equipment": row.equipment,
        "minutes": row.minutes,
        "dosage": row.dosage,
        "summary": row.summary,
        "steps": row.steps,
        "stop_if": row.stop_if,
        "clinician_notes": row.clinician_notes,
        "contraindications": row.contraindications,
        "precautions": row.precautions,
        "reference": row.reference or None,
        "pose": row.pose or None,
        "retired": row.retired,
    }


def knowledge_for(clinic: Clinic | None) -> KnowledgeBase:
    """The shipped knowledge base with this clinic's exercises (retired ones too: programs
    that hold one keep it). Read per call: an edit shows at once on every server."""
    kb = knowledge.load()
    if clinic is None:
        return kb
    rows = Row.objects.filter(clinic=clinic).order_by("pk")
    return core.with_clinic_exercises(kb, clinic.name, (to_core(r) for r in rows))


@dataclass(frozen=True)
class Picture:
    """What shows a clinic exercise: a built-in's drawing (`pose`) or the clinic's photo."""

    pose: str = ""
    photo: Path | None = None
    photo_url: str = ""


def pictures_for(clinic: Clinic | None) -> dict[str, Picture]:
    """The picture of each of the clinic's exercises, by item id."""
    if clinic is None:
        return {}
    rows = Row.objects.filter(clinic=clinic).only("pk", "pose", "photo")
    return {core.clinic_item_id(r.pk): picture_of(r) for r in rows}


def picture_of(row: Row) -> Picture:
    from django.urls import reverse

    if row.photo:
        url = reverse("clinic_exercise_photo", args=[row.pk])
        return Picture(photo=exercise_photos.path_of(row.photo), photo_url=url)
    return Picture(pose=row.pose)


def item_name(item_id: str) -> str:
    """An item's name from its id: a built-in's, or a clinic exercise's (its row's name).
    Only ever called with ids from records the caller may already see."""
    from sciatica_pt.core.words import name_of

    if core.is_clinic_item(item_id):
        row = Row.objects.filter(pk=int(item_id.removeprefix(core.ID_PREFIX))).first()
        return row.name if row else name_of(item_id)
    try:
        return knowledge.load().item(item_id).name
    except KeyError:
        return name_of(item_id)


# --- reading -------------------------------------------------------------------------------


def exercises_of(user: Any, include_retired: bool = True) -> list[Row]:
    membership = require_clinician(user)
    rows = Row.objects.filter(clinic_id=membership.clinic_id).order_by("retired", "name", "pk")
    return list(rows if include_retired else rows.filter(retired=False))


def require_exercise(user: Any, pk: int) -> Row:
    """The clinic's exercise, or 404: another clinic's is indistinguishable from none."""
    membership = require_clinician(user)
    try:
        return Row.objects.get(pk=pk, clinic_id=membership.clinic_id)
    except Row.DoesNotExist:
        raise Http404("No such exercise") from None


def photo_for(user: Any, pk: int) -> Path:
    """The photo file of exercise `pk`, for staff of its clinic or a patient whose program
    holds it; 404 for anyone else (and for an exercise without a photo)."""
    row = Row.objects.filter(pk=pk).exclude(photo="").first()
    if row is None or not _may_see(user, row):
        raise Http404("No such photo")
    return exercise_photos.path_of(row.photo)


def _may_see(user: Any, row: Row) -> bool:
    if (membership := membership_of(user)) is not None:
        return membership.clinic_id == row.clinic_id
    patient = own_patient(user)
    if patient is None or patient.clinic_id != row.clinic_id:
        return False
    held = ProgramItem.objects.filter(program__patient=patient, item_id=core.clinic_item_id(row.pk))
    return held.exists()


# --- writing -------------------------------------------------------------------------------


def parse(data: Mapping[str, Any], key: int = 1) -> core.ClinicExercise:
    """A form's fields as the core's exercise; every problem named by its field."""
    fields: dict[str, Any] = {k: str(data.get(k) or "").strip() or None for k in TEXT_FIELDS}
    fields = {k: v for k, v in fields.items() if v is not None}
    for name in LINE_FIELDS:
        fields[name] = [
            line.strip() for line in str(data.get(name) or "").splitlines() if line.strip()
        ]
    for name in LIST_FIELDS:
        fields[name] = [v for v in _values(data, name) if v]
    dose: dict[str, Any] = {}
    for name in DOSE_FIELDS:
        raw = str(data.get(f"dose_{name}") or "").strip()
        if raw:
            dose[name] = int(raw) if raw.isdigit() else raw
    if minutes := str(data.get("minutes") or "").strip():
        fields["minutes"] = int(minutes) if minutes.isdigit() else minutes
    try:
        exercise = core.ClinicExercise.model_validate({**fields, "key": key, "dosage": dose})
    except ValidationError as exc:
        raise InvalidInput([_for_the_form(p) for p in problems_of(exc)]) from None
    if found := core.problems(knowledge.load(), exercise):
        raise InvalidInput(found)
    return exercise


def _for_the_form(problem: str) -> str:
    """The core's message without its hint for YAML authors (this is a form)."""
    return problem.replace(YAML_HINT, "")


YAML_HINT = " (in a YAML [a, b] list, quote an entry that holds a comma)"


def _values(data: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    value = getlist(name) if getlist else data.get(name, [])
    return [str(v).strip() for v in ([value] if isinstance(value, str) else value or [])]


def _position(data: Mapping[str, Any], exercise: core.ClinicExercise) -> str:
    from sciatica_pt.clinic.picker import POSITIONS
    from sciatica_pt.reports.illustrations import load_illustrations

    chosen = str(data.get("position") or "").strip()
    if chosen and chosen not in POSITIONS:
        raise InvalidInput([f"position: {chosen[:40]!r} is not one of the positions"])
    drawing = load_illustrations().get(exercise.pose or "")
    if exercise.pose and drawing is None:
        raise InvalidInput([f"pose: {exercise.pose!r} has no drawing to show"])
    return chosen or (drawing.start.posture.value if drawing else "")


def _store(row: Row, exercise: core.ClinicExercise, position: str) -> None:
    values = exercise.model_dump(mode="json", exclude={"key", "retired"})
    values["dosage"] = exercise.dosage.model_dump(exclude_none=True)
    values["reference"] = values["reference"] or ""
    values["pose"] = values["pose"] or ""
    for key, value in values.items():
        setattr(row, key, value)
    row.position = position


@transaction.atomic
def create(request: HttpRequest | None, user: Any, data: Mapping[str, Any], photo: Any) -> Row:
    membership = require_clinician(user)
    exercise = parse(data)
    position = _position(data, exercise)
    stored = exercise_photos.store(photo, membership.clinic_id) if photo else ""
    if not stored and not exercise.pose:
        raise InvalidInput(["pose: choose a drawing, or upload a photo (photo)"])
    row = Row(clinic_id=membership.clinic_id, created_by=user, photo=stored)
    _store(row, exercise, position)
    row.save()
    _audit(request, user, row)
    return row


@transaction.atomic
def update(
    request: HttpRequest | None, user: Any, pk: int, data: Mapping[str, Any], photo: Any
) -> Row:
    row = require_exercise(user, pk)
    Row.objects.select_for_update().filter(pk=row.pk).first()  # one edit at a time
    exercise = parse(data, key=row.pk)
    position = _position(data, exercise)
    if photo:
        row.photo = exercise_photos.store(photo, row.clinic_id)  # the old file is kept
    elif data.get("remove_photo"):
        row.photo = ""
    if not row.photo and not exercise.pose:
        raise InvalidInput(["pose: choose a drawing, or upload a photo (photo)"])
    _store(row, exercise, position)
    row.save()
    _audit(request, user, row)
    return row


@transaction.atomic
def set_retired(request: HttpRequest | None, user: Any, pk: int, retired: bool) -> Row:
    """Retire (or bring back) an exercise: it leaves (or rejoins) the picker; programs and
    histories that hold it keep it either way."""
    row = require_exercise(user, pk)
    row.retired = retired
    row.save(update_fields=["retired", "updated_at"])
    _audit(request, user, row)
    return row


def _audit(request: HttpRequest | None, user: Any, row: Row) -> None:
    audit.record(user, AuditAction.WRITE, "clinic_exercise", row.pk, None, request)


# --- pictures on pages ------------------------------------------------------------------------


def picture_html(picture: Picture, name: str, hold: int | None, ident: str, animated: bool) -> Any:
    """The picture as page markup: the photo (an <img> of the access-checked URL) or the
    chosen built-in drawing titled with this exercise's name; "" when it has neither."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    from sciatica_pt.reports.illustrations import render_pose_svg

    if picture.photo_url:
        return format_html(
            '<img class="photo" src="{}" alt="Photo of {}" loading="lazy">',
            picture.photo_url,
            name,
        )
    if picture.pose:
        # Built by our own renderer, which escapes the name.
        return mark_safe(render_pose_svg(picture.pose, name, hold, animated, ident))
    return ""


def picker_entries(clinic: Clinic | None) -> list[Any]:
    """The clinic's exercises in use (not retired) as entries of the program editor's picker."""
    from sciatica_pt.clinic.picker import entry

    if clinic is None:
        return []
    rows = Row.objects.filter(clinic=clinic, retired=False).order_by("name", "pk")
    kb = knowledge.load()
    found = []
    for row in rows:
        exercise = to_core(row)
        item = exercise.to_item(core.targets_of(kb, exercise.item_class))
        hold = exercise.dosage.hold_seconds
        html = picture_html(picture_of(row), row.name, hold, f"pick-{item.id}", False)
        found.append(entry(item, row.position, html))
    return found


def retired_ids(clinic: Clinic) -> set[str]:
    rows = Row.objects.filter(clinic=clinic, retired=True).values_list("pk", flat=True)
    return {core.clinic_item_id(pk) for pk in rows}
