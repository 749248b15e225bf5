"""`sciatica-pt export fhir FILE` and `sciatica-pt import fhir BUNDLE`.

Thin: read the file, call the pure mapping in `sciatica_pt.interop`, print. The planning
engine (`sciatica_pt.core.engine.assess`) makes the plan the Bundle's CarePlan carries; the web
app calls `episode_bundle` the same way for a stored episode.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

import yaml

from sciatica_pt import knowledge
from sciatica_pt.commands.assess import parse_text, read_source
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.intake.assessment import Assessment, parse_assessment
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.planning.items import KnowledgeGap
from sciatica_pt.core.result import AssessmentResult


def read_document(name: str) -> Any:
    """A YAML or JSON document from a file, or stdin for `-`, read as strictly as `assess`
    reads it (no YAML 1.1 guessing of yes/no, no key given twice)."""
    return parse_text(*read_source(name))


def plan_for(assessment: Assessment, kb: KnowledgeBase) -> AssessmentResult:
    """The engine's result (screen, classify, plan); imported here so tests can stand it in."""
    from sciatica_pt.core.engine import assess

    result: AssessmentResult = assess(assessment, kb)
    return result


def export_fhir(name: str, patient_id: str, today: date) -> int:
    """The Patient's identifier is `patient_id` in the clinic's system (the environment
    variable SCIATICA_PT_PATIENT_ID_SYSTEM, or the demo default); every export gets new ids."""
    from sciatica_pt.interop.fhir_export import episode_bundle
    from sciatica_pt.interop.identity import patient_id_system

    try:
        system = patient_id_system()
        assessment = parse_assessment(read_document(name))
    except InvalidInput as exc:
        return _rejected(exc)
    kb = knowledge.load()
    try:
        result = plan_for(assessment, kb)
    except KnowledgeGap as exc:
        print(
            f"The knowledge base is incomplete (run `sciatica-pt kb check`): {exc}", file=sys.stderr
        )
        return 1
    try:
        bundle = episode_bundle(
            assessment, result, kb, patient_id=patient_id, today=today, identifier_system=system
        )
    except InvalidInput as exc:
        return _rejected(exc)
    print(json.dumps(bundle, indent=2, ensure_ascii=False))
    return 0


def import_fhir(name: str, output: str) -> int:
    from sciatica_pt.interop.fhir_import import assessment_from_bundle

    try:
        assessment = assessment_from_bundle(read_document(name))
    except InvalidInput as exc:
        return _rejected(exc)
    print(render_assessment(assessment, output), end="")
    return 0


def render_assessment(assessment: Assessment, output: str) -> str:
    """The assessment file; fields at their default (absent, not asked, empty) are left out,
    which the spec reads exactly as the default."""
    data = assessment.model_dump(mode="json", exclude_defaults=True)
    data = {"version": 1, **data}
    if output == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


class _Dumper(yaml.SafeDumper):
    """Multi-line text (the notes) as a `|` block, as a clinician would write it; PyYAML
    falls back to a quoted style by itself when a block cannot hold the text exactly."""


# Characters YAML reads as line breaks. With allow_unicode PyYAML writes them raw inside plain
# or single-quoted scalars, and they come back as a folded space: force escaped double quotes.
_YAML_BREAKS = frozenset("\r\x85\u2028\u2029")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _YAML_BREAKS.intersection(value):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _rejected(exc: InvalidInput) -> int:
    for line in exc.problems:
        print(line, file=sys.stderr)
    return 2
