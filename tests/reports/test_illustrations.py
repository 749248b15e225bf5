"""Every exercise in the knowledge base has a drawing made from its keyframes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.vocabulary import Kind
from sciatica_pt.reports.figure import Keyframe, Posture, View, pose_points
from sciatica_pt.reports.illustrations import load_illustrations, render_exercise_svg

SVG = "{http://www.w3.org/2000/svg}"
EXERCISES = [item.id for item in knowledge.load().items_of(Kind.EXERCISE)]


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


@pytest.mark.parametrize("item_id", EXERCISES)
def test_every_exercise_renders_two_poses_and_an_arrow(item_id: str) -> None:
    root = ET.fromstring(render_exercise_svg(item_id))
    assert root.find(f"{SVG}title").text.startswith(knowledge.load().item(item_id).name)
    assert root.find(f"{SVG}desc").text
    assert root.get("aria-labelledby") == f"{item_id}-title {item_id}-desc"
    start, end = _groups(root, "start"), _groups(root, "end")
    assert len(start) == 1 and len(end) == 1
    assert len(_groups(root, "arrow")) == 1
    assert _shape(start[0]) != _shape(end[0])


def _shape(pose: ET.Element) -> list[str | None]:
    """The figure's coordinates, without its colours."""
    return [el.get("points") or el.get("cx") for el in pose]


@pytest.mark.parametrize("item_id", EXERCISES)
def test_the_start_and_end_figures_differ(item_id: str) -> None:
    ill = load_illustrations()[item_id]
    start, end = pose_points(ill.start, ill.view), pose_points(ill.end, ill.view)
    moved = max(abs(a - b) for j in start for a, b in zip(start[j], end[j], strict=True))
    assert moved > 2


def test_every_drawing_belongs_to_a_knowledge_base_exercise() -> None:
    assert sorted(load_illustrations()) == sorted(EXERCISES)


def test_the_drawing_is_the_same_every_time() -> None:
    assert render_exercise_svg("prone-press-up") == render_exercise_svg("prone-press-up")


def test_it_rejects_an_unknown_exercise_with_its_name() -> None:
    with pytest.raises(InvalidInput, match="no exercise is called 'moon-walk'"):
        render_exercise_svg("moon-walk")


def test_standing_puts_the_head_above_the_feet_and_lying_face_down_does_not() -> None:
    standing = pose_points(Keyframe(posture=Posture.STANDING), View.SIDE)
    prone = pose_points(Keyframe(posture=Posture.PRONE), View.SIDE)
    assert standing["head"][1] - standing["near_ankle"][1] > 150
    assert abs(prone["head"][1] - prone["near_ankle"][1]) < 20
    assert prone["head"][0] > prone["near_ankle"][0]  # face down, head to the right


def test_hip_flexion_swings_the_thigh_forward() -> None:
    flexed = pose_points(Keyframe(posture=Posture.STANDING, hip=90), View.SIDE)
    assert flexed["near_knee"][0] > 40 and abs(flexed["near_knee"][1]) < 1
