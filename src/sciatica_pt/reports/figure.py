"""A 2D human figure posed by joint angles (forward kinematics), for the exercise drawings.

Angles are in degrees. A segment's heading is measured clockwise from straight up, so the
figure faces +x: heading 0 points up, 90 forward (to the right), 180 down. The trunk heading is
how far the trunk leans forward from upright (90 = lying face down, -90 = lying on the back).
`spine` bends the upper half of the trunk against the lower half (flexion positive). Joint
angles are relative, as a clinician reads them: hip and shoulder flexion swing the limb forward
from the trunk line, knee flexion folds the shin back, elbow flexion folds the forearm forward,
ankle dorsiflexion lifts the toes, neck flexion tips the head forward.

In the `front` view the same numbers turn in the picture plane (side bending, abduction) and
the near and far limbs sit apart at hip and shoulder width.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Angle = Annotated[float, Field(ge=-360, le=360)]

# What a body can do, in this module's conventions (degrees): a pose outside these ranges is a
# drawing error, refused when the keyframes load. The ranges are generous adult ranges, passive
# where an exercise takes a joint there (hip flexion in child's pose, knee flexion in kneeling);
# `spine` is the bend between the lower and the upper half of the trunk, lumbar and thoracic
# together (extension negative, as at the top of a press-up).
JOINT_LIMITS: dict[str, tuple[float, float]] = {
    "trunk": (-180, 180),
    "spine": (-75, 100),
    "neck": (-60, 70),
    "hip": (-30, 150),
    "knee": (0, 160),
    "ankle": (-60, 35),
    "shoulder": (-60, 180),
    "elbow": (0, 150),
}


class Posture(StrEnum):
    STANDING = "standing"
    SITTING = "sitting"
    LONG_SITTING = "long_sitting"
    SUPINE = "supine"
    CROOK_LYING = "crook_lying"
    PRONE = "prone"
    SIDE_LYING = "side_lying"
    QUADRUPED = "quadruped"
    KNEELING = "kneeling"
    HALF_KNEELING = "half_kneeling"


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"


JOINTS = ("trunk", "spine", "neck", "hip", "knee", "ankle", "shoulder", "elbow")

# Default joint angles of each posture; a keyframe overrides only what it names.
_BASE: dict[Posture, dict[str, float]] = {
    Posture.STANDING: {"trunk": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 10},
    Posture.SITTING: {"trunk": 0, "hip": 90, "knee": 90, "ankle": 0, "shoulder": 10, "elbow": 70},
    Posture.LONG_SITTING: {"trunk": 0, "hip": 90, "knee": 0, "ankle": 0, "shoulder": 20},
    Posture.SUPINE: {"trunk": -90, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
    Posture.CROOK_LYING: {"trunk": -90, "hip": 45, "knee": 90, "ankle": -45, "shoulder": 0},
    Posture.PRONE: {"trunk": 90, "hip": 0, "knee": 0, "ankle": -60, "shoulder": 0, "elbow": 0},
    Posture.SIDE_LYING: {"trunk": -90, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0},
    Posture.QUADRUPED: {"trunk": 90, "hip": 90, "knee": 90, "ankle": -60, "shoulder": 90},
    Posture.KNEELING: {"trunk": 0, "hip": 0, "knee": 90, "ankle": -60, "shoulder": 0},
    Posture.HALF_KNEELING: {"trunk": 0, "hip": 90, "knee": 90, "ankle": 0, "shoulder": 0},
}
_BASE_FAR: dict[Posture, dict[str, float]] = {
    Posture.HALF_KNEELING: {"hip": 0, "knee": 90, "ankle": -60},
}

# Segment lengths in drawing units (a figure about 180 units tall).
TRUNK, NECK, HEAD_R = 58.0, 9.0, 10.0
THIGH, SHIN, FOOT = 44.0, 42.0, 13.0
UPPER_ARM, FOREARM = 30.0, 28.0
HIP_HALF, SHOULDER_HALF = 9.0, 14.0

Point = tuple[float, float]


class Keyframe(BaseModel):
    """One pose: a posture base plus the angles that differ from it. `far_*` angles pose the
    far-side limb (the one drawn behind) when it differs from the near one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    posture: Posture
    trunk: Angle | None = None
    spine: Angle | None = None
    neck: Angle | None = None
    hip: Angle | None = None
    knee: Angle | None = None
    ankle: Angle | None = None
    shoulder: Angle | None = None
    elbow: Angle | None = None
    far_hip: Angle | None = None
    far_knee: Angle | None = None
    far_ankle: Angle | None = None
    far_shoulder: Angle | None = None
    far_elbow: Angle | None = None
    far_leg_rests: bool = Field(
        default=False, description="the far leg keeps the posture's angles (one leg moves)"
    )
    raised: float = Field(default=0, ge=0, le=120, description="lowest point above the floor")

    def angles(self) -> dict[str, float]:
        """Every joint angle, near and far, with the posture's defaults filled in."""
        base = {name: 0.0 for name in JOINTS} | _BASE[self.posture]
        near = base | {n: v for n in JOINTS if (v := getattr(self, n)) is not None}
        far = (base if self.far_leg_rests else near) | _BASE_FAR.get(self.posture, {})
        far |= {n: near[n] for n in ("shoulder", "elbow")}
        for name in JOINTS[3:]:
            value = getattr(self, f"far_{name}")
            if value is not None:
                far[name] = value
        return near | {f"far_{n}": far[n] for n in JOINTS[3:]}


