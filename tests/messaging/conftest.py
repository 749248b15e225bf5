"""The clinic's named cast (tests/clinic/conftest.py) for the messages tests."""

from __future__ import annotations

from tests.clinic.conftest import World, assessment_doc, checkin_doc, world  # noqa: F401

EXERCISE = "pelvic-tilt"  # an exercise with a drawing and patient wording
TOPIC = "staying-active"
