"""Structural validation of Bundles with `fhir.resources.R4B` (types, cardinality, unknown
elements; not terminology or invariants, which that library does not check)."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from sciatica_pt.core.errors import InvalidInput, field_path

Json = dict[str, Any]


def bundle_problems(bundle: object) -> list[str]:
    """One line per structural problem, naming the entry, its resource type and the element."""
    if not isinstance(bundle, dict):
        return ["bundle: is not a JSON object"]
    if bundle.get("resourceType") != "Bundle":
        return [f"bundle.resourceType: {bundle.get('resourceType')!r} is not 'Bundle'"]
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        return sorted(dict.fromkeys(_line(bundle, e["loc"], e["msg"]) for e in exc.errors()))
    return []


def _line(bundle: Json, loc: tuple[int | str, ...], message: str) -> str:
    path = field_path(loc, "bundle")
    if len(loc) > 2 and loc[0] == "entry" and isinstance(loc[1], int):
        kind = _resource_type(bundle, loc[1])
        rest = path.split(f"entry[{loc[1]}]", 1)[1].removeprefix(".resource")
        path = f"bundle.entry[{loc[1]}] ({kind}){rest}"
    return f"{path}: {message}"


def _resource_type(bundle: Json, index: int) -> str:
    entries = bundle.get("entry")
    if isinstance(entries, list) and index < len(entries) and isinstance(entries[index], dict):
        resource = entries[index].get("resource")
        if isinstance(resource, dict):
            return str(resource.get("resourceType", "no resourceType"))
    return "no resource"


def validated_bundle(bundle: Json) -> Json:
    """The Bundle as fhir.resources writes it; raises InvalidInput if any resource is invalid."""
    problems = bundle_problems(bundle)
    if problems:
        raise InvalidInput(problems)
    data: Json = Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)
    return data
