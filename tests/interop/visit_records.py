"""Plain visit records for the export's tests: one of each state a visit can be in."""

from __future__ import annotations

import datetime as dt

from sciatica_pt.interop.fhir_visits import AppliedTechnique, NoteRecord, Staff, VisitRecord

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
TESS = Staff("7", "Tess Therapist", ("Sciatica", "Manual therapy"))
THEO = Staff("8", "Theo Therapist")
HOUR = dt.timedelta(hours=1)


def note(**text: str) -> NoteRecord:
    parts = {"subjective": "", "objective": "", "assessment": "", "plan": "", **text}
    return NoteRecord(
        **parts,
        updated=NOW - HOUR,
        author=TESS,
        techniques=(
            AppliedTechnique("lumbar-joint-mobilization", "Lumbar joint mobilization"),
            AppliedTechnique(
                "lumbar-traction",
                "Lumbar traction",
                reason="Patient asked; explained the evidence <first>.",
                concern="Lumbar traction is not recommended by the guidelines",
            ),
        ),
    )


def visit(key: str, start: dt.datetime, **fields: object) -> VisitRecord:
    values: dict[str, object] = {
        "kind": "follow_up",
        "kind_name": "Follow-up",
        "end": start + dt.timedelta(minutes=30),
        "online": False,
        "cancelled": False,
        "therapist": TESS,
        "booked": NOW - dt.timedelta(days=10),
        "time_zone": "Europe/Copenhagen",
        **fields,
    }
    return VisitRecord(key=key, start=start, **values)  # type: ignore[arg-type]


def every_kind_of_visit() -> list[VisitRecord]:
    """A seen visit (note), a seen online one happening now, a past visit with no note, a
    cancelled one, a future first assessment with another therapist."""
    seen = note(
        subjective="Leg pain easing.\r\nSleeps better & walks 20 min <daily>.",
        objective="SLR 60°, negative slump.",
        assessment="Improving; centralising with extension.",
        plan="Continue the home program.\n\nReview in 2 weeks.",
    )
    online = note(subjective="Talked through flare-up plan.")
    return [
        visit("1", NOW - 3 * 24 * HOUR, note=seen),
        visit(
            "2",
            NOW - dt.timedelta(minutes=10),
            kind="online_follow_up",
            kind_name="Online follow-up",
            online=True,
            note=online,
        ),
        visit("3", NOW - 2 * 24 * HOUR),
        visit("4", NOW + 24 * HOUR, cancelled=True),
        visit(
            "5",
            NOW + 48 * HOUR,
            kind="first",
            kind_name="First assessment",
            end=NOW + 49 * HOUR,
            therapist=THEO,
        ),
    ]
