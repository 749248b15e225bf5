"""A second, independent FHIR R4 check of a Bundle, for the tests (fhir.resources is the first).

1. The official R4 JSON schema (`r4/fhir.schema.json.gz`, HL7's `fhir.schema.json`, id
   `http://hl7.org/fhir/json-schema/4.0`), checked with jsonschema-rs: every entry against the
   schema of its resource type, then the whole Bundle.
2. Every invariant of the R4 (4.0.1) StructureDefinitions (`r4/invariants.json`) evaluated with
   fhirpathpy at each element it applies to, following data types into their own invariants
   (a Reference's ref-1, a Quantity's qty-3, a Narrative's txt-1...). fhirpathpy lacks two
   functions the invariants use; they are given here: `hasValue()` (ele-1) and `htmlChecks()`
   (txt-1, txt-2: the div parses as XML, is a div in the XHTML namespace, holds only basic
   formatting elements and attributes (below), and has some text).

Provenance and licences: tests/interop/r4/README.md.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema_rs
from fhirpathpy import compile as fhirpath_compile
from fhirpathpy.models import models

HERE = Path(__file__).parent / "r4"
XHTML = "http://www.w3.org/1999/xhtml"
MODEL = models["r4"]
MAX_DEPTH = 6  # data types inside data types (Extension holds Extension...)

# R4 narratives (narrative.html#xhtml) hold basic formatting XHTML only: no head or body, no
# scripts, forms, styles sheets, base/link, frames, iframes, objects or event attributes. These
# lists are a conservative reading of that rule: the elements...
_ELEMENTS = (
    "a abbr acronym b big blockquote br caption cite code col colgroup dd dfn div dl dt em "
    "h1 h2 h3 h4 h5 h6 hr i img li ol p pre q samp small span strong sub sup table tbody td "
    "tfoot th thead tr tt ul var"
)
ALLOWED_ELEMENTS = frozenset(_ELEMENTS.split())
# ...with these attributes (no event handlers such as onclick, no style sheets or scripts).
_ATTRIBUTES = (
    "abbr accesskey align alt axis bgcolor border cellhalign cellpadding cellspacing cellvalign "
    "char charoff charset cite class colspan compact coords dir frame headers height href "
    "hreflang hspace id lang longdesc name nowrap rel rev rowspan rules scope shape span src "
    "start style summary tabindex title type valign value vspace width"
)
ALLOWED_ATTRIBUTES = frozenset(_ATTRIBUTES.split())


@cache
def _schema() -> dict[str, Any]:
    with gzip.open(HERE / "fhir.schema.json.gz") as f:
        found: dict[str, Any] = json.load(f)
    return found


@cache
def _validator(resource_type: str | None) -> Any:
    schema = _schema()
    if resource_type is None:
        return jsonschema_rs.Draft6Validator(schema)
    one = {"$schema": schema["$schema"], "definitions": schema["definitions"]}
    return jsonschema_rs.Draft6Validator({**one, "$ref": f"#/definitions/{resource_type}"})


def schema_errors(bundle: dict[str, Any]) -> list[str]:
    """Errors of the official R4 JSON schema, each naming the entry and the element."""
    errors = []
    for index, entry in enumerate(bundle.get("entry", [])):
        resource = entry["resource"]
        kind = resource["resourceType"]
        if kind not in _schema()["definitions"]:
            errors.append(f"entry[{index}]: {kind} is not an R4 resource type")
            continue
        for error in _validator(kind).iter_errors(resource):
            where = "/".join(str(p) for p in error.instance_path)
            errors.append(f"entry[{index}] ({kind}) /{where}: {error.message}")
    if not errors:
        errors += [f"bundle: {e.message}" for e in _validator(None).iter_errors(bundle)]
    return errors


@cache
def _definitions() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((HERE / "invariants.json").read_text())["types"]
    return found


def _has_value(inputs: list[Any]) -> list[bool]:
    return [len(inputs) == 1 and not isinstance(inputs[0], dict | list)]


def xhtml_problems(div: Any) -> list[str]:
    """Why a narrative div breaks the R4 rules (txt-1, txt-2), or nothing."""
    if not isinstance(div, str):
        return ["div is not a string"]
    try:
        root = ElementTree.fromstring(div)
    except ElementTree.ParseError as exc:
        return [f"div is not well-formed XML: {exc}"]
    problems = []
    if root.tag != f"{{{XHTML}}}div":
        problems.append(f"the root is {root.tag}, not a div in the XHTML namespace")
    for node in root.iter():
        namespace, _, name = node.tag.rpartition("}")
        if namespace != "{" + XHTML or name not in ALLOWED_ELEMENTS:
            problems.append(f"element {node.tag} is not allowed in a narrative")
        for attribute in node.attrib:
            if attribute.startswith("{") or attribute not in ALLOWED_ATTRIBUTES:
                problems.append(f"attribute {attribute} on {name} is not allowed")
    if not "".join(root.itertext()).strip():
        problems.append("the narrative has no text")
    return problems


def _html_checks(inputs: list[Any]) -> list[bool]:
    return [all(not xhtml_problems(div) for div in inputs)]


OPTIONS = {
    "userInvocationTable": {
        "hasValue": {"fn": _has_value, "arity": {0: []}},
        "htmlChecks": {"fn": _html_checks, "arity": {0: []}},
        "trace": {"fn": lambda inputs, *_: inputs, "arity": {1: ["String"], 2: ["String", "Expr"]}},
    }
}


@cache
def _compiled(expression: str) -> Any:
    return fhirpath_compile(expression, MODEL, OPTIONS)


def _run(expression: str, resource: dict[str, Any], context: dict[str, Any]) -> list[Any]:
    try:
        found: list[Any] = _compiled(expression)(resource, context)
    except Exception as exc:  # fhirpathpy raises bare Exceptions: say which expression
        raise AssertionError(f"{resource['resourceType']}: {expression}: {exc}") from exc
    return found


KEYWORDS = frozenset(
    ["and", "as", "contains", "div", "false", "implies", "in", "is", "mod", "or", "true", "xor"]
)


def _fhirpath(path: str) -> str:
    """A snapshot path as FHIRPath: `Observation.value[x]` -> `Observation.value`, and a name
    that is an operator quoted (`Narrative.div` -> ``Narrative.`div` ``)."""
    parts = re.sub(r"\[x\]", "", path).split(".")
    return ".".join(f"`{p}`" if p in KEYWORDS else p for p in parts)


def _checks(kind: str, at: str, depth: int) -> list[tuple[str, list[Any]]]:
    """(FHIRPath to the nodes, constraint) for type `kind` placed at path `at`."""
    definition = _definitions().get(kind)
    if definition is None or depth > MAX_DEPTH:
        return []
    found = []
    for path, *constraint in definition["constraints"]:
        found.append((_fhirpath(at + path[len(kind) :]), constraint))
    return found


def _children(kind: str, at: str) -> list[tuple[str, str]]:
    """(path, data type) of the complex-typed elements of `kind` placed at `at`."""
    definition = _definitions().get(kind)
    if definition is None:
        return []
    found = []
    for path, types in definition["elements"].items():
        if path == kind:
            continue
        where = _fhirpath(at + path[len(kind) :])
        for t in types:
            if t in _definitions() and t not in ("Element", "BackboneElement"):
                found.append((f"{where}.ofType({t})" if len(types) > 1 else where, t))
    return found


def invariant_problems(resource: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(errors, warnings): every invariant that fails on the resource, with the path."""
    errors: list[str] = []
    warnings: list[str] = []
    context = {"resource": resource, "rootResource": resource}
    kind = resource["resourceType"]
    if kind not in _definitions():  # a type the export newly writes: refresh invariants.json
        return [f"{kind}: no R4 invariants on file (tests/interop/r4/README.md)"], []
    todo = [(kind, kind, 0)]
    while todo:
        type_name, at, depth = todo.pop()
        for path, (key, severity, human, expression) in _checks(type_name, at, depth):
            failed = _run(f"{path}.where(({expression}).not())", resource, context)
            if failed:
                line = f"{kind} {path}: {key} {human} ({len(failed)} node(s))"
                (errors if severity == "error" else warnings).append(line)
        for path, child in _children(type_name, at):
            if _run(f"{path}.exists()", resource, context) == [True]:
                todo.append((child, path, depth + 1))
    return sorted(set(errors)), sorted(set(warnings))


def r4_problems(bundle: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(errors, warnings) of the Bundle: the JSON schema, the Bundle's and each resource's
    invariants, and each narrative's XHTML."""
    errors = schema_errors(bundle)
    warnings: list[str] = []
    for resource in [bundle, *(e["resource"] for e in bundle.get("entry", []))]:
        more_errors, more_warnings = invariant_problems(resource)
        errors += more_errors
        warnings += more_warnings
    return errors, warnings