def _step(start: Point, heading: float, length: float) -> Point:
    rad = math.radians(heading)
    return (start[0] + length * math.sin(rad), start[1] + length * math.cos(rad))


def range_problems(frame: Keyframe, view: View) -> list[str]:
    """Each joint angle of a pose that a body cannot reach, named. Seen from the front the
    angles turn in the picture plane, the near limbs one way and the far ones the other, so
    only their size is checked there."""
    problems = []
    for name, value in frame.angles().items():
        low, high = JOINT_LIMITS[name.removeprefix("far_")]
        if view is View.FRONT and name != "trunk":
            low, high = -max(abs(low), high), max(abs(low), high)
        if not low <= value <= high:
            problems.append(
                f"{name}: {value:g} degrees is outside what a body can do ({low:g} to {high:g})"
            )
    return problems


def between(start: Keyframe, end: Keyframe, t: float) -> dict[str, float]:
    """The joint angles a fraction `t` of the way from one pose to the other (0 is the start):
    joints turn together, as a smooth movement does, and never leave their ranges."""
    a, b = start.angles(), end.angles()
    return {name: a[name] + (b[name] - a[name]) * t for name in a}


def pose_points(frame: Keyframe | dict[str, float], view: View) -> dict[str, Point]:
    """The joint positions of a pose (a keyframe, or its angles), pelvis at the origin, y up."""
    a = frame.angles() if isinstance(frame, Keyframe) else frame
    # Two spine segments, so flexion (+) rounds and extension (-) arches the back.
    lower, upper = a["trunk"] - a["spine"] / 2, a["trunk"] + a["spine"] / 2
    points: dict[str, Point] = {"pelvis": (0.0, 0.0)}
    points["waist"] = _step(points["pelvis"], lower, TRUNK / 2)
    points["shoulder"] = _step(points["waist"], upper, TRUNK / 2)
    points["neck"] = _step(points["shoulder"], upper + a["neck"], NECK)
    points["head"] = _step(points["neck"], upper + a["neck"], HEAD_R)
    spread = 1.0 if view is View.FRONT else 0.0  # limbs sit apart only when seen from the front
    for limb, sign in (("near", spread), ("far", -spread)):
        prefix = "" if limb == "near" else "far_"
        hip = _step(points["pelvis"], lower + 90, sign * HIP_HALF)
        shoulder = _step(points["shoulder"], upper + 90, sign * SHOULDER_HALF)
        leg = (a[prefix + j] for j in ("hip", "knee", "ankle"))
        points.update(_leg(limb, hip, lower, *leg, end_on=view is View.FRONT))
        points.update(_arm(limb, shoulder, upper, a[prefix + "shoulder"], a[prefix + "elbow"]))
    return points


def _leg(
    limb: str, hip: Point, trunk: float, flex: float, knee: float, ankle: float, end_on: bool
) -> dict[str, Point]:
    thigh = trunk + 180 - flex
    shin = thigh + knee
    knee_at = _step(hip, thigh, THIGH)
    ankle_at = _step(knee_at, shin, SHIN)
    # Seen from the front the foot points at the viewer: a stub, not a side-view foot.
    toe = _step(ankle_at, shin, 4) if end_on else _step(ankle_at, shin - 90 - ankle, FOOT)
    return {
        f"{limb}_hip": hip,
        f"{limb}_knee": knee_at,
        f"{limb}_ankle": ankle_at,
        f"{limb}_toe": toe,
    }


def _arm(limb: str, shoulder: Point, trunk: float, flex: float, elbow: float) -> dict[str, Point]:
    upper = trunk + 180 - flex
    elbow_at = _step(shoulder, upper, UPPER_ARM)
    return {
        f"{limb}_shoulder": shoulder,
        f"{limb}_elbow": elbow_at,
        f"{limb}_hand": _step(elbow_at, upper - elbow, FOREARM),
    }


BONES: tuple[tuple[str, ...], ...] = (
    ("hip", "knee", "ankle", "toe"),
    ("shoulder", "elbow", "hand"),
)


def limb_chains(limb: str) -> list[list[str]]:
    """The joint names to join with lines for one side's leg and arm."""
    return [[f"{limb}_{joint}" for joint in chain] for chain in BONES]
