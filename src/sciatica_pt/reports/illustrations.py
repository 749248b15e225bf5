"""Exercise drawings generated from data: `knowledge/illustrations.yaml` holds, for each
exercise, a start and an end keyframe of joint angles; this module poses a stick figure for
each (see `figure.py`), draws the start faded and the end solid, with a curved arrow for the
movement, and returns SVG text. Pure string building, so the output is byte-for-byte stable.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from enum import StrEnum
from importlib import resources
from typing import Literal
from xml.sax.saxutils import escape

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.reports import body
from sciatica_pt.reports.body import Part, Shade
from sciatica_pt.reports.figure import (
    Keyframe,
    Point,
    View,
    between,
    pose_points,
    range_problems,
)


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


ARROW, PROP = "#d9480f", "#8d99a6"


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
    ranges = [
        f"illustrations.yaml: {item_id}.{which}: {problem}"
        for which, frame in (("start", ill.start), ("end", ill.end))
        for problem in range_problems(frame, ill.view)
    ]
    return ranges + _unknown_joints(item_id, ill)


def _unknown_joints(item_id: str, ill: Illustration) -> list[str]:
    known = set(pose_points(ill.start, ill.view))
    named = [("moving", ill.moving), ("anchor", ill.anchor)]
    named += [(f"props[{i}]", j) for i, p in enumerate(ill.props) for j in (p.at, p.to) if j]
    return [
        f"illustrations.yaml: {item_id}.{where}: {joint!r} is not a joint"
        for where, joint in named
        if joint not in known
    ]


# A drawing is a pure function of the shipped knowledge base and its arguments, like the
# validated knowledge base itself (`knowledge.load`), so it is drawn once per process: an
# animated one costs about 10 ms, and a patient's page shows one per exercise.
@functools.lru_cache(maxsize=1024)
def render_exercise_svg(item_id: str, animated: bool = False, ident: str | None = None) -> str:
    """The drawing of one knowledge-base exercise as SVG text; `animated` adds the figure
    that moves at the exercise's tempo (for pages; a PDF keeps the still drawing); `ident`
    prefixes its title and description ids (the item's id when not given)."""
    kb = knowledge.load()
    try:
        item = kb.item(item_id)
    except KeyError:
        raise InvalidInput([f"item: no exercise is called {item_id!r}"]) from None
    drawings = load_illustrations()
    if item_id not in drawings:
        raise InvalidInput([f"item: exercise {item_id!r} has no drawing yet"])
    tempo = tempo_of(item.dosage.hold_seconds if item.dosage else None) if animated else None
    return render_svg(item.name, drawings[item_id], ident or item_id, tempo)


@functools.lru_cache(maxsize=256)
def render_pose_svg(
    pose: str, name: str, hold_seconds: int | None, animated: bool = False, ident: str = ""
) -> str:
    """The drawing of the built-in exercise `pose` titled `name`: a clinic's own exercise
    shown with a built-in's poses (issue 20), at its own tempo."""
    drawings = load_illustrations()
    if pose not in drawings:
        raise InvalidInput([f"pose: exercise {pose!r} has no drawing"])
    tempo = tempo_of(hold_seconds) if animated else None
    return render_svg(name, drawings[pose], ident or pose, tempo)


def tempo_of(hold_seconds: int | None) -> Tempo:
    """The on-screen tempo of an exercise: its hold at the end position when it has one (up
    to ten seconds, so a long hold still shows the movement), otherwise a one-second pause."""
    return Tempo(hold_s=min(hold_seconds, 10)) if hold_seconds else Tempo()


class Scene:
    """Poses placed on a shared floor, with the anchor joint at x = 0: the start, the end, and
    the poses between them that an animated drawing passes through."""

    def __init__(self, ill: Illustration) -> None:
        self.ill = ill
        self.start = self.at(0.0)
        self.end = self.at(1.0)

    def at(self, t: float) -> dict[str, Point]:
        """The body a fraction `t` of the way from the start pose to the end pose."""
        ill = self.ill
        placed = self._place(between(ill.start, ill.end, t), t)
        if ill.keep_height and t > 0:  # the end pose stands on what the start pose stepped onto
            start = self._place(ill.start.angles(), 0.0)
            end = self._place(ill.end.angles(), 1.0)
            lift = (start[ill.anchor][1] - end[ill.anchor][1]) * t
            placed = {name: (x, y + lift) for name, (x, y) in placed.items()}
        return placed

    def bounds(self) -> tuple[float, float, float]:
        """Left, right and top of the drawing, with room for the arrow, the body's thickness
        and the props."""
        poses = [self.at(i / FRAMES) for i in range(FRAMES + 1)]
        xs = [x for pose in poses for x, _ in pose.values()]
        ys = [y for pose in poses for _, y in pose.values()]
        return min(xs) - 30, max(xs) + 30, max(ys) + 30

    def _place(self, angles: dict[str, float], t: float) -> dict[str, Point]:
        ill = self.ill
        points = pose_points(angles, ill.view)
        # The body rests on the floor by the outside of its parts, not by its joint centres.
        floor = min(y for _, y in points.values()) - REST
        statics = [p for p in ill.props if p.kind in STATIC_PROPS]
        floor = min([floor, *(_prop_bottom(p, points) for p in statics)])
        raised = ill.start.raised + (ill.end.raised - ill.start.raised) * t
        dx, dy = -points[ill.anchor][0], raised - floor
        return {name: (x + dx, y + dy) for name, (x, y) in points.items()}


# How far the outside of a resting part lies from its joint centre (half a shin's thickness).
REST = 5.0
# In-between poses of an animated drawing, and how a movement speeds up and slows down.
FRAMES = 8


def _prop_bottom(prop: Prop, points: dict[str, Point]) -> float:
    """How low a prop under the body reaches (only props the body rests on)."""
    radius = {PropKind.BALL: 24.0, PropKind.ROLLER: 8.0, PropKind.SMALL_BALL: 6.0}.get(prop.kind)
    if radius is None:
        return math.inf
    return points[prop.at][1] - 2 * radius - 2 - REST


class Tempo(BaseModel):
    """How long one repetition takes on screen: out to the end pose, held there, back, and a
    rest before the next one. About six seconds a repetition: ten take about a minute."""

    model_config = ConfigDict(frozen=True)

    move_s: float = Field(default=2.0, gt=0, le=10)
    hold_s: float = Field(default=1.0, ge=0, le=10)
    rest_s: float = Field(default=1.0, ge=0, le=10)

    @property
    def total_s(self) -> float:
        return 2 * self.move_s + self.hold_s + self.rest_s


def render_svg(
    name: str, ill: Illustration, ident: str = "exercise", tempo: Tempo | None = None
) -> str:
    """The start pose faint, the end pose solid, an arrow for the movement; with a `tempo`,
    also a figure that moves from start to end and back at that tempo, shown instead of the
    still end pose unless the reader's device asks for reduced motion. `ident` makes the
    ids unique when a page inlines several drawings."""
    scene = Scene(ill)
    shapes = [
        *_props(scene, ill.props),
        f'<g class="pose start">{_still(scene.start, ill, Shade.FAINT)}</g>',
        f'<g class="pose end">{_still(scene.end, ill, Shade.SOLID)}</g>',
    ]
    if tempo is not None:
        shapes.append(f'<g class="pose moving">{_moving(scene, tempo)}</g>')
    shapes.append(_arrow(scene.start[ill.moving], scene.end[ill.moving], ill.bend))
    return _document(name, ill, scene, shapes, ident, animated=tempo is not None)


def _all_parts(pose: dict[str, Point], ill: Illustration) -> list[Part]:
    attached = [part for p in ill.props if p.kind not in STATIC_PROPS for part in _held(p, pose)]
    return body.parts(pose, ill.view) + attached


def _still(pose: dict[str, Point], ill: Illustration, shade: Shade) -> str:
    return "".join(_part(part, shade) for part in _all_parts(pose, ill))


def _moving(scene: Scene, tempo: Tempo) -> str:
    """One figure whose parts move through the in-between poses: out, hold, back, rest."""
    times, poses = _timeline(scene, tempo)
    frames = [_all_parts(pose, scene.ill) for pose in poses]
    key_times = ";".join(f"{t:.4f}" for t in times)
    timing = f'dur="{tempo.total_s:g}s" repeatCount="indefinite" keyTimes="{key_times}"'
    return "".join(
        _part(part, Shade.SOLID, [frame[i] for frame in frames], timing)
        for i, part in enumerate(frames[0])
    )


def _timeline(scene: Scene, tempo: Tempo) -> tuple[list[float], list[dict[str, Point]]]:
    """Key times (0 to 1) and the pose at each: eased out to the end, held, eased back."""
    total = tempo.total_s
    out = [_ease(i / FRAMES) for i in range(FRAMES + 1)]
    times = [tempo.move_s * i / FRAMES / total for i in range(FRAMES + 1)]
    fractions = list(out)
    back_start = (tempo.move_s + tempo.hold_s) / total
    times += [back_start + tempo.move_s * i / FRAMES / total for i in range(FRAMES + 1)]
    fractions += out[::-1]
    times.append(1.0)
    fractions.append(0.0)
    return times, [scene.at(f) for f in fractions]


def _ease(t: float) -> float:
    """Slow at both ends of the range, as a controlled repetition is."""
    return t * t * (3 - 2 * t)


def _part(part: Part, shade: Shade, frames: list[Part] | None = None, timing: str = "") -> str:
    fill, outline = body.COLOURS[shade][part.side]
    if len(part.points) == 1:
        (x, y), r = part.points[0], part.width
        moves = _animated(frames, timing, "cx", lambda p: _n(p.points[0][0])) + _animated(
            frames, timing, "cy", lambda p: _n(-p.points[0][1])
        )
        return (
            f'<circle cx="{_n(x)}" cy="{_n(-y)}" r="{_n(r)}" fill="{fill}" stroke="{outline}" '
            f'stroke-width="2">{moves}</circle>'
        )
    d = _path(part.points)
    moves = _animated(frames, timing, "d", lambda p: _path(p.points))
    return (
        f'<path d="{d}" stroke="{outline}" stroke-width="{_n(part.width + 3)}" fill="none">'
        f'{moves}</path><path d="{d}" stroke="{fill}" stroke-width="{_n(part.width)}" '
        f'fill="none">{moves}</path>'
    )


def _animated(frames: list[Part] | None, timing: str, attribute: str, value: Callable) -> str:
    if not frames:
        return ""
    values = ";".join(value(frame) for frame in frames)
    return f'<animate attributeName="{attribute}" values="{values}" {timing}/>'


def _path(points: tuple[Point, ...]) -> str:
    first, *rest = points
    return f"M{_xy(first)}" + "".join(f" L{_xy(p)}" for p in rest)


# When the drawing moves, the moving figure replaces the still end pose; a device set to
# reduce motion keeps the still drawing (WCAG 2.3.3, animation from interactions).
MOTION_STYLE = (
    "<style>.pose.moving{display:none}"
    "@media (prefers-reduced-motion: no-preference){.pose.moving{display:inline}"
    ".pose.end{display:none}}</style>"
)


def _document(
    name: str, ill: Illustration, scene: Scene, shapes: list[str], ident: str, animated: bool
) -> str:
    left, right, top = scene.bounds()
    bottom = -14.0
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
        + (MOTION_STYLE if animated else "")
        + f'<rect class="floor" x="{_n(left)}" y="0" width="{_n(width)}" height="{_n(-bottom)}" '
        f'fill="#eef0f2" stroke="none"/>'
        f'<line x1="{_n(left)}" y1="0" x2="{_n(right)}" y2="0" stroke="{PROP}" '
        'stroke-width="1.5"/>' + "".join(shapes) + "</svg>"
    )


