"""API shapes. The assessment result is the core's own v1 model, not a copy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field


class Problems(Schema):
    """Bad input: one readable line per problem, naming the field path."""

    detail: list[Any]


class Message(Schema):
    detail: str


class PatientIn(Schema):
    model_config = ConfigDict(extra="forbid")
    display_name: str = Field(min_length=1, max_length=200)
    username: str = Field(default="", max_length=150)
    password: str = Field(default="", max_length=200)
    therapist_id: int | None = None
    # Contact details, each optional; checked by services.contact, which names a bad field.
    date_of_birth: str = Field(default="", max_length=40, description="YYYY-MM-DD")
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)


class ContactIn(Schema):
    """A patient's contact details, replaced as a whole (an empty one is removed)."""

    model_config = ConfigDict(extra="forbid")
    date_of_birth: str = Field(default="", max_length=40, description="YYYY-MM-DD")
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)


class PatientOut(Schema):
    id: int
    display_name: str
    date_of_birth: dt.date | None
    email: str
    phone: str
    therapist_id: int | None
    open_alerts: int
    last_checkin_on: dt.date | None
    discharged_on: dt.date | None


class AssessmentOut(Schema):
    id: int
    patient_id: int
    triage_level: str
    created_at: dt.datetime
    document: dict[str, Any]
    result: dict[str, Any]


class ProgramItemOut(BaseModel):
    # A plain pydantic model reading attributes in pydantic's own (compiled) code: ninja's
    # Schema wraps every object in a Python attribute getter, a fifth of the program API.
    model_config = ConfigDict(from_attributes=True)

    id: int
    item_id: str
    item_class: str
    kind: str
    direction: str
    setting: str
    name: str
    dosage: dict[str, int] | None
    why: list[str]
    refs: list[str]
    added_by_clinician: bool
    clinician_reason: str


class ProgramOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: str
    ready_for_patient: bool  # false while provisional: unanswered red flags or a referral first
    version: int
    started_on: dt.date
    flare: bool
    items: list[ProgramItemOut]


class AddItemIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    item_id: str = Field(max_length=100)
    reason: str = Field(default="", max_length=2000)


class RemoveItemIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    reason: str = Field(default="", max_length=2000)


class DoseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    dosage: dict[str, Any]


class CheckInOut(Schema):
    id: int
    day: dt.date
    warning_sign: bool
    data: dict[str, Any]


class AlertOut(Schema):
    id: int
    rule: str
    severity: str
    message: str
    action_now: str
    refs: list[str]
    status: str
    created_at: dt.datetime


class CheckInResult(Schema):
    checkin: CheckInOut
    alerts: list[AlertOut]
    act_now: str | None


class OutcomeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    measure: str = Field(max_length=40)
    value: float
    recorded_on: dt.date


class PsfsScoreIn(Schema):
    model_config = ConfigDict(extra="forbid")
    activity: str = Field(max_length=200)
    score: Any  # checked by services.outcomes.record_psfs, which names the activity


class PsfsIn(Schema):
    """One score for each of the patient's own PSFS activities (those of the assessment)."""

    model_config = ConfigDict(extra="forbid")
    recorded_on: dt.date
    scores: list[PsfsScoreIn] = Field(max_length=20)


class PsfsOut(Schema):
    activity: str
    score: int
    recorded_on: dt.date


class OutcomeOut(Schema):
    id: int
    measure: str
    value: float
    recorded_on: dt.date


class TopicOut(Schema):
    id: str
    title: str
    summary: str
    key_points: list[str]
    body: list[str]
    refs: list[str]


class AuditEventOut(Schema):
    at: dt.datetime
    username: str
    action: str
    object_type: str
    object_id: str
    patient_id: int | None
    ip: str | None


class MemberOut(Schema):
    user_id: int
    username: str
    name: str
    role: str
    active: bool


class AccessIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)
    active: bool


class TherapistIn(Schema):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=200)
    name: str = Field(default="", max_length=150)


class TokenOut(Schema):
    id: int
    name: str
    username: str
    created_at: dt.datetime


class TokenIn(Schema):
    """Whose token (a username of the clinic's staff or patients) and its label."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=150)
    name: str = Field(min_length=1, max_length=100)


class TokenIssuedOut(TokenOut):
    token: str = Field(description="the secret: shown in this response only, never again")


class TherapistAssignIn(Schema):
    """The therapist's membership number, or null for none: the key is required, so a body
    that forgets it is refused rather than read as "no therapist"."""

    model_config = ConfigDict(extra="forbid", strict=True)
    therapist_id: int | None


class LoginIn(Schema):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=200)


class PasswordIn(Schema):
    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=1, max_length=200)


class LoginOut(Schema):
    username: str
    active: bool
