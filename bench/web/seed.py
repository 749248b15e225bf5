"""Bulk data for the web benchmark: one clinic with 2,000 patients and 200,000 check-ins,
a patient with a real program (built through the services), and API tokens.

Run inside the benchmark's data dir: `python bench/web/seed.py OUT.json`."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciatica_pt.clinic.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from sciatica_pt.clinic.api.auth import issue_token  # noqa: E402
from sciatica_pt.clinic.models import Alert, CheckIn, Clinic, Membership, Patient, Role  # noqa: E402
from sciatica_pt.clinic.services import assessments  # noqa: E402
from sciatica_pt.core.intake.assessment import RedFlags  # noqa: E402

# A smoke run (run.py --smoke) seeds a small clinic: it shows that everything runs.
SMALL = os.environ.get("SCIATICA_PT_BENCH_SMALL") == "1"
PATIENTS, CHECKINS_EACH = (50, 10) if SMALL else (2_000, 100)
PASSWORD = "bench-password-2026"
TODAY = dt.date.today()  # the server reads the same clock: "stopped logging" is relative to it
CHECKIN_PATIENTS = 32  # the check-in POST's load: one patient per connection, as in a clinic
DOC = {
    "version": 1,
    "patient": {"age": 40},
    "history": {"duration_weeks": 4},
    "symptoms": {"back_pain_nrs": 4, "leg_pain_nrs": 6},
    "red_flags": dict.fromkeys(RedFlags.model_fields, False),
    "exam": {"repeated_movements": {"extension_in_lying": "centralizes"}, "irritability": "low"},
}


def checkin_data(day: dt.date, rng: random.Random) -> dict[str, object]:
    return {
        "day": day.isoformat(),
        "items_done": [],
        "back_pain_nrs": rng.randint(0, 6),
        "leg_pain_nrs": rng.randint(0, 7),
        "pain_during": "same",
        "next_morning": "same",
        "leg_symptoms": "same",
        "new_numbness": False,
        "new_weakness": False,
        "both_legs": False,
        "saddle_numbness": False,
        "bladder_bowel_change": False,
        "sexual_change": False,
        "flare": False,
        "notes": "",
    }


@transaction.atomic
def seed() -> dict[str, str]:
    users = get_user_model().objects
    clinic = Clinic.objects.create(name="Bench clinic")
    therapist = users.create_user("bench-therapist", password=PASSWORD)
    staff = Membership.objects.create(user=therapist, clinic=clinic, role=Role.THERAPIST)
    rng = random.Random(7)
    patients = Patient.objects.bulk_create(
        Patient(
            clinic=clinic,
            therapist=staff,
            display_name=f"Bench patient {n:04}",
            last_checkin_on=TODAY - dt.timedelta(days=rng.randint(0, 20)),
            open_alerts=1 if n % 25 == 0 else 0,
        )
        for n in range(PATIENTS)
    )
    Alert.objects.bulk_create(
        Alert(patient=p, rule="followup.flare.start", severity="warning", message="Flare-up")
        for p in patients
        if p.open_alerts
    )
    for p in patients:
        CheckIn.objects.bulk_create(
            CheckIn(patient=p, day=TODAY - dt.timedelta(days=d), data=checkin_data(TODAY, rng))
            for d in range(CHECKINS_EACH)
        )
    account = _patient_with_program(clinic, staff, therapist, "bench-patient", "Me")
    loggers = [
        _patient_with_program(clinic, staff, therapist, f"bench-checkin-{n:02}", f"Logger {n}")
        for n in range(CHECKIN_PATIENTS)
    ]
    return {
        "patient_token": issue_token(account, "bench"),
        "checkin_tokens": [issue_token(user, "bench") for user in loggers],
        "therapist_token": issue_token(therapist, "bench"),
        "password": PASSWORD,
    }


def _patient_with_program(clinic, staff, therapist, username: str, name: str):
    """A patient account with a program built through the services, as a therapist would."""
    account = get_user_model().objects.create_user(username, password=PASSWORD)
    patient = Patient.objects.create(
        clinic=clinic, therapist=staff, user=account, display_name=name
    )
    assessments.record(None, therapist, patient, DOC, TODAY)
    return account


def settle() -> None:
    """Leave the database as one in service would be, not mid-way through absorbing a bulk
    load: planner statistics (autovacuum does this on PostgreSQL; the plans of a freshly
    loaded table are guessed), and the load
    checkpointed (otherwise SQLite copies the 200,000 check-ins out of its write-ahead log, and
    PostgreSQL flushes them, during whichever run writes first)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")


if __name__ == "__main__":
    with open(sys.argv[1], "w") as out:
        json.dump(seed(), out)
    settle()
