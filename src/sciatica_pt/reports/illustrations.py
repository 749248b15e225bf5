"""Exercise drawings generated from data: `knowledge/illustrations.yaml` holds, for each
exercise, a start and an end keyframe of joint angles; this module poses a stick figure for
each (see `figure.py`), draws the start faded and the end solid, with a curved arrow for the
movement, and returns SVG text. Pure string building, so the output is byte-for-byte stable.
"""

from __future__ import annotations

import functools
import math
from enum import StrEnum
from importlib import resources
from typing import Literal
from xml.sax.saxutils import escape

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.reports.figure import HEAD_R, Keyframe, Point, View, limb_chains, pose_points


class PropKind(StrEnum):
    CHAIR = "chair"
    WALL = "wall"
    STEP = "step"
    BALL = "ball"
    ROLLER = "roller"
    SMALL_BALL = "small_ball"
    BIKE = "bike"
    WATER = "water"
    STRAP = "strap"
    DOWEL = "dowel"
    BAND = "band"
    DUMBBELL = "dumbbell"
    BED = "bed"


# Props that stay where the start pose puts them; the rest move with the body.
STATIC_PROPS = {
    PropKind.CHAIR, PropKind.WALL, PropKind.STEP, PropKind.BALL, PropKind.ROLLER,
    PropKind.SMALL_BALL, PropKind.BIKE, PropKind.WATER, PropKind.BED,
}  # fmt: skip


