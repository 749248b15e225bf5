"""The home-program handout (PDF): who and when, each home exercise with its drawing, steps,
dose and when to stop, the flare-up plan, a boxed list of warning signs, the disclaimer.

`handout_pdf(plan, kb, clinic_name, patient_name, date) -> bytes` is what the CLI and the web
app call; it takes plain objects and never reads the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.knowledge import Item, KnowledgeBase
from sciatica_pt.core.result import Plan, PlanItem, PlanStatus
from sciatica_pt.core.vocabulary import DeliveredBy, Kind
from sciatica_pt.reports.illustrations import (
    load_illustrations,
    render_exercise_svg,
    render_pose_svg,
)
from sciatica_pt.reports.patient_text import (
    DISCLAIMER,
    FLARE_UP_PLAN,
    WARNING_ACTION,
    WARNING_SIGNS,
    dose_text,
)
from sciatica_pt.reports.pdf import ALERT, FONT, INK, Document, require_date, require_text

DRAWING_MM = 62
DRAWING_MAX_HIGH_MM = 58
STATUS_NOTE = {
    PlanStatus.PROVISIONAL: (
        "Some safety questions were not answered yet, so this program is provisional: your "
        "therapist will confirm it at your next visit."
    ),
    PlanStatus.WITHHELD: (
        "Your exercise program is on hold. Please follow the referral advice below first; "
        "your therapist will start the exercises when it is safe to do so."
    ),
}


@dataclass(frozen=True)
class Picture:
    """A clinic's own exercise's picture (issue 20): the drawing of the built-in exercise
    `pose`, or the clinic's photo (a JPEG file)."""

    pose: str = ""
    photo: Path | None = None


def handout_pdf(
    plan: Plan,
    kb: KnowledgeBase,
    clinic_name: str,
    patient_name: str,
    date: dt.date,
    pictures: Mapping[str, Picture] | None = None,
) -> bytes:
    """The handout as PDF bytes; raises InvalidInput naming a bad argument or unknown item.
    `pictures`: the pictures of the clinic's own exercises in `kb`, by item id."""
    clinic = require_text(clinic_name, "clinic_name")
    patient = require_text(patient_name, "patient_name")
    day = require_date(date, "date")
    items = [kb_item(kb, p, f"plan.items[{i}]") for i, p in enumerate(plan.items)]
    doc = Document(f"Home program for {patient}", DISCLAIMER, day)
    doc.add_page()
    _cover(doc, plan, kb, clinic, patient, day)
    _warning_box(doc)
    for planned, item in zip(plan.items, items, strict=True):
        if is_home_item(planned):
            _exercise(doc, planned, item, (pictures or {}).get(planned.id))
    _flare_up_plan(doc)
    _warning_box(doc)
    doc.paragraph(DISCLAIMER, size=9)
    return doc.bytes()


def kb_item(kb: KnowledgeBase, planned: PlanItem, where: str) -> Item:
    try:
        return kb.item(planned.id)
    except KeyError:
        raise InvalidInput([f"{where}.id: {planned.id!r} is not in the knowledge base"]) from None


def is_home_item(planned: PlanItem) -> bool:
    """What the patient does on their own (exercises, a heat wrap): steps, dose, when to stop."""
    talk = (Kind.ADVICE, Kind.REFERRAL)
    return planned.kind not in talk and planned.delivered_by is DeliveredBy.PATIENT


def _cover(
    doc: Document, plan: Plan, kb: KnowledgeBase, clinic: str, patient: str, day: dt.date
) -> None:
    doc.heading(clinic, size=12)
    doc.heading("Your home exercise program", size=18)
    doc.paragraph(f"For: {patient}", bold=True)
    doc.paragraph(f"Date: {day.isoformat()}")
    doc.ln(3)
    if plan.status in STATUS_NOTE:
        doc.paragraph(STATUS_NOTE[plan.status], bold=True)
        doc.ln(2)
    exercises = [p for p in plan.items if is_home_item(p)]
    if exercises:
        doc.heading("Your exercises", size=12)
        doc.bullets([f"{p.name}: {dose_text(p.dosage)}" for p in exercises])
        doc.ln(2)
    others = [p for p in plan.items if not is_home_item(p)]
    if others:
        doc.heading("Also in your plan", size=12)
        doc.bullets([_other_line(p, kb) for p in others])
        doc.ln(2)


def _other_line(planned: PlanItem, kb: KnowledgeBase) -> str:
    """Advice and referrals in a sentence; clinic treatments by name."""
    if planned.kind in (Kind.ADVICE, Kind.REFERRAL):
        return f"{planned.name}: {kb.item(planned.id).instructions.summary}"
    return f"{planned.name} (at the clinic, with your therapist)"


