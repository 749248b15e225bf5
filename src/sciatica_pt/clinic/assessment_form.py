"""The assessment form, built from the assessment v1 model itself so that it has EVERY field
of the contract and stays in step with it. The browser's answers become a v1 document, which
the core validates; problems come back by field path and are shown next to their field.

Tri-state questions (true / false / not asked) default to "not asked", shown as such.
Nothing is coerced: text in a number box is passed on as text and rejected by the core.
"""

from __future__ import annotations

import itertools
import re
import types
import typing
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.http import QueryDict
from pydantic import BaseModel

from sciatica_pt.core import words
from sciatica_pt.core.intake import assessment as v1

FLAG_CHOICES = (("", "Not asked"), ("yes", "Yes"), ("no", "No"))
PSFS_ROWS = 3
# The order a clinician works in: the warning signs first and complete, then the story, the
# symptoms, the precautions, the examination, the screening scores, the outcomes and the
# circumstances of the home program; free notes last.
SECTIONS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("red_flags", v1.RedFlags),
    ("patient", v1.Patient),
    ("history", v1.History),
    ("symptoms", v1.Symptoms),
    ("precautions", v1.Precautions),
    ("exam", v1.Exam),
    ("psychosocial", v1.Psychosocial),
    ("outcomes", v1.Outcomes),
    ("context", v1.Context),
)
REQUIRED_SECTIONS = ("patient", "history", "symptoms")


@dataclass
class Field:
    name: str  # the v1 path, e.g. symptoms.leg_pain_nrs
    label: str
    widget: str  # flag | choice | int | float | list | multi | text
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    value: Any = ""
    errors: list[str] = field(default_factory=list)
    help: str = ""
    bounds: str = ""  # "0 to 120", shown beside a number box

    @property
    def html_id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("[", "-").replace("]", "")


@dataclass
class Section:
    name: str
    title: str
    fields: list[Field]
    help: str = ""

    @property
    def has_errors(self) -> bool:
        return any(f.errors for f in self.fields)

    @property
    def answered(self) -> int:
        return sum(1 for f in self.fields if f.value not in ("", [], ()))


def _label(path: str) -> str:
    """The display name of a v1 field path (core/words.py): one place for every page."""
    return words.name_of(path, "field")


def _help(path: str) -> str:
    return words.sentence_of(path, "field")


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The inner type and whether None is allowed."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


def _bounds(annotation: Any, metadata: list[Any]) -> str:
    """The range a number field accepts, from its type's own limits: "0 to 10". A required
    field's limits are in its `metadata`; an optional one's in its annotation."""
    inner, _nullable = _unwrap(annotation)
    low = high = None
    annotated = typing.get_origin(inner) is typing.Annotated
    for meta in [*metadata, *(typing.get_args(inner)[1:] if annotated else ())]:
        for limit in getattr(meta, "metadata", [meta]):
            low = getattr(limit, "ge", low)
            high = getattr(limit, "le", high)
    return f"{low:g} to {high:g}" if low is not None and high is not None else ""


def _choices(members: Any) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, words.name_of(m)) for m in members)