class Prop(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: PropKind
    at: str = "pelvis"
    to: str | None = None  # second joint, for props that span two (strap, band, dowel)
    offset: float = Field(default=0, ge=-100, le=100, description="sideways shift, in units")


class Illustration(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    view: View = View.SIDE
    moving: str = Field(description="the joint the arrow follows, e.g. near_hand")
    anchor: str = Field(default="pelvis", description="the joint that stays put between poses")
    bend: Literal[-1, 1] = 1
    keep_height: bool = Field(
        default=False, description="the end pose keeps the anchor's height (a foot on a step)"
    )
    props: tuple[Prop, ...] = ()
    start: Keyframe
    end: Keyframe


START_STYLE = 'stroke="#9aa5b1" fill="none" opacity="0.55"'
NEAR, FAR, ARROW, PROP = "#1f3b57", "#6f8aa6", "#d9480f", "#8d99a6"


@functools.cache
def load_illustrations() -> dict[str, Illustration]:
    """Every keyframe set, by exercise id; raises InvalidInput naming each bad entry."""
    text = resources.files(knowledge).joinpath("illustrations.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    entries = data.get("illustrations") or {}
    adapter = TypeAdapter(Illustration)
    found, problems = {}, []
    for item_id, entry in entries.items():
        try:
            found[item_id] = adapter.validate_python(entry)
        except ValidationError as exc:
            problems += problems_of(exc, prefix=f"illustrations.yaml: {item_id}")
    problems += [p for i, ill in found.items() for p in _joint_problems(i, ill)]
    if problems:
        raise InvalidInput(problems)
    return found


def _joint_problems(item_id: str, ill: Illustration) -> list[str]:
    known = set(pose_points(ill.start, ill.view))
    named = [("moving", ill.moving), ("anchor", ill.anchor)]
    named += [(f"props[{i}]", j) for i, p in enumerate(ill.props) for j in (p.at, p.to) if j]
    return [
        f"illustrations.yaml: {item_id}.{where}: {joint!r} is not a joint"
        for where, joint in named
        if joint not in known
    ]


def render_exercise_svg(item_id: str) -> str:
    """The drawing of one knowledge-base exercise as SVG text."""
    kb = knowledge.load()
    try:
        name = kb.item(item_id).name
    except KeyError:
        raise InvalidInput([f"item: no exercise is called {item_id!r}"]) from None
    drawings = load_illustrations()
    if item_id not in drawings:
        raise InvalidInput([f"item: exercise {item_id!r} has no drawing yet"])
    return render_svg(name, drawings[item_id], item_id)


class Scene:
    """Both poses placed on a shared floor, with the anchor joint at x = 0."""

    def __init__(self, ill: Illustration) -> None:
        self.ill = ill
        self.start = self._place(ill.start)
        self.end = self._place(ill.end)
        if ill.keep_height:  # the end pose stands on what the start pose stepped onto
            lift = self.start[ill.anchor][1] - self.end[ill.anchor][1]
            self.end = {name: (x, y + lift) for name, (x, y) in self.end.items()}

    def bounds(self) -> tuple[float, float, float]:
        """Left, right and top of the drawing, with room for the arrow and props."""
        xs = [x for pose in (self.start, self.end) for x, _ in pose.values()]
        ys = [y for pose in (self.start, self.end) for _, y in pose.values()]
        return min(xs) - 30, max(xs) + 30, max(ys) + 30

    def _place(self, frame: Keyframe) -> dict[str, Point]:
        points = pose_points(frame, self.ill.view)
        floor = min(y for _, y in points.values())
        statics = [p for p in self.ill.props if p.kind in STATIC_PROPS]
        floor = min([floor, *(_prop_bottom(p, points) for p in statics)])
        dx, dy = -points[self.ill.anchor][0], frame.raised - floor
        return {name: (x + dx, y + dy) for name, (x, y) in points.items()}


def _prop_bottom(prop: Prop, points: dict[str, Point]) -> float:
    """How low a prop under the body reaches (only props the body rests on)."""
    radius = {PropKind.BALL: 24.0, PropKind.ROLLER: 8.0, PropKind.SMALL_BALL: 6.0}.get(prop.kind)
    if radius is None:
        return math.inf
    return points[prop.at][1] - 2 * radius - 2


def render_svg(name: str, ill: Illustration, ident: str = "exercise") -> str:
    """`ident` makes the title and description ids unique when a page inlines several."""
    scene = Scene(ill)
    shapes = [
        *_props(scene, ill.props),
        f'<g class="pose start" {START_STYLE}>{_figure(scene.start, ill.view, faded=True)}</g>',
        f'<g class="pose end" fill="none">{_figure(scene.end, ill.view, faded=False)}</g>',
        _arrow(scene.start[ill.moving], scene.end[ill.moving], ill.bend),
    ]
    shapes += [_attached(p, scene.end) for p in ill.props if p.kind not in STATIC_PROPS]
    return _document(name, ill, scene, shapes, ident)


def _document(name: str, ill: Illustration, scene: Scene, shapes: list[str], ident: str) -> str:
    left, right, top = scene.bounds()
    bottom = -12.0
    width, height = right - left, top - bottom
    title = escape(f"{name}: start and end positions")
    desc = escape(_description(name, ill))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        f'width="{_n(width * 1.5)}" height="{_n(height * 1.5)}" '
        f'viewBox="{_n(left)} {_n(-top)} {_n(width)} {_n(height)}" '
        'stroke-linecap="round" stroke-linejoin="round">'
        f'<title id="{ident}-title">{title}</title><desc id="{ident}-desc">{desc}</desc>'
        f'<line class="floor" x1="{_n(left)}" y1="0" x2="{_n(right)}" y2="0" '
        f'stroke="{PROP}" stroke-width="1.5"/>' + "".join(shapes) + "</svg>"
    )


def _description(name: str, ill: Illustration) -> str:
    part = ill.moving.replace("near_", "").replace("far_", "other ").replace("_", " ")
    return (
        f"{name}. Faded figure: the start position ({_words(ill.start.posture)}). "
        f"Solid figure: the end position ({_words(ill.end.posture)}). "
        f"The arrow shows how the {part} moves."
    )


def _words(value: str) -> str:
    return value.replace("_", " ")


def _n(value: float) -> str:
    """A coordinate, flipped to SVG's downward y by the callers, with one decimal."""
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def _xy(point: Point) -> str:
    return f"{_n(point[0])},{_n(-point[1])}"


def _polyline(points: list[Point], colour: str, width: float) -> str:
    coords = " ".join(_xy(p) for p in points)
    return f'<polyline points="{coords}" stroke="{colour}" stroke-width="{width}" fill="none"/>'


def _figure(pose: dict[str, Point], view: View, faded: bool) -> str:
    near, far = ("#9aa5b1", "#c3cad2") if faded else (NEAR, FAR)
    parts = [_polyline([pose[j] for j in chain], far, 4) for chain in limb_chains("far")]
    parts.append(_polyline([pose[j] for j in ("pelvis", "waist", "shoulder", "neck")], near, 6))
    if view is View.FRONT:
        parts.append(_polyline([pose["near_hip"], pose["far_hip"]], near, 5))
        parts.append(_polyline([pose["near_shoulder"], pose["far_shoulder"]], near, 5))
    parts += [_polyline([pose[j] for j in chain], near, 5) for chain in limb_chains("near")]
    parts.append(_head(pose, near, view))
    return "".join(parts)


def _head(pose: dict[str, Point], colour: str, view: View) -> str:
    cx, cy = pose["head"]
    circle = (
        f'<circle cx="{_n(cx)}" cy="{_n(-cy)}" r="{_n(HEAD_R)}" stroke="{colour}" '
        f'stroke-width="3" fill="#ffffff"/>'
    )
    if view is View.FRONT:
        return circle
    # A nose shows which way the face points, so lying face up and face down differ.
    nx, ny = pose["neck"]
    ux, uy = (cx - nx) / HEAD_R, (cy - ny) / HEAD_R
    tip = (cx + uy * (HEAD_R + 4), cy - ux * (HEAD_R + 4))
    base = (cx + uy * HEAD_R * 0.7, cy - ux * HEAD_R * 0.7)
    return circle + _polyline([base, tip], colour, 3)


def _arrow(start: Point, end: Point, bend: int) -> str:
    dx, dy = end[0] - start[0], end[1] - start[1]
    dist = math.hypot(dx, dy)
    if dist < 6:
        return _pulse(end)
    lift = bend * max(dist * 0.35, 10.0)
    control = (
        (start[0] + end[0]) / 2 - dy / dist * lift,
        (start[1] + end[1]) / 2 + dx / dist * lift,
    )
    return (
        f'<g class="arrow" stroke="{ARROW}" fill="none">'
        f'<path d="M{_xy(start)} Q{_xy(control)} {_xy(end)}" stroke-width="2.5" '
        f'stroke-dasharray="5 3"/>{_head_of_arrow(control, end)}</g>'
    )


def _pulse(at: Point) -> str:
    """A hold or a squeeze moves little: draw a near-circle arrow around the working part."""
    r = 14.0
    start = (at[0] + r, at[1])
    end = (at[0], at[1] + r)
    return (
        f'<g class="arrow" stroke="{ARROW}" fill="none">'
        f'<path d="M{_xy(start)} A{_n(r)} {_n(r)} 0 1 1 {_xy(end)}" stroke-width="2.5"/>'
        f"{_head_of_arrow((at[0] + r, at[1] + r), end)}</g>"
    )


def _head_of_arrow(towards_from: Point, tip: Point) -> str:
    angle = math.atan2(tip[1] - towards_from[1], tip[0] - towards_from[0])
    wings = [
        (tip[0] - 9 * math.cos(angle + s), tip[1] - 9 * math.sin(angle + s)) for s in (0.45, -0.45)
    ]
    coords = " ".join(_xy(p) for p in (wings[0], tip, wings[1]))
    return f'<polygon points="{coords}" fill="{ARROW}" stroke="{ARROW}" stroke-width="1"/>'


def _props(scene: Scene, props: tuple[Prop, ...]) -> list[str]:
    drawn = [_static(p, scene) for p in props if p.kind in STATIC_PROPS]
    drawn += [_attached(p, scene.start, faded=True) for p in props if p.kind not in STATIC_PROPS]
    return drawn


def _static(prop: Prop, scene: Scene) -> str:
    x, y = scene.start[prop.at]
    left, right, top = scene.bounds()
    x += prop.offset
    style = f'stroke="{PROP}" stroke-width="2" fill="#e9ecef"'
    if prop.kind is PropKind.CHAIR:
        seat = y - 4
        return (
            f'<g class="prop chair" {style}><rect x="{_n(x - 22)}" y="{_n(-seat)}" width="40" '
            f'height="5"/>{_polyline([(x - 20, seat), (x - 20, 0)], PROP, 3)}'
            f"{_polyline([(x + 14, seat), (x + 14, 0)], PROP, 3)}</g>"
        )
    if prop.kind is PropKind.WALL:
        return f'<g class="prop wall">{_polyline([(x, 0), (x, top)], PROP, 5)}</g>'
    if prop.kind is PropKind.STEP:
        return (
            f'<rect class="prop step" x="{_n(x - 24)}" y="{_n(-y + 1)}" width="48" '
            f'height="{_n(max(y - 1, 1))}" {style}/>'
        )
    if prop.kind is PropKind.BED:
        return (
            f'<rect class="prop bed" x="{_n(x - 80)}" y="{_n(-y + 3)}" width="160" '
            f'height="{_n(max(y - 3, 1))}" {style}/>'
        )
    if prop.kind is PropKind.WATER:
        waves = "q 10 -5 20 0" + " t 20 0" * int((right - left) // 20 - 1)
        return (
            f'<path class="prop water" d="M{_n(left)},{_n(-y)} {waves}" '
            f'stroke="#4c8fd6" stroke-width="2" fill="none"/>'
        )
    if prop.kind is PropKind.BIKE:
        return _bike(x, y, style)
    radius = {PropKind.BALL: 24.0, PropKind.ROLLER: 8.0, PropKind.SMALL_BALL: 6.0}[prop.kind]
    return (
        f'<circle class="prop {prop.kind.value}" cx="{_n(x)}" cy="{_n(-(y - radius - 2))}" '
        f'r="{_n(radius)}" {style}/>'
    )


def _bike(x: float, y: float, style: str) -> str:
    return (
        f'<g class="prop bike" {style}><rect x="{_n(x - 14)}" y="{_n(-y + 2)}" width="26" '
        f'height="5"/>{_polyline([(x, y - 4), (x + 18, 22), (x + 60, 22), (x + 64, 0)], PROP, 3)}'
        f'<circle cx="{_n(x + 22)}" cy="-22" r="9"/>'
        f"{_polyline([(x + 60, 22), (x + 64, 70), (x + 50, 76)], PROP, 3)}</g>"
    )


def _attached(prop: Prop, pose: dict[str, Point], faded: bool = False) -> str:
    colour = "#c3cad2" if faded else "#2b8a3e"
    a = pose[prop.at]
    b = pose[prop.to] if prop.to else a
    cls = f'class="prop {prop.kind.value}"'
    if prop.kind is PropKind.DUMBBELL:
        return (
            f"<g {cls}>{_polyline([(a[0] - 7, a[1]), (a[0] + 7, a[1])], colour, 4)}"
            f'<circle cx="{_n(a[0] - 8)}" cy="{_n(-a[1])}" r="4" fill="{colour}"/>'
            f'<circle cx="{_n(a[0] + 8)}" cy="{_n(-a[1])}" r="4" fill="{colour}"/></g>'
        )
    if prop.kind is PropKind.DOWEL:
        ext = ((b[0] - a[0]) * 0.25, (b[1] - a[1]) * 0.25)
        ends = [(a[0] - ext[0], a[1] - ext[1]), (b[0] + ext[0], b[1] + ext[1])]
        return f"<g {cls}>{_polyline(ends, '#8a5a2b' if not faded else colour, 3)}</g>"
    return f"<g {cls}>{_polyline([a, b], colour, 2.5)}</g>"
