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

from sciatica_pt.core import assessment as v1

FLAG_CHOICES = (("", "Not asked"), ("yes", "Yes"), ("no", "No"))
PSFS_ROWS = 3
SECTIONS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("patient", v1.Patient),
    ("history", v1.History),
    ("symptoms", v1.Symptoms),
    ("red_flags", v1.RedFlags),
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

    @property
    def html_id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("[", "-").replace("]", "")


@dataclass
class Section:
    name: str
    title: str
    fields: list[Field]


def _label(name: str) -> str:
    return name.replace("_", " ").replace("nrs", "(0-10)").capitalize()


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The inner type and whether None is allowed."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


def _widget(annotation: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    inner, _nullable = _unwrap(annotation)
    if typing.get_origin(inner) is typing.Annotated:
        inner = typing.get_args(inner)[0]
    if inner is bool:
        return "flag", FLAG_CHOICES
    if isinstance(inner, type) and issubclass(inner, StrEnum):
        return "choice", (("", "Not recorded"), *((m.value, _label(m.value)) for m in inner))
    if typing.get_origin(inner) is tuple:
        arg = typing.get_args(inner)[0]
        if isinstance(arg, type) and issubclass(arg, StrEnum):
            return "multi", tuple((m.value, _label(m.value)) for m in arg)
        return "list", ()
    if inner is int:
        return "int", ()
    if inner is float:
        return "float", ()
    return "text", ()


def _simple_fields(section: str, model: type[BaseModel]) -> list[Field]:
    out = []
    for name, info in model.model_fields.items():
        path = f"{section}.{name}"
        if path in _SPECIAL:
            out += _SPECIAL[path]()
            continue
        widget, choices = _widget(info.annotation)
        out.append(Field(path, _label(name), widget, choices, info.is_required()))
    return out


def _surgery() -> list[Field]:
    base = "history.prior_spinal_surgery"
    return [
        Field(f"{base}.procedure", "Prior spinal surgery: procedure (leave empty if none)", "text"),
        Field(f"{base}.weeks_ago", "Prior spinal surgery: weeks ago", "int"),
        Field(
            f"{base}.surgeon_clearance",
            "Prior spinal surgery: surgeon clearance",
            "flag",
            FLAG_CHOICES,
        ),
    ]


def _movements() -> list[Field]:
    choices = (("", "Not recorded"), *((r.value, _label(r.value)) for r in v1.Response))
    return [
        Field(
            f"exam.repeated_movements.{m.value}",
            f"Repeated {_label(m.value).lower()}",
            "choice",
            choices,
        )
        for m in v1.Movement
    ]


def _psfs() -> list[Field]:
    rows = []
    for i in range(PSFS_ROWS):
        rows.append(Field(f"outcomes.psfs[{i}].activity", f"PSFS activity {i + 1}", "text"))
        rows.append(
            Field(f"outcomes.psfs[{i}].score", f"PSFS activity {i + 1} score (0-10)", "int")
        )
    return rows


def _baseline() -> list[Field]:
    return [
        Field(f"outcomes.baseline.{name}", f"Baseline {_label(name).lower()}", widget)
        for name, widget in (
            ("leg_pain_nrs", "int"),
            ("back_pain_nrs", "int"),
            ("odi_percent", "int"),
            ("psfs_mean", "float"),
        )
    ]


_SPECIAL = {
    "history.prior_spinal_surgery": _surgery,
    "exam.repeated_movements": _movements,
    "outcomes.psfs": _psfs,
    "outcomes.baseline": _baseline,
}


def blank_sections() -> list[Section]:
    sections = [Section("notes", "Notes", [Field("notes", "Clinical notes", "text")])]
    for name, model in SECTIONS:
        sections.append(Section(name, _label(name), _simple_fields(name, model)))
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
