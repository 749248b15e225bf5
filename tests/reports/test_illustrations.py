"""Every exercise in the knowledge base has a drawing made from its keyframes."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.vocabulary import Kind
from sciatica_pt.reports.figure import Keyframe, Posture, View, pose_points, range_problems
from sciatica_pt.reports.illustrations import (
    Illustration,
    Scene,
    load_illustrations,
    render_exercise_svg,
    render_svg,
    tempo_of,
)

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
    return [el.get("d") or f"{el.get('cx')},{el.get('cy')}" for el in pose]


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


def test_a_pose_a_body_cannot_take_is_refused_with_the_joint_named() -> None:
    bent_back = Keyframe(posture=Posture.STANDING, knee=-20, elbow=170)
    problems = range_problems(bent_back, View.SIDE)
    assert any(p.startswith("knee: -20 degrees") for p in problems)
    assert any(p.startswith("elbow: 170 degrees") for p in problems)
    assert range_problems(Keyframe(posture=Posture.STANDING), View.SIDE) == []


@pytest.mark.parametrize("item_id", EXERCISES)
def test_every_pose_stays_within_what_a_body_can_do(item_id: str) -> None:
    ill = load_illustrations()[item_id]
    for t in (0, 0.5, 1):  # the movement between two reachable poses stays reachable
        frame = Keyframe(posture=ill.start.posture, **_angles_at(ill, t))
        assert range_problems(frame, ill.view) == []


def _angles_at(ill: Illustration, t: float) -> dict[str, float]:
    from sciatica_pt.reports.figure import between

    return between(ill.start, ill.end, t)


def test_the_press_up_lifts_the_chest_to_about_a_third_of_upright_with_the_pelvis_down() -> None:
    """The press-up's end: the trunk about 30-45 degrees off the floor, the pelvis on it
    (McKenzie-handout; the issue's review of the old drawing, which stood the trunk upright)."""
    end = Scene(load_illustrations()["prone-press-up"]).end
    (px, py), (sx, sy) = end["pelvis"], end["shoulder"]
    rise = math.degrees(math.atan2(sy - py, abs(sx - px)))
    assert 30 <= rise <= 50
    assert py < 15  # the pelvis stays down


def test_a_page_drawing_moves_at_the_exercises_tempo_and_keeps_still_for_reduced_motion() -> None:
    svg = render_exercise_svg("prone-press-up", animated=True)
    root = ET.fromstring(svg)
    animations = list(root.iter(f"{SVG}animate"))
    assert animations, "the moving figure is animated"
    tempo = tempo_of(None)
    for anim in animations:
        assert anim.get("dur") == f"{tempo.total_s:g}s"
        assert len(anim.get("values").split(";")) == len(anim.get("keyTimes").split(";"))
    assert "prefers-reduced-motion" in root.find(f"{SVG}style").text
    assert len(_groups(root, "moving")) == 1


def test_a_held_exercise_holds_its_end_position_on_screen() -> None:
    assert tempo_of(30).hold_s == 10 and tempo_of(5).hold_s == 5 and tempo_of(None).hold_s == 1
    assert tempo_of(5).total_s == 2 * 2 + 5 + 1


def test_the_pdf_drawing_is_still() -> None:
    svg = render_exercise_svg("prone-press-up")
    assert "<animate" not in svg and "<style" not in svg


def test_the_description_says_the_positions_in_words() -> None:
    root = ET.fromstring(render_exercise_svg("flexion-in-lying"))
    desc = root.find(f"{SVG}desc").text
    assert "lying on the back with the knees bent" in desc
    assert "_" not in desc


def test_the_same_drawing_renders_with_a_tempo_given_directly() -> None:
    ill = load_illustrations()["glute-bridge"]
    assert "<animate" in render_svg("Glute bridge", ill, "g", tempo_of(3))
