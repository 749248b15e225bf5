"""One articulated body with volume, drawn from the joint positions `figure.pose_points` gives.

Each body part is a `Part`: a rounded stroke (a capsule: trunk, limbs, feet) or a disc (head,
hands), with its thickness in drawing units (a figure about 180 units tall). The same list of
parts, in the same order, comes out of every pose of a figure, so a drawing can show one pose
still or move between poses by changing the coordinates alone (`illustrations.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sciatica_pt.reports.figure import HEAD_R, Point, View


class Shade(StrEnum):
    """How a pose is drawn: the start faint, the end (and the moving figure) solid."""

    FAINT = "faint"
    SOLID = "solid"


@dataclass(frozen=True)
class Part:
    """A capsule along `points` (two or more) or, with one point, a disc; `side` picks the
    colour: the near limbs in front, the far ones behind and lighter, the head and hands."""

    name: str
    points: tuple[Point, ...]
    width: float
    side: str  # "near", "far", "trunk", "skin", "prop"


# Thickness of each part (drawing units): a trunk about a third as deep as it is long, limbs
# tapering from thigh to shin and upper arm to forearm, so the figure reads as a body.
PELVIS_W, CHEST_W, NECK_W = 21.0, 24.0, 9.0
THIGH_W, SHIN_W, FOOT_W = 14.0, 10.5, 6.5
UPPER_ARM_W, FOREARM_W, HAND_R = 9.0, 7.5, 4.5
FRONT_PELVIS_W, FRONT_CHEST_W = 26.0, 32.0

COLOURS: dict[Shade, dict[str, tuple[str, str]]] = {
    # side: (fill, outline)
    Shade.SOLID: {
        "near": ("#6694c4", "#1f3b57"),
        "far": ("#a9bfd6", "#4a6785"),
        "trunk": ("#2f5a86", "#1f3b57"),
        "skin": ("#f2dcc6", "#1f3b57"),
        "prop": ("#2b8a3e", "#1e5c2b"),
    },
    Shade.FAINT: {
        "near": ("#e6ebf0", "#b4bec8"),
        "far": ("#eef1f4", "#c9d0d7"),
        "trunk": ("#e1e7ed", "#b4bec8"),
        "skin": ("#f4f6f8", "#b4bec8"),
        "prop": ("#dfe7df", "#b9c6b9"),
    },
}


def parts(pose: dict[str, Point], view: View) -> list[Part]:
    """Every part of the body, back to front: far limbs, trunk, near limbs, head."""
    drawn = _limbs(pose, "far")
    drawn += _trunk(pose, view)
    drawn += _limbs(pose, "near")
    drawn += _head(pose, view)
    return drawn


def _limbs(pose: dict[str, Point], limb: str) -> list[Part]:
    def p(joint: str) -> Point:
        return pose[f"{limb}_{joint}"]

    return [
        Part(f"{limb} thigh", (p("hip"), p("knee")), THIGH_W, limb),
        Part(f"{limb} shin", (p("knee"), p("ankle")), SHIN_W, limb),
        Part(f"{limb} foot", (p("ankle"), p("toe")), FOOT_W, limb),
        Part(f"{limb} upper arm", (p("shoulder"), p("elbow")), UPPER_ARM_W, limb),
        Part(f"{limb} forearm", (p("elbow"), p("hand")), FOREARM_W, limb),
        Part(f"{limb} hand", (p("hand"),), HAND_R, "skin"),
    ]


def _trunk(pose: dict[str, Point], view: View) -> list[Part]:
    front = view is View.FRONT
    pelvis_w, chest_w = (FRONT_PELVIS_W, FRONT_CHEST_W) if front else (PELVIS_W, CHEST_W)
    return [
        Part("neck", (pose["shoulder"], pose["neck"]), NECK_W, "skin"),
        Part("pelvis", (pose["pelvis"], pose["waist"]), pelvis_w, "trunk"),
        Part("chest", (pose["waist"], pose["shoulder"]), chest_w, "trunk"),
    ]


def _head(pose: dict[str, Point], view: View) -> list[Part]:
    head = Part("head", (pose["head"],), HEAD_R + 1.5, "skin")
    if view is View.FRONT:
        return [head]
    # A nose shows which way the face points, so lying face up and face down differ.
    (cx, cy), (nx, ny) = pose["head"], pose["neck"]
    ux, uy = (cx - nx) / HEAD_R, (cy - ny) / HEAD_R
    nose = (cx + uy * (HEAD_R + 1), cy - ux * (HEAD_R + 1))
    return [Part("nose", (nose,), 3.0, "skin"), head]
