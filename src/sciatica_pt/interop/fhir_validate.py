"""Structural validation of Bundles with `fhir.resources.R4B` (types, cardinality, unknown
elements; not terminology or invariants, which that library does not check). The Bundles are
R4 (4.0.1); R4B's models have the same shape for every element the export writes, and the
tests also check each example against the R4 JSON schema and invariants (docs/interop.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
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
    problems = list(_entry_problems(bundle.get("entry")))
    if problems:
        return problems
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        return sorted(dict.fromkeys(_line(bundle, e["loc"], e["msg"]) for e in exc.errors()))
    except (TypeError, KeyError, AttributeError) as exc:  # fhir.resources on odd shapes
        return [f"bundle: is not a valid FHIR Bundle ({type(exc).__name__}: {exc})"]
    return []


def _entry_problems(entries: object) -> Iterator[str]:
    """What fhir.resources would trip over rather than report: entries and resource types."""
    if entries is None:
        return
    if not isinstance(entries, list):
        yield "bundle.entry: is not a list"
        return
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(entry, dict):
            yield f"bundle.entry[{index}]: is not a JSON object"
        elif resource is not None and not _known_type(resource):
            yield f"bundle.entry[{index}].resource: has no known FHIR R4 resourceType"


def _known_type(resource: object) -> bool:
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        return False
    try:
        get_fhir_model_class(resource["resourceType"])
    except (KeyError, ValueError, ImportError, AttributeError):
        return False
    return True


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
