"""Clinic exercises for the tests (issue 20): a form as a therapist fills it in, a photo
with EXIF, and helpers that create one and put it in patient A's program."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sciatica_pt.clinic.models import ClinicExercise
from sciatica_pt.clinic.services import clinic_exercises, programs

NAME = "Wall squat hold"
FORM: dict[str, Any] = {
    "name": NAME,
    "item_class": "functional_strengthening",
    "direction": "neutral",
    "setting": "home",
    "position": "standing",
    "minutes": "5",
    "equipment": [],
    "dose_reps": "8",
    "dose_hold_seconds": "5",
    "dose_per_day": "2",
    "summary": "You lean on a wall and bend your knees a little to build strength in your legs.",
    "steps": (
        "Stand with your back flat against a wall and your feet a step away from it.\n"
        "Slide down until your knees are a little bent, then hold.\n"
        "Push back up slowly."
    ),
    "stop_if": "Your leg pain spreads further down your leg.",
    "clinician_notes": "Keep the knees behind the toes; progress depth before hold.",
    "reference": "Greenfield Physio in-house protocol, 2024.",
    "contraindications": [],
}
REASON = "Our own protocol for this patient's return to lifting."


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (60, 40)) -> bytes:
    """A small picture; a JPEG carries EXIF naming its owner, which must not be kept."""
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    if fmt == "JPEG":
        exif = Image.Exif()
        exif[0x013B] = "Secret Owner Name"  # Artist
        image.save(out, fmt, exif=exif.tobytes())
    else:
        image.save(out, fmt)
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "squat.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else photo_bytes(), "image/jpeg")


def make_exercise(user: Any, photo: bool = True, **changes: Any) -> ClinicExercise:
    form = {**FORM, **({} if photo else {"pose": "wall-squat"}), **changes}
    return clinic_exercises.create(None, user, form, upload() if photo else None)


def add_to_program(
    world: Any, row: ClinicExercise, reason: str = REASON, patient: Any = None
) -> Any:
    patient = patient or world.patient_a
    program = programs.current_program(patient)
    item_id = f"clinic-{row.pk}"
    return programs.add_item(None, world.therapist, patient, program.version, item_id, reason)


def held_exercise(world: Any) -> ClinicExercise:
    """Clinic A's exercise with a photo, in patient A's program (for the permission matrix)."""
    row = ClinicExercise.objects.filter(clinic=world.clinic).first()
    if row is None:
        row = make_exercise(world.therapist)
        add_to_program(world, row)
    return row