POSTURE_WORDS = {
    "standing": "standing",
    "sitting": "sitting",
    "long_sitting": "sitting with the legs out straight",
    "supine": "lying on the back",
    "crook_lying": "lying on the back with the knees bent",
    "prone": "lying face down",
    "side_lying": "lying on one side",
    "quadruped": "on hands and knees",
    "kneeling": "kneeling",
    "half_kneeling": "kneeling on one knee",
}


def _description(name: str, ill: Illustration) -> str:
    part = ill.moving.replace("near_", "").replace("far_", "other ").replace("_", " ")
    return (
        f"{name}. Faded figure: the start position ({POSTURE_WORDS[ill.start.posture]}). "
        f"Solid figure: the end position ({POSTURE_WORDS[ill.end.posture]}). "
        f"The arrow shows how the {part} moves."
    )


def _n(value: float) -> str:
    """A coordinate, flipped to SVG's downward y by the callers, with one decimal."""
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def _xy(point: Point) -> str:
    return f"{_n(point[0])},{_n(-point[1])}"


def _polyline(points: list[Point], colour: str, width: float) -> str:
    coords = " ".join(_xy(p) for p in points)
    return f'<polyline points="{coords}" stroke="{colour}" stroke-width="{width}" fill="none"/>'


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
    """The props the body rests on or leans against, where the start pose puts them."""
    return [_static(p, scene) for p in props if p.kind in STATIC_PROPS]


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


def _held(prop: Prop, pose: dict[str, Point]) -> list[Part]:
    """A prop the body holds or wears, as parts that move with it: a strap or band between
    two joints, a dowel along the back, a dumbbell in the hand."""
    a = pose[prop.at]
    b = pose[prop.to] if prop.to else a
    if prop.kind is PropKind.DUMBBELL:
        bar = ((a[0] - 8, a[1]), (a[0] + 8, a[1]))
        return [Part("dumbbell", bar, 7.0, "prop")]
    if prop.kind is PropKind.DOWEL:
        ext = ((b[0] - a[0]) * 0.25, (b[1] - a[1]) * 0.25)
        ends = ((a[0] - ext[0], a[1] - ext[1]), (b[0] + ext[0], b[1] + ext[1]))
        return [Part("dowel", ends, 3.0, "prop")]
    return [Part(prop.kind.value, (a, b), 1.5, "prop")]
