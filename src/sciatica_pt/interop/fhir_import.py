"""An assessment file rebuilt from a Bundle written by `fhir_export`.

The Bundle is first validated structurally (fhir.resources.R4B), then every Observation and
component carrying an assessment field code gives one field (`fhir_fields`), the sciatica
Condition gives the notes and the PSFS QuestionnaireResponse gives `outcomes.psfs`. The result
goes through `parse_assessment`, so a bundle is held to exactly the rules a file is; every
problem names the entry, its resource type and the element.
"""

from __future__ import annotations

from typing import Any

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.intake.assessment import Assessment, parse_assessment
from sciatica_pt.interop.fhir_codes import (
    EMPTY_TEXT_EXT,
    PSFS_QUESTIONNAIRE,
    SCIATICA_SNOMED,
    SNOMED,
    Json,
    codes_in,
)
from sciatica_pt.interop.fhir_fields import Leaf, NoValue, decode, field_of, unflatten
from sciatica_pt.interop.fhir_validate import bundle_problems


class Reader:
    """Collects fields and problems while walking the entries."""

    def __init__(self) -> None:
        self.leaves: list[Leaf] = []
        self.where: dict[str, str] = {}  # field path -> where it was read
        self.problems: list[str] = []
        self.notes: str | None = None
        self.psfs: list[Json] | None = None

    def leaf(self, element: Json, where: str) -> None:
        try:
            path = field_of(element)
            if path is not None:
                self.leaves.append((path, decode(element)))
                self.where[path] = where
        except NoValue as exc:
            self.problems.append(f"{where}: {exc}")


def assessment_from_bundle(bundle: object) -> Assessment:
    """The assessment the Bundle carries; raises InvalidInput naming each problem."""
    problems = bundle_problems(bundle)
    if problems:
        raise InvalidInput(problems)
    assert isinstance(bundle, dict)  # bundle_problems rejects anything else
    reader = Reader()
    for index, entry in enumerate(bundle.get("entry") or []):
        _read_entry(reader, entry.get("resource") or {}, f"bundle.entry[{index}]")
    data = _assemble(reader)
    if reader.problems:
        raise InvalidInput(reader.problems)
    try:
        return parse_assessment(data)
    except InvalidInput as exc:
        raise InvalidInput([_locate(line, reader.where) for line in exc.problems]) from None


def _read_entry(reader: Reader, resource: Json, where: str) -> None:
    kind = resource.get("resourceType")
    where = f"{where} ({kind})"
    if kind == "Observation":
        reader.leaf(resource, where)
        for j, part in enumerate(resource.get("component") or []):
            reader.leaf(part, f"{where}.component[{j}]")
    elif kind == "Condition" and SCIATICA_SNOMED in codes_in(resource.get("code"), SNOMED):
        _read_notes(reader, resource, where)
    elif kind == "QuestionnaireResponse" and _is_psfs(resource.get("questionnaire")):
        _read_psfs(reader, resource, where)


def _is_psfs(canonical: object) -> bool:
    """The PSFS questionnaire, any version (`urn:sciatica-pt:questionnaire:psfs|3`)."""
    return isinstance(canonical, str) and canonical.split("|", 1)[0] == PSFS_QUESTIONNAIRE


def _read_notes(reader: Reader, condition: Json, where: str) -> None:
    notes = [n.get("text") for n in condition.get("note") or []]
    empty = any(e.get("url") == EMPTY_TEXT_EXT for e in condition.get("extension") or [])
    if len(notes) > 1 or (notes and empty) or reader.notes is not None:
        reader.problems.append(f"{where}.note: the notes are given more than once")
    elif notes:
        reader.notes = notes[0]
    elif empty:
        reader.notes = ""


def _read_psfs(reader: Reader, response: Json, where: str) -> None:
    if reader.psfs is not None:
        reader.problems.append(f"{where}: a second PSFS QuestionnaireResponse")
        return
    reader.psfs = []
    for i, item in enumerate(response.get("item") or []):
        answers = item.get("answer") or []
        if len(answers) != 1 or "valueInteger" not in answers[0] or not item.get("text"):
            reader.problems.append(
                f"{where}.item[{i}]: a PSFS item needs the activity as text and one valueInteger"
            )
            continue
        reader.psfs.append({"activity": item["text"], "score": answers[0]["valueInteger"]})
        reader.where[f"outcomes.psfs[{len(reader.psfs) - 1}]"] = f"{where}.item[{i}]"


def _assemble(reader: Reader) -> dict[str, Any]:
    try:
        data: dict[str, Any] = unflatten(reader.leaves)
    except NoValue as exc:
        reader.problems.append(f"bundle: {exc}")
        return {}
    data["version"] = 1
    if reader.notes is not None:
        data["notes"] = reader.notes
    if reader.psfs:
        data.setdefault("outcomes", {})["psfs"] = reader.psfs
    return data


def _locate(line: str, where: dict[str, str]) -> str:
    """Prefix a file-path problem with the resource it came from (or say none carried it)."""
    path = line.split(":", 1)[0]
    for candidate in sorted(where, key=len, reverse=True):
        if path == candidate or path.startswith((candidate + ".", candidate + "[")):
            return f"{where[candidate]}: {line}"
    return f"bundle (no Observation carries this field): {line}"
