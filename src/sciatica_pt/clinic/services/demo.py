"""Demo data, built through the same services and core as real data. Idempotent: a second
run finds the demo clinic and changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from sciatica_pt.clinic.models import Clinic, Membership, Patient, Role
from sciatica_pt.clinic.services import (
    assessments,
    checkins,
    followup,
    outcomes,
    patients,
    programs,
    questionnaires,
)
from sciatica_pt.core.intake.assessment import RedFlags

CLINIC = "Riverside Physiotherapy (demo)"
PASSWORD = "demo-sciatica-2026"
WEEKS = 4


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str


def _doc(age: int, weeks: int, leg: int, **sections: dict[str, Any]) -> dict[str, Any]:
    flags: dict[str, Any] = dict.fromkeys(RedFlags.model_fields, False)  # every one asked
    flags.update(sections.pop("red_flags", {}))
    return {
        "version": 1,
        "patient": {"age": age, "sex": sections.pop("sex", "female")},
        "history": {"duration_weeks": weeks, "onset": "lifting"},
        "symptoms": {
            "back_pain_nrs": max(leg - 2, 0),
            "leg_pain_nrs": leg,
            "side": "right",
            "pain_below_knee": True,
        },
        "red_flags": flags,
        "exam": sections.pop(
            "exam",
            {
                "repeated_movements": {"extension_in_lying": "centralizes"},
                "irritability": "moderate",
            },
        ),
        "psychosocial": {"start_back_total": 3, "start_back_distress": 1},
        "context": {"minutes_per_day": 20, "equipment": ["resistance_band"]},
        **sections,
    }


# (name, login, therapist index, assessment, check-in pattern)
PATIENTS: tuple[tuple[str, str, int, dict[str, Any], str], ...] = (
    ("Alex Morgan", "alex", 0, _doc(34, 3, 6), "improving"),
    ("Bea Lindqvist", "bea", 0, _doc(52, 10, 5), "steady"),
    ("Chen Wei", "chen", 0, _doc(41, 2, 7, red_flags={"saddle_anesthesia": True}), "none"),
    (
        "Dara Okafor",
        "dara",
        1,
        _doc(
            67, 14, 4, red_flags={"corticosteroid_use": True}, precautions={"osteoporosis": False}
        ),
        "steady",
    ),
    ("Eli Novak", "eli", 1, _doc(29, 5, 8), "peripheralizing"),
    ("Farah Haddad", "farah", 1, _doc(45, 20, 5), "stopped"),
    ("Gus Pereira", "gus", 0, _doc(38, 6, 6, red_flags={"fever": None}), "flare"),
    ("Hana Sato", "hana", 1, _doc(58, 30, 3), "improving"),
    ("Ivo Marek", "ivo", 0, _doc(47, 4, 7, red_flags={"unexplained_weight_loss": True}), "none"),
)


def _user(username: str, first: str = "", last: str = "") -> Any:
    return get_user_model().objects.create_user(
        username, password=PASSWORD, first_name=first, last_name=last
    )


def _pattern(kind: str, day: int) -> dict[str, Any]:
    leg = {"improving": max(7 - day // 4, 1), "steady": 4, "peripheralizing": 6, "flare": 5}.get(
        kind, 5
    )
    return {
        "back_pain_nrs": max(leg - 1, 0),
        "leg_pain_nrs": leg,
        "pain_during": "same",
        "next_morning": "better" if kind == "improving" else "same",
        "leg_symptoms": "peripheralized"
        if kind == "peripheralizing" and day == 20
        else "centralized"
        if kind == "improving"
        else "same",
        "new_numbness": False,
        "new_weakness": False,
        "both_legs": False,
        "saddle_numbness": False,
        "bladder_bowel_change": False,
        "sexual_change": False,
        "flare": kind == "flare" and day == 24,
    }


def _history(patient: Patient, kind: str, today: dt.date, therapist: Any) -> None:
    if kind == "none":
        return
    days = WEEKS * 7 - (12 if kind == "stopped" else 0)
    start = today - dt.timedelta(days=WEEKS * 7)
    for n in range(0, days, 2 if kind == "steady" else 1):
        day = start + dt.timedelta(days=n)
        # Reviewed as of its own day, as if the patient had logged it then; the exercises of the
        # program as it stands that day are logged as done, with a missed day now and then.
        done = [] if n % 5 == 4 else sorted(followup.item_ids(programs.current_program(patient)))
        entry = {"day": day.isoformat(), "items_done": done, **_pattern(kind, n)}
        checkins.log(None, patient.user, entry, day)
    for week in (0, 2, 4):
        day = start + dt.timedelta(days=week * 7)
        leg = 7 - week if kind == "improving" else 5
        outcomes.record(None, therapist, patient, "leg_pain_nrs", leg, day)
        outcomes.record(
            None,
            therapist,
            patient,
            "odi_percent",
            40 - (week * 5 if kind == "improving" else 0),
            day,
        )


@transaction.atomic
def load(today: dt.date) -> list[Login]:
    if not Clinic.objects.filter(name=CLINIC).exists():
        _build(today)
    return logins()


def logins() -> list[Login]:
    staff = Membership.objects.filter(clinic__name=CLINIC).select_related("user").order_by("pk")
    rows = [Login(m.role, m.user.username, PASSWORD) for m in staff]
    users = Patient.objects.filter(clinic__name=CLINIC, user__isnull=False).order_by("pk")
    return rows + [
        Login("patient", p.user.username, PASSWORD) for p in users.select_related("user")
    ]


def _build(today: dt.date) -> None:
    clinic = Clinic.objects.create(name=CLINIC)
    Membership.objects.create(user=_user("admin", "Ada", "Admin"), clinic=clinic, role=Role.ADMIN)
    therapists = [
        Membership.objects.create(user=_user(u, f, "Physio"), clinic=clinic, role=Role.THERAPIST)
        for u, f in (("therapist", "Tess"), ("therapist2", "Theo"))
    ]
    for name, login, index, document, kind in PATIENTS:
        staff = therapists[index]
        patient = patients.create(None, staff.user, name, login, PASSWORD, staff.pk)
        assessments.record(
            None, staff.user, patient, document, today - dt.timedelta(days=WEEKS * 7)
        )
        _history(patient, kind, today, staff.user)
        if kind != "none" and programs.current_program(patient) is not None:
            usual = [c.model_dump(mode="json") for c in questionnaires.CLINIC_DEFAULTS]
            questionnaires.save_schedule(None, staff.user, patient, usual, False, today)
