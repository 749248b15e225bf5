"""Who the patient is to the outside world: the clinic's own identifier system.

A receiving system matches a patient by `Patient.identifier` (system + value), never by the
Bundle's `urn:uuid` full URLs, which are new for every export. The system is a URI the clinic
owns and configures with the environment variable `SCIATICA_PT_PATIENT_ID_SYSTEM` (for example
`https://fhir.my-clinic.example/sid/patient-id`); the demo default below is under
`example.org`, a domain reserved for examples, so it can never be taken for a real clinic's.
The same system, with the patient's id, also keeps calendar UIDs apart across clinics.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from sciatica_pt.core.errors import InvalidInput

ENV = "SCIATICA_PT_PATIENT_ID_SYSTEM"
DEMO_PATIENT_ID_SYSTEM = "https://demo-clinic.example.org/fhir/sid/patient-id"


def require_system(value: object, field: str) -> str:
    """An absolute URI (`https://...`, `urn:...`) for an identifier system, or InvalidInput."""
    text = value if isinstance(value, str) else ""
    parts = urlsplit(text)
    absolute = parts.scheme and (parts.netloc if parts.scheme in ("http", "https") else parts.path)
    if not absolute or text != text.strip() or any(c.isspace() for c in text):
        raise InvalidInput([f"{field}: {value!r} is not an absolute URI (https://... or urn:...)"])
    return text


def patient_id_system(environ: Mapping[str, str] = os.environ) -> str:
    """The clinic's configured system, or the demo default when none is set."""
    configured = environ.get(ENV, "")
    return require_system(configured, ENV) if configured else DEMO_PATIENT_ID_SYSTEM


def patient_key(system: str, patient_id: str) -> str:
    """One text naming the patient across clinics (for calendar UIDs)."""
    return f"{system}|{patient_id}"
