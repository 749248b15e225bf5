"""A small cast of named users built in code (healthchecks style): clinic A with its admin and
therapists, patients A and B, and a therapist of another clinic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from sciatica_pt.clinic.models import Clinic, Membership, Patient, Role
from sciatica_pt.clinic.services import assessments, checkins, outcomes
from sciatica_pt.core.intake.assessment import RedFlags

TODAY = dt.date(2026, 11, 20)


def assessment_doc(**red_flags: Any) -> dict[str, Any]:
    flags: dict[str, Any] = dict.fromkeys(RedFlags.model_fields, False)
    flags.update(red_flags)
    return {
        "version": 1,
        "patient": {"age": 34, "sex": "male"},
        "history": {"duration_weeks": 3, "onset": "lifting"},
        "symptoms": {"back_pain_nrs": 4, "leg_pain_nrs": 6, "side": "right"},
        "red_flags": flags,
        "exam": {
            "repeated_movements": {"extension_in_lying": "centralizes"},
            "irritability": "moderate",
        },
    }


def checkin_doc(**changes: Any) -> dict[str, Any]:
    data = {
        "day": TODAY.isoformat(),
        "items_done": [],
        "back_pain_nrs": 3,
        "leg_pain_nrs": 4,
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
    data.update(changes)
    return data


@dataclass
class World:
    clinic: Clinic
    admin: Any
    therapist: Any
    therapist2: Any
    other_therapist: Any
    patient_a_user: Any
    patient_b_user: Any
    patient_a: Patient
    patient_b: Patient

    def client(self, who: str) -> Client:
        client = Client()
        user = getattr(self, who, None) if who != "anonymous" else None
        if user is not None:
            client.force_login(user, backend=settings.SCIATICA_PT_LOGIN_BACKEND)
        return client


def _user(name: str) -> Any:
    return get_user_model().objects.create_user(name, password="a-long-test-password")


def _staff(name: str, clinic: Clinic, role: Role) -> Any:
    user = _user(name)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


@pytest.fixture
def world(db: Any) -> World:
    clinic, other = Clinic.objects.create(name="Clinic A"), Clinic.objects.create(name="Clinic B")
    therapist = _staff("tess", clinic, Role.THERAPIST)
    w = World(
        clinic=clinic,
        admin=_staff("ada", clinic, Role.ADMIN),
        therapist=therapist,
        therapist2=_staff("theo", clinic, Role.THERAPIST),
        other_therapist=_staff("oscar", other, Role.THERAPIST),
        patient_a_user=_user("pat-a"),
        patient_b_user=_user("pat-b"),
        patient_a=None,  # type: ignore[arg-type]
        patient_b=None,  # type: ignore[arg-type]
    )
    w.patient_a = Patient.objects.create(
        clinic=clinic,
        therapist=therapist.membership,
        user=w.patient_a_user,
        display_name="Zelda Quixote-Umber",
    )
    w.patient_b = Patient.objects.create(
        clinic=clinic,
        therapist=w.therapist2.membership,
        user=w.patient_b_user,
        display_name="Bruno Bee",
    )
    assessments.record(None, therapist, w.patient_a, assessment_doc(), TODAY)
    assessments.record(None, w.therapist2, w.patient_b, assessment_doc(), TODAY)
    checkins.log(None, w.patient_a_user, checkin_doc(flare=True), TODAY)
    outcomes.record(None, therapist, w.patient_a, "leg_pain_nrs", 6, TODAY)
    return w