def _exercise(doc: Document, planned: PlanItem, item: Item, picture: Picture | None) -> None:
    steps = item.instructions.steps
    svg, photo = _svg_of(planned, picture), picture.photo if picture else None
    width, height = _photo_size(photo) if photo else _drawing_size(svg)
    if doc.room_left() < max(height, _text_height(doc, planned, item)) + 16:
        doc.add_page()
    doc.heading(planned.name, size=13)
    top = doc.get_y()
    if photo is not None:
        doc.image(str(photo), x=doc.l_margin + (DRAWING_MM - width) / 2, y=top, w=width)
    elif svg is not None:
        doc.svg(svg, x=doc.l_margin + (DRAWING_MM - width) / 2, y=top, w=width)
    text_left = doc.l_margin + DRAWING_MM + 6
    doc.set_left_margin(text_left)
    doc.set_xy(text_left, top)
    doc.paragraph(f"Dose: {dose_text(planned.dosage)}", bold=True)
    doc.paragraph(item.instructions.summary, size=9.5)
    doc.ln(1)
    doc.bullets(steps, numbered=True)
    doc.ln(1)
    doc.paragraph("Stop and contact your therapist if:", bold=True)
    doc.bullets(item.instructions.stop_if)
    doc.set_left_margin(18)
    doc.set_y(max(doc.get_y(), top + height) + 6)
    doc.set_draw_color(200, 205, 210)
    doc.line(doc.l_margin, doc.get_y() - 3, doc.w - doc.r_margin, doc.get_y() - 3)


def _text_height(doc: Document, planned: PlanItem, item: Item) -> float:
    column = doc.w - doc.r_margin - doc.l_margin - DRAWING_MM - 6
    bullets = column - 6
    return (
        doc.text_height([f"Dose: {dose_text(planned.dosage)}"], column, bold=True)
        + doc.text_height([item.instructions.summary], column, size=9.5)
        + doc.text_height(item.instructions.steps, bullets)
        + doc.text_height(["Stop and contact your therapist if:"], column, bold=True)
        + doc.text_height(item.instructions.stop_if, bullets)
        + 4
    )


def _svg_of(planned: PlanItem, picture: Picture | None) -> str | None:
    """A built-in's drawing, or the pose a clinic's own exercise chose, titled with its name."""
    if picture is not None:
        if picture.pose and picture.pose in load_illustrations():
            hold = planned.dosage.hold_seconds if planned.dosage else None
            return render_pose_svg(picture.pose, planned.name, hold)
        return None
    return render_exercise_svg(planned.id) if planned.id in load_illustrations() else None


def _photo_size(photo: Path) -> tuple[float, float]:
    """Millimetres for a photo that fits the drawing's box, keeping its proportions."""
    from PIL import Image

    with Image.open(photo) as image:
        ratio = image.height / image.width
    width = min(DRAWING_MM, DRAWING_MAX_HIGH_MM / ratio)
    return width, width * ratio


def _drawing_size(svg: str | None) -> tuple[float, float]:
    """Millimetres for a drawing that fits DRAWING_MM wide and DRAWING_MAX_HIGH_MM high."""
    if svg is None:
        return 0.0, 0.0
    size = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    assert size is not None, "render_svg always writes width and height"
    ratio = float(size[2]) / float(size[1])
    width = min(DRAWING_MM, DRAWING_MAX_HIGH_MM / ratio)
    return width, width * ratio


def _flare_up_plan(doc: Document) -> None:
    if doc.room_left() < 60:
        doc.add_page()
    doc.heading("If your pain flares up", size=13)
    doc.bullets(FLARE_UP_PLAN)
    doc.ln(4)


def _warning_box(doc: Document) -> None:
    """The warning signs, boxed in red so they are found at a glance."""
    if doc.room_left() < 16 + 9 * len(WARNING_SIGNS):
        doc.add_page()
    top = doc.get_y()
    inner = doc.l_margin + 4
    doc.set_left_margin(inner)
    doc.set_right_margin(doc.r_margin + 4)
    doc.set_xy(inner, top + 3)
    doc.set_font(FONT, "B", 12)
    doc.set_text_color(*ALERT)
    doc.cell(0, 6, "Warning signs: get help now")
    doc.set_xy(inner, top + 11)
    doc.bullets(WARNING_SIGNS)
    doc.ln(1)
    doc.paragraph(WARNING_ACTION, bold=True)
    doc.set_left_margin(18)
    doc.set_right_margin(18)
    bottom = doc.get_y() + 3
    doc.set_draw_color(*ALERT)
    doc.set_line_width(0.8)
    doc.rect(doc.l_margin, top, doc.w - doc.l_margin - doc.r_margin, bottom - top)
    doc.set_line_width(0.2)
    doc.set_text_color(*INK)
    doc.set_y(bottom + 5)
