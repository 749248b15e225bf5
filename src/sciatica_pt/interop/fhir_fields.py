"""Assessment fields as FHIR values, and back: the lossless part of the mapping.

Every field of the assessment file travels as a "leaf": its path in the file (the code, in the
project system `FIELD`) and its value. A leaf is an Observation's own value or one of its
components, so one encoding serves the pain ratings, the SLR, the repeated movements and the
panels that hold what FHIR has no natural home for (red flags, precautions, context...).

- `null` ("not asked") -> dataAbsentReason `not-asked`, never a false.
- true/false -> valueBoolean; whole numbers -> valueInteger; the PSFS baseline mean ->
  valueQuantity; angles -> valueQuantity in UCUM `deg`; vocabulary words ->
  valueCodeableConcept (`VALUE`);
  free words -> valueString; "" -> the extension `EMPTY_TEXT_EXT` (FHIR strings cannot be empty).
- a list element's path carries its index (`history.medications[0]`), so order is kept.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sciatica_pt.core.words import name_of
from sciatica_pt.interop.fhir_codes import (
    DATA_ABSENT,
    EMPTY_TEXT_EXT,
    FIELD,
    UCUM,
    VALUE,
    Json,
    codes_in,
    coding,
    concept,
    field_concept,
    not_asked,
)

Leaf = tuple[str, Any]
_SEGMENT = re.compile(r"^([a-z_0-9]+)(?:\[(\d+)\])?$")
DEGREE_FIELDS = frozenset({"exam.slr_angle_deg"})


def flatten(prefix: str, value: Any) -> list[Leaf]:
    """The leaves under `prefix`, from a `model_dump()` of an assessment section."""
    if isinstance(value, dict):
        return [leaf for key, sub in value.items() for leaf in flatten(f"{prefix}.{key}", sub)]
    if isinstance(value, list | tuple):
        return [leaf for i, sub in enumerate(value) for leaf in flatten(f"{prefix}[{i}]", sub)]
    return [(prefix, value)]


def encode(path: str, value: Any) -> Json:
    """The value[x] (or its stand-in) of one leaf."""
    if value is None:
        return {"dataAbsentReason": not_asked()}
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int) and path in DEGREE_FIELDS:
        return {"valueQuantity": {"value": value, "unit": "deg", "system": UCUM, "code": "deg"}}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueQuantity": {"value": value}}
    if isinstance(value, StrEnum):
        words = name_of(value)  # the code is what the import reads; people read the words
        return {"valueCodeableConcept": concept(coding(VALUE, value.value, words), text=words)}
    if value == "":
        return {"extension": [{"url": EMPTY_TEXT_EXT, "valueBoolean": True}]}
    return {"valueString": str(value)}


def component(path: str, value: Any) -> Json:
    return {"code": field_concept(path), **encode(path, value)}


class NoValue(ValueError):
    """A leaf that carries none of the values the export writes."""


def decode(element: Json) -> Any:
    """The assessment value of an Observation or component written by `encode`. A value
    given as JSON null counts as absent (FHIR's JSON has no nulls): it is never read as "not
    asked" unless the element says so with its dataAbsentReason."""
    for key in ("valueBoolean", "valueInteger", "valueString"):
        if element.get(key) is not None:
            return element[key]
    if element.get("valueCodeableConcept") is not None:
        return _single(codes_in(element["valueCodeableConcept"], VALUE), "a value code")
    if element.get("valueQuantity") is not None:
        return _quantity(element["valueQuantity"])
    if "not-asked" in codes_in(element.get("dataAbsentReason"), DATA_ABSENT):
        return None
    extensions = element.get("extension") or []
    if any(isinstance(e, dict) and e.get("url") == EMPTY_TEXT_EXT for e in extensions):
        return ""
    raise NoValue("has no value, no dataAbsentReason not-asked and no empty-text extension")


def _single(codes: list[str], what: str) -> str:
    if len(codes) != 1:
        raise NoValue(f"needs exactly one {what}, found {len(codes)}")
    return codes[0]


def _quantity(quantity: Json) -> int | float:
    if not isinstance(quantity, dict):
        raise NoValue("valueQuantity is not a Quantity")
    number = quantity.get("value")
    if isinstance(number, bool) or not isinstance(number, int | float | Decimal):
        raise NoValue("valueQuantity has no number in value")
    value = Decimal(str(number))
    if quantity.get("code") == "deg":
        if value != value.to_integral_value():
            raise NoValue(f"angle {value} is not a whole number of degrees")
        return int(value)
    return float(value)


def field_of(element: Json) -> str | None:
    """The assessment path an Observation or component carries, if any."""
    codes = codes_in(element.get("code"), FIELD)
    return _single(codes, "field code") if codes else None


def unflatten(leaves: list[Leaf]) -> Json:
    """Rebuild the nested assessment mapping; a path given twice is an error."""
    root: Json = {}
    for path, value in leaves:
        _place(root, path.split("."), value, path)
    rebuilt: Json = _lists(root)
    return rebuilt


def _place(node: Json, parts: list[str], value: Any, path: str) -> None:
    for depth, part in enumerate(parts):
        match = _SEGMENT.match(part)
        if match is None:
            raise NoValue(f"field code {path!r} is not an assessment path")
        key, index = match.group(1), match.group(2)
        last = depth == len(parts) - 1
        if index is not None:
            node = node.setdefault(key, {"__list__": True})
            key = index
        if not isinstance(node, dict):
            raise NoValue(f"field {path!r} conflicts with another field")
        if last:
            if key in node:
                raise NoValue(f"field {path!r} is given twice")
            node[key] = value
        else:
            node = node.setdefault(key, {})


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node.pop("__list__", False):
        return [_lists(node[k]) for k in sorted(node, key=int)]
    return {k: _lists(v) for k, v in node.items()}
