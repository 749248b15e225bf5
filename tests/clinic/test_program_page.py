"""The patient's program page: each card shows the item, its dose and how to do it, escaped."""

from __future__ import annotations

from sciatica_pt import knowledge
from sciatica_pt.clinic.models import ProgramItem
from sciatica_pt.clinic.services import programs
from sciatica_pt.core.words import name_of


def _page(world) -> str:
    return world.client("patient_a_user").get("/me/").content.decode()


def test_each_card_shows_the_items_name_dose_and_instructions(world):
    _program, items = programs.current_items(world.patient_a)
    item = next(i for i in items if i.dosage)
    page = _page(world)
    steps = knowledge.load().item(item.item_id).instructions.steps
    assert f"<h2>{item.name}</h2>" in page
    key, value = next(iter(item.dosage.items()))
    assert f"<span>{name_of(key)}: <strong>{value}</strong></span>" in page
    assert steps[0].replace("'", "&#x27;") in page


def test_text_on_the_cards_is_escaped(world):
    program, _ = programs.current_items(world.patient_a)
    ProgramItem.objects.create(
        program=program,
        position=99,
        item_id="no-longer-in-the-kb",
        item_class="x",
        kind="exercise",
        setting="home",
        name="<script>alert(1)</script>",
        why=["<img src=x onerror=alert(2)>"],
        dosage={"<b>sets</b>": 3},
    )
    page = _page(world)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b>sets</b>" not in page
