"""The human-readable `text` every exported resource carries (FHIR R4 narrative, dom-6).

A narrative is generated from the resource's own data (status `generated`): a heading and,
where it helps, a list. Every piece of text is escaped, so a patient's words ("<b>", "&") stay
text; the div is XHTML in the XHTML namespace, using only `div`, `p`, `ul` and `li`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from sciatica_pt.interop.fhir_codes import DATA_ABSENT, EMPTY_TEXT_EXT, Json, codes_in

XHTML = "http://www.w3.org/1999/xhtml"
# Characters XML 1.0 cannot hold at all, not even as references (C0 controls but tab, line
# feed and carriage return; lone surrogates; U+FFFE, U+FFFF). Text saved before the app refused
# them still gets a well-formed narrative: each shows as U+FFFD, the replacement character.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` escaped for XHTML, a carriage return as a reference (an XML reader turns a raw
    one into a line feed), so a reader gets the same characters back."""
    return escape(NOT_XML.sub("\ufffd", text)).replace("\r", "&#13;")


def narrative(heading: str, lines: Iterable[str] = ()) -> Json:
    items = "".join(f"<li>{xml_text(line)}</li>" for line in lines)
    body = f"<p>{xml_text(heading)}</p>" + (f"<ul>{items}</ul>" if items else "")
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'}


def value_words(element: Json) -> str:
    """What an Observation or component written by `fhir_fields.encode` says, in words."""
    if "valueBoolean" in element:
        return "yes" if element["valueBoolean"] else "no"
    if "valueInteger" in element:
        return str(element["valueInteger"])
    if "valueString" in element:
        return str(element["valueString"])
    if "valueQuantity" in element:
        quantity = element["valueQuantity"]
        return f"{quantity['value']} {quantity.get('unit', '')}".strip()
    if "valueCodeableConcept" in element:
        concept = element["valueCodeableConcept"]
        return str(concept.get("text") or concept["coding"][0]["code"]).replace("_", " ")
    if "not-asked" in codes_in(element.get("dataAbsentReason"), DATA_ABSENT):
        return "not asked"
    if any(e.get("url") == EMPTY_TEXT_EXT for e in element.get("extension", [])):
        return "(left empty)"
    return "no value"


def observation_narrative(resource: Json) -> Json:
    """The Observation's name and value, or one line per component of a panel."""
    name = resource["code"].get("text", "Observation")
    parts = resource.get("component", [])
    lines = [f"{c['code'].get('text', '')}: {value_words(c)}" for c in parts]
    has_value = any(k.startswith("value") or k == "dataAbsentReason" for k in resource)
    return narrative(f"{name}: {value_words(resource)}" if has_value else name, lines)
