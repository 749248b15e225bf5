"""Plain objects the interop tests share: a full assessment and a hand-built result."""

from __future__ import annotations

import uuid
from datetime import date

from sciatica_pt import knowledge
from sciatica_pt.core.intake.assessment import Assessment, parse_assessment
from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.result import (
    AssessmentResult,
    Classification,
    Finding,
    Plan,
    PlanItem,
    PlanStatus,
    Triage,
    TriageLevel,
)

TODAY = date(2026, 11, 22)
SYSTEM = "https://clinic-a.example.org/fhir/sid/patient-id"  # the clinic's identifier system
EXPORT = uuid.UUID("0b6f3f0e-2f4c-4a51-9a51-3c2d1b0e9f11")  # a fixed export id, for stable output
KB = knowledge.load()

FULL = {
    "version": 1,
    "notes": "34-year-old with 3 weeks of right leg pain after lifting.\nDenies saddle numbness.",
    "patient": {"age": 34, "sex": "female", "pregnant": True, "gestation_weeks": 20},
    "history": {
        "duration_weeks": 3,
        "onset": "lifting",
        "prior_spinal_surgery": {"procedure": "microdiscectomy", "weeks_ago": 80},
        "work_status": "modified_duties",
        "medications": ["ibuprofen", "paracetamol"],
        "comorbidities": ["type2_diabetes"],
        "visits_completed": 2,
    },
    "symptoms": {
        "back_pain_nrs": 4,
        "leg_pain_nrs": 6,
        "side": "right",
        "pain_below_knee": True,
        "numbness": False,
        "morning_stiffness_minutes": 10,
        "aggravated_by": ["sitting", "driving long distances"],
        "eased_by": ["walking", "lying_prone"],
    },
    "red_flags": {"saddle_anesthesia": False, "bladder_bowel_change": False, "fever": None},
    "precautions": {"osteoporosis": False, "anticoagulants": True},
    "exam": {
        "repeated_movements": {
            "extension_in_lying": "centralizes",
            "flexion_in_standing": "peripheralizes",
        },
        "lateral_shift": "none",
        "slr_positive": True,
        "slr_angle_deg": 45,
        "motor_grade_min": 5,
        "motor_deficit_myotome": "L5",
        "irritability": "moderate",
    },
    "psychosocial": {"start_back_total": 3, "start_back_distress": 1, "fear_avoidance_high": False},
    "outcomes": {
        "psfs": [
            {"activity": "sitting at work", "score": 3},
            {"activity": "lifting my child", "score": 2},
        ],
        "odi_percent": 38,
        "baseline": {"leg_pain_nrs": 7, "back_pain_nrs": 5, "odi_percent": 42, "psfs_mean": 2.7},
    },
    "context": {
        "equipment": ["resistance_band", "exercise_ball"],
        "pool_access": False,
        "minutes_per_day": 20,
        "dry_needling_permitted": False,
        "patient_requests": ["tens", "mri"],
    },
}


def full_assessment() -> Assessment:
    return parse_assessment(FULL)


def minimal_assessment() -> Assessment:
    return parse_assessment(
        {
            "version": 1,
            "patient": {"age": 50},
            "history": {"duration_weeks": 0},
            "symptoms": {"back_pain_nrs": 0, "leg_pain_nrs": 10},
        }
    )


def _item(item_id: str, **extra: object) -> PlanItem:
    kb_item = KB.item(item_id)
    fields: dict[str, object] = {
        "id": item_id,
        "class": kb_item.item_class,
        "kind": kb_item.kind,
        "direction": kb_item.direction,
        "setting": kb_item.setting,
        "name": kb_item.name,
        "dosage": kb_item.dosage,
        "why": ("Extension centralised the leg pain.",),
        "refs": kb_item.evidence.refs,
    }
    return PlanItem.model_validate({**fields, **extra})


def advice(item_id: str, item_class: str, name: str) -> PlanItem:
    return PlanItem.model_validate(
        {
            "id": item_id,
            "class": item_class,
            "kind": "advice" if "referral" not in item_class else "referral",
            "setting": "clinic",
            "name": name,
            "why": ["Part of every plan."],
            "refs": ["NICE-NG59"],
        }
    )


def classification() -> Classification:
    return Classification(
        pain_source="disc_radicular",
        stage="acute",
        irritability="moderate",
        directional_preference="extension",
        start_back_risk="medium",
        why=("Extension centralised.",),
    )


def active_result() -> AssessmentResult:
    items = (
        _item("prone-lying"),
        _item("prone-on-elbows", dosage=Dosage(sets=2, reps=10, per_week=5, minutes=4)),
        advice("stay-active", "education_stay_active", "Stay active"),
    )
    return AssessmentResult(
        triage=Triage(level=TriageLevel.PT_APPROPRIATE),
        classification=classification(),
        plan=Plan(status=PlanStatus.ACTIVE, items=items),
    )


def finding(rule: str, level: TriageLevel, field: str = "red_flags.saddle_anesthesia") -> Finding:
    return Finding(
        rule=rule,
        field=field,
        message="Saddle numbness with sciatica can mean cauda equina compression.",
        action="Send to the emergency department now for an MRI within hours.",
        refs=("GIRFT-CES",),
        level=level,
    )


def emergency_result() -> AssessmentResult:
    return AssessmentResult(
        triage=Triage(
            level=TriageLevel.EMERGENCY,
            findings=(finding("ces.saddle_anesthesia", TriageLevel.EMERGENCY),),
        ),
        classification=classification(),
        plan=Plan(
            status=PlanStatus.WITHHELD,
            items=(advice("ed-now", "emergency_referral", "Emergency department now"),),
        ),
    )
