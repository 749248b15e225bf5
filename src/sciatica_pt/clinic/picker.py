"""The program editor's item picker (issue 20): search the knowledge base by name and aliases,
narrow by class, position, equipment and evidence grade, and see each exercise's drawing.
Server-rendered from the query string, so it works without JavaScript; an unknown filter value
is refused naming the field, never ignored."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from sciatica_pt import knowledge
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.words import dose_in_words, name_of
from sciatica_pt.reports.figure import Posture
from sciatica_pt.reports.illustrations import load_illustrations, render_exercise_svg

PAGE = 20  # results shown at once; the count says how many more a narrower search would show
FILTERS = ("item_class", "position", "equipment", "grade")
FILTER_LABELS = {
    "item_class": "Class",
    "position": "Position",
    "equipment": "Equipment",
    "grade": "Evidence",
}
MAX_QUERY = 100
POSITIONS = tuple(p.value for p in Posture)


@dataclass(frozen=True)
class Entry:
    item: Item
    class_name: str
    position: str  # "" for an item without a drawing
    position_name: str
    equipment: tuple[str, ...]
    grade_name: str
    dose: str
    picture: SafeString | None = None  # a clinic exercise's own (its photo or chosen drawing)

    @property
    def drawing(self) -> SafeString:
        return self.picture if self.picture is not None else _drawing(self.item.id)


@dataclass(frozen=True)
class Picked:
    query: Mapping[str, str]
    entries: list[Entry]
    total: int
    choices: Mapping[str, list[tuple[str, str]]]

    @property
    def more(self) -> int:
        return self.total - len(self.entries)

    @property
    def filters(self) -> list[tuple[str, str, list[tuple[str, str]], str]]:
        """(field, label, options, chosen) for each filter, in the page's order."""
        return [(k, FILTER_LABELS[k], self.choices[k], self.query.get(k, "")) for k in FILTERS]


@functools.cache
def _drawing(item_id: str) -> SafeString:
    if item_id not in load_illustrations():
        return mark_safe("")
    return mark_safe(render_exercise_svg(item_id))  # built by our own renderer, escaped there


def entry(item: Item, position: str, picture: SafeString | None = None) -> Entry:
    return Entry(
        item,
        name_of(item.item_class),
        position,
        name_of(position, "posture") if position else "",
        tuple(e.value for e in item.equipment),
        name_of(item.evidence.grade),
        dose_in_words(item.dosage),
        picture,
    )


@functools.cache
def catalogue() -> tuple[Entry, ...]:
    drawings = load_illustrations()
    entries = []
    for item in sorted(knowledge.load().items, key=lambda i: i.name.lower()):
        drawing = drawings.get(item.id)
        entries.append(entry(item, drawing.start.posture.value if drawing else ""))
    return tuple(entries)


@functools.cache
def pose_choices() -> list[tuple[str, str]]:
    """The built-in exercises whose drawing a clinic exercise may use, by name."""
    drawings = load_illustrations()
    return [(e.item.id, e.item.name) for e in catalogue() if e.item.id in drawings]


@functools.cache
def _choices() -> Mapping[str, list[tuple[str, str]]]:
    return choices_of(catalogue())


def choices_of(entries: Iterable[Entry]) -> Mapping[str, list[tuple[str, str]]]:
    entries = list(entries)

    def options(values: dict[str, str]) -> list[tuple[str, str]]:
        return sorted(values.items(), key=lambda kv: kv[1].lower())

    return {
        "item_class": options({e.item.item_class.value: e.class_name for e in entries}),
        "position": options({e.position: e.position_name for e in entries if e.position}),
        "equipment": options({v: name_of(v, "equipment") for e in entries for v in e.equipment}),
        "grade": options({e.item.evidence.grade.value: e.grade_name for e in entries}),
    }


def _matches(entry: Entry, words: list[str]) -> bool:
    haystack = " ".join((entry.item.name, *entry.item.aliases)).lower()
    return all(word in haystack for word in words)


def pick(raw: Mapping[str, str], extra: Sequence[Entry] = ()) -> Picked:
    """The entries that match `raw` (q, item_class, position, equipment, grade), by name;
    `extra`: the clinic's own exercises, searched and filtered like the built-ins."""
    query = {key: (raw.get(key) or "").strip() for key in ("q", *FILTERS)}
    every = catalogue()
    if extra:
        every = tuple(sorted((*every, *extra), key=lambda e: e.item.name.lower()))
    choices, problems = (choices_of(every) if extra else _choices()), []
    if len(query["q"]) > MAX_QUERY:
        problems.append(f"q: a search of at most {MAX_QUERY} characters")
    for key in FILTERS:
        if query[key] and query[key] not in dict(choices[key]):
            problems.append(f"{key}: {query[key][:40]!r} is not one of the choices")
    if problems:
        raise InvalidInput(problems)
    words = query["q"].lower().split()
    found = [
        e
        for e in every
        if _matches(e, words)
        and (not query["item_class"] or e.item.item_class.value == query["item_class"])
        and (not query["position"] or e.position == query["position"])
        and (not query["equipment"] or query["equipment"] in e.equipment)
        and (not query["grade"] or e.item.evidence.grade.value == query["grade"])
    ]
    return Picked(query, found[:PAGE], len(found), choices)
