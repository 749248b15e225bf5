"""The assessment result, version 1 (`spec/assessment-v1.md`, `--format json`).

Fields may be added to these models; none may be renamed or change meaning without a version
bump, because the CLI, the API, the web app and the FHIR export all speak this shape.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.vocabulary import (
    DeliveredBy,
    Direction,
    Irritability,
    ItemClass,
    Kind,
    Setting,
    Stage,
)


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TriageLevel(StrEnum):
    EMERGENCY = "emergency"
    URGENT_REFERRAL = "urgent_referral"
    ROUTINE_REFERRAL_WITH_PT = "routine_referral_with_pt"
    PT_APPROPRIATE = "pt_appropriate"

    @property
    def urgency(self) -> int:
        """Higher is more urgent; the result's level is the most urgent finding's."""
        return _URGENCY[self]


_URGENCY = {
    TriageLevel.PT_APPROPRIATE: 0,
    TriageLevel.ROUTINE_REFERRAL_WITH_PT: 1,
    TriageLevel.URGENT_REFERRAL: 2,
    TriageLevel.EMERGENCY: 3,
}


class PainSource(StrEnum):
    DISC_RADICULAR = "disc_radicular"
    STENOSIS = "stenosis"
    DEEP_GLUTEAL = "deep_gluteal"
    NONSPECIFIC = "nonspecific"
    OTHER = "other"


class DirectionalPreference(StrEnum):
    EXTENSION = "extension"
    FLEXION = "flexion"
    LATERAL = "lateral"
    NONE = "none"
    UNKNOWN = "unknown"


class StartBackRisk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    UNKNOWN = "unknown"


class PlanStatus(StrEnum):
    ACTIVE = "active"
    PROVISIONAL = "provisional"
    WITHHELD = "withheld"


class Finding(Out):
    rule: str
    field: str
    message: str
    action: str
    refs: tuple[str, ...] = Field(min_length=1)
    level: TriageLevel


class Contradiction(Out):
    field: str
    message: str


class Triage(Out):
    level: TriageLevel
    findings: tuple[Finding, ...] = ()
    unanswered: tuple[str, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()


class Classification(Out):
    pain_source: PainSource
    stage: Stage
    irritability: Irritability
    directional_preference: DirectionalPreference
    start_back_risk: StartBackRisk
    why: tuple[str, ...] = ()


class PlanItem(Out):
    id: str
    item_class: ItemClass = Field(alias="class")
    kind: Kind
    direction: Direction | None = None
    setting: Setting
    name: str
    dosage: Dosage | None = None
    why: tuple[str, ...] = Field(min_length=1)
    refs: tuple[str, ...] = Field(min_length=1)
    delivered_by: DeliveredBy = DeliveredBy.PATIENT
    minutes: int = 0
    precautions: tuple[str, ...] = ()
    added_by_clinician: bool = False


class ExcludedItem(Out):
    id: str
    item_class: ItemClass = Field(alias="class")
    reason: str
    refs: tuple[str, ...] = ()


class Plan(Out):
    status: PlanStatus
    items: tuple[PlanItem, ...] = ()
    excluded: tuple[ExcludedItem, ...] = ()


class AssessmentResult(Out):
    version: Literal[1] = 1
    triage: Triage
    classification: Classification
    plan: Plan

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (aliases, enum values, no None dosage fields)."""
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True)
        for item in data["plan"]["items"]:
            if item["dosage"] is not None:
                item["dosage"] = {k: v for k, v in item["dosage"].items() if v is not None}
        return data