def _widget(annotation: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    inner, _nullable = _unwrap(annotation)
    if typing.get_origin(inner) is typing.Annotated:
        inner = typing.get_args(inner)[0]
    if inner is bool:
        return "flag", FLAG_CHOICES
    if isinstance(inner, type) and issubclass(inner, StrEnum):
        return "choice", (("", "Not recorded"), *_choices(inner))
    if typing.get_origin(inner) is tuple:
        arg = typing.get_args(inner)[0]
        if isinstance(arg, type) and issubclass(arg, StrEnum):
            return "multi", _choices(arg)
        return "list", ()
    if inner is int:
        return "int", ()
    if inner is float:
        return "float", ()
    return "text", ()


def _field(
    path: str, annotation: Any, required: bool = False, metadata: list[Any] | None = None
) -> Field:
    widget, choices = _widget(annotation)
    bounds = _bounds(annotation, metadata or []) if widget in ("int", "float") else ""
    return Field(path, _label(path), widget, choices, required, help=_help(path), bounds=bounds)


def _simple_fields(section: str, model: type[BaseModel]) -> list[Field]:
    out = []
    for name, info in model.model_fields.items():
        path = f"{section}.{name}"
        if path in _SPECIAL:
            out += _SPECIAL[path]()
            continue
        out.append(_field(path, info.annotation, info.is_required(), info.metadata))
    return out


def _nested(base: str, model: type[BaseModel], lead: str) -> list[Field]:
    """The fields of a nested record, each label led by the record's name."""
    out = []
    for name, info in model.model_fields.items():
        f = _field(f"{base}.{name}", info.annotation, metadata=info.metadata)
        f.label = f"{lead}: {f.label}"
        out.append(f)
    return out


def _surgery() -> list[Field]:
    base = "history.prior_spinal_surgery"
    fields = _nested(base, v1.PriorSurgery, _label(base))
    fields[0].help = "Leave empty if there was none."
    return fields


def _movements() -> list[Field]:
    choices = (("", "Not recorded"), *_choices(v1.Response))
    return [
        Field(
            f"exam.repeated_movements.{m.value}",
            f"Repeated {words.name_of(m).lower()}",
            "choice",
            choices,
            help="What repeating this movement did to the symptoms.",
        )
        for m in v1.Movement
    ]


def _psfs() -> list[Field]:
    rows = []
    for i in range(PSFS_ROWS):
        activity, score = _nested(f"outcomes.psfs[{i}]", v1.PsfsActivity, f"Activity {i + 1}")
        activity.label = f"Activity {i + 1}"
        activity.help = _help("outcomes.psfs.activity")
        score.label = f"Activity {i + 1}: {_label('outcomes.psfs.score')}"
        score.help = _help("outcomes.psfs.score")
        rows += [activity, score]
    return rows


def _baseline() -> list[Field]:
    return [
        _field(f"outcomes.baseline.{name}", info.annotation)
        for name, info in v1.Baseline.model_fields.items()
    ]


_SPECIAL = {
    "history.prior_spinal_surgery": _surgery,
    "exam.repeated_movements": _movements,
    "outcomes.psfs": _psfs,
    "outcomes.baseline": _baseline,
}


def blank_sections() -> list[Section]:
    sections = [
        Section(name, _label(name), _simple_fields(name, model), _help(name))
        for name, model in SECTIONS
    ]
    notes = Field("notes", _label("notes"), "text", help=_help("notes"))
    sections.append(Section("notes", _label("notes"), [notes]))
    return sections


_INT = re.compile(r"^-?\d+$")


def _convert(f: Field, raw: str) -> Any:
    """Turn one answer into its JSON value; leave anything unreadable as given for the core
    to reject by name (never guess)."""
    if f.widget == "flag":
        return {"yes": True, "no": False}.get(raw, raw)
    if f.widget == "int":
        return int(raw) if _INT.match(raw) else raw
    if f.widget == "float":
        try:
            return float(raw)
        except ValueError:
            return raw
    if f.widget == "list":
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def _put(document: dict[str, Any], path: str, value: Any) -> None:
    parts = path.replace("]", "").replace("[", ".").split(".")
    node: Any = document
    for here, nxt in itertools.pairwise(parts):
        key: Any = int(here) if here.isdigit() else here
        if isinstance(node, list):
            while len(node) <= key:
                node.append({})
            node = node[key]
        else:
            node = node.setdefault(key, [] if nxt.isdigit() else {})
    last = parts[-1]
    if isinstance(node, list):
        while len(node) <= int(last):
            node.append({})
        node[int(last)] = value
    else:
        node[last] = value


def document_from(post: QueryDict, sections: list[Section]) -> dict[str, Any]:
    """The v1 document these answers describe; fills each field's value for a re-render."""
    document: dict[str, Any] = {"version": 1, **{name: {} for name in REQUIRED_SECTIONS}}
    for f in (f for s in sections for f in s.fields):
        if f.widget == "multi":
            f.value = post.getlist(f.name)
            if f.value:
                _put(document, f.name, list(f.value))
            continue
        f.value = post.get(f.name, "").strip()
        if f.value != "":
            _put(document, f.name, _convert(f, f.value))
    if "psfs" in document.get("outcomes", {}):
        document["outcomes"]["psfs"] = [row for row in document["outcomes"]["psfs"] if row]
    return document


def attach_errors(sections: list[Section], problems: list[str]) -> list[str]:
    """Put each problem on its field; return the ones that belong to no single field."""
    fields = {f.name: f for s in sections for f in s.fields}
    loose = []
    for line in problems:
        path, _, message = line.partition(": ")
        target = fields.get(path) or next(
            (f for name, f in fields.items() if name.startswith(path + ".")), None
        )
        if target is None:
            loose.append(line)
        else:
            target.errors.append(message)
    return loose
