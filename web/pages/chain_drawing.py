"""Where each part of an impact chain's drawing goes: a pure layout, no Flask, no markup.

The drawing (macros/chain_drawing.html) puts time across and the story down: one lane per
stage, evidence at the top and changes at the bottom; one column per date a record
happened on, left to right in order, and one more column, "undated", at the end for
records without a date. Columns stand at least MIN_GAP apart so that their labels never
touch; what is left of TARGET_WIDTH is shared out by the days between them, so long waits
still look long. Records of one lane and one day stack in that column.

Units are CSS pixels: the drawing is shown at its own size (its text 12-13 px, set in
tracker.css, on every screen) in a box that scrolls sideways when the screen is narrower.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

TARGET_WIDTH = 600  # how wide a drawing of a few dates is, to show the time between them
MIN_WIDTH = 300  # room for the longest lane label
LEFT, RIGHT = 34, 34  # room for half a date label either side of the first and last column
MIN_GAP = 64  # between two date columns: two lines of date label and a mark each side
UNDATED_GAP = 80  # between the last date column and the undated one
LANE_HEADER = 20  # the lane's label, above its marks
ROW = 32  # one stacked mark
LANE_GAP = 4
RADIUS = 10  # of a mark
RING = 16  # the root's ring, outside edge
AXIS = 44  # the axis line and its two lines of labels
BEND = 0.12  # how far an arrow bows out of the straight line, as a share of its length
MAX_BEND = 24
UNDATED = "undated"


@dataclass(frozen=True)
class Calendar:
    """How the drawing writes dates, in the page's language (the page gives it; English by
    default): a column's day (`14 Mar`) and year (`2024`), a whole date (`14 Mar 2024`), and
    the label of the column of records without a date."""

    day: Callable[[date], str] = lambda d: f"{d.day} {d:%b}"
    year: Callable[[date], str] = lambda d: str(d.year)
    full: Callable[[date], str] = lambda d: f"{d.day} {d:%b %Y}"
    undated: str = UNDATED


ENGLISH = Calendar()

# Where a node stands: (its lane's type, its column's x), and its row in that place.
Place = tuple[tuple[str, float], int]


@dataclass(frozen=True)
class Lane:
    """One stage's band: its label, where it starts and how tall it is."""

    type: str
    label: str
    y: float
    height: float


@dataclass(frozen=True)
class Tick:
    """A column of the date axis: a day (`14 Mar` over `2024`) or the undated column."""

    x: float
    day: str
    year: str
    iso: str | None  # None for the undated column


@dataclass(frozen=True)
class Mark:
    """One record: where its mark is, its number (as in the list) and what it is."""

    id: str
    type: str
    kind: str
    title: str
    occurred_on: str | None  # ISO
    when: str  # as read: `14 Mar 2024`, or `undated`
    number: int
    x: float
    y: float
    root: bool
    anomaly: bool  # the effect of a link dated before its cause


@dataclass(frozen=True)
class Arrow:
    """A link from cause to effect as an SVG path; an out-of-order one has a flag ("!")."""

    cause: str
    effect: str
    path: str
    anomaly: str | None  # the reason, when the effect is dated before its cause
    flag: tuple[float, float] | None


@dataclass(frozen=True)
class ChainDrawing:
    """Everything the template needs to draw a chain, in drawing order."""

    width: float
    height: float
    lanes: list[Lane]
    ticks: list[Tick]
    marks: list[Mark]
    arrows: list[Arrow]
    axis_y: float
    separator_x: float | None  # the line between the dated columns and the undated one
    first: str | None  # the earliest and the latest date (`14 Mar 2024`), if any is dated
    last: str | None

    @property
    def anomalies(self) -> int:
        """How many links are out of order."""
        return sum(1 for arrow in self.arrows if arrow.anomaly)


def lay_out(
    nodes: Sequence[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    anomalies: Iterable[Mapping[str, Any]],
    root: str,
    stages: Sequence[tuple[str, str]],
    calendar: Calendar = ENGLISH,
) -> ChainDrawing:
    """The drawing of a chain: its nodes (`id`, `type`, `title`, `occurred_on` a date or
    None, and `kind` if the type is not it), its edges and anomalies (`from`, `to`, and an
    anomaly's `reason`) as projections.queries.impact_chain answers them, the root's id and
    the stages (type, label) in story order, and how dates are written. Titles are drawn
    as given: redact before."""
    days: dict[str, date | None] = {str(node["id"]): node.get("occurred_on") for node in nodes}
    dated = sorted({d for d in days.values() if d is not None})
    undated = any(d is None for d in days.values())
    columns = _columns(dated)
    last_x = columns[dated[-1]] if dated else None
    undated_x = None
    if undated:
        undated_x = LEFT if last_x is None else last_x + UNDATED_GAP
    width = max(MIN_WIDTH, (undated_x or last_x or LEFT) + RIGHT)
    rows = _rows(nodes, days, columns, undated_x or 0.0, [kind for kind, _ in stages])
    lanes = _lanes(stages, rows)
    flagged = {(str(a["from"]), str(a["to"])): str(a["reason"]) for a in anomalies}
    effects = {effect for _, effect in flagged}
    marks = _marks(nodes, days, rows, lanes, root, effects, calendar)
    where = {mark.id: mark for mark in marks}
    arrows = []
    for edge in edges:
        cause, effect = str(edge["from"]), str(edge["to"])
        if cause in where and effect in where:
            arrows.append(_arrow(where[cause], where[effect], flagged.get((cause, effect)), marks))
    top = lanes[-1].y + lanes[-1].height if lanes else 0.0
    ticks = [Tick(columns[d], calendar.day(d), calendar.year(d), d.isoformat()) for d in dated]
    if undated_x is not None:
        ticks.append(Tick(undated_x, calendar.undated, "", None))
    return ChainDrawing(
        width=_round(width),
        height=_round(top + AXIS),
        lanes=lanes,
        ticks=ticks,
        marks=marks,
        arrows=arrows,
        axis_y=_round(top),
        separator_x=None if undated_x is None or last_x is None else last_x + UNDATED_GAP / 2,
        first=_when(dated[0], calendar) if dated else None,
        last=_when(dated[-1], calendar) if dated else None,
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _when(day: date | None, calendar: Calendar) -> str:
    """A day as the pages write it (web.pages.display.day): `14 Mar 2024`."""
    return calendar.undated if day is None else calendar.full(day)


def _columns(dated: list[date]) -> dict[date, float]:
    """Each date's x: MIN_GAP apart at least, the rest of TARGET_WIDTH shared by days."""
    if not dated:
        return {}
    room = TARGET_WIDTH - LEFT - RIGHT - (len(dated) - 1) * MIN_GAP
    spare = max(0.0, room)
    days = (dated[-1] - dated[0]).days  # 0 for a chain of one day: then no gap to share
    x, columns = float(LEFT), {dated[0]: float(LEFT)}
    for before, after in pairwise(dated):
        x += MIN_GAP + (spare * (after - before).days / days if days else 0.0)
        columns[after] = _round(x)
    return columns


def _rows(
    nodes: Sequence[Mapping[str, Any]],
    days: Mapping[str, date | None],
    columns: Mapping[date, float],
    undated_x: float,
    known: list[str],
) -> dict[str, Place]:
    """Each node's (lane, x) and its row there: records of one lane and day stack."""
    taken: dict[tuple[str, float], int] = {}
    rows: dict[str, Place] = {}
    for node in nodes:
        node_id, kind = str(node["id"]), str(node["type"])
        if kind not in known:
            raise ValueError(f"no lane for records of type {kind!r}")
        day = days[node_id]
        place = (kind, columns[day] if day is not None else _round(undated_x))
        rows[node_id] = (place, taken.get(place, 0))
        taken[place] = rows[node_id][1] + 1
    return rows


def _lanes(stages: Sequence[tuple[str, str]], rows: Mapping[str, Place]) -> list[Lane]:
    """A band per stage, tall enough for the most records stacked on one of its days."""
    lanes, top = [], 0.0
    for kind, label in stages:
        stacked = 1 + max((row for (lane, _), row in rows.values() if lane == kind), default=0)
        height = LANE_HEADER + stacked * ROW + LANE_GAP
        lanes.append(Lane(kind, label, top, height))
        top += height
    return lanes


def _marks(
    nodes: Sequence[Mapping[str, Any]],
    days: Mapping[str, date | None],
    rows: Mapping[str, Place],
    lanes: list[Lane],
    root: str,
    effects: set[str],
    calendar: Calendar,
) -> list[Mark]:
    """A numbered mark per node, in the answer's order (the list's)."""
    lane_top = {lane.type: lane.y for lane in lanes}
    marks = []
    for number, node in enumerate(nodes, start=1):
        node_id = str(node["id"])
        (kind, x), row = rows[node_id]
        marks.append(
            Mark(
                id=node_id,
                type=str(node["type"]),
                kind=str(node.get("kind", node["type"])),
                title=str(node["title"]),
                occurred_on=_iso(days[node_id]),
                when=_when(days[node_id], calendar),
                number=number,
                x=x,
                y=lane_top[kind] + LANE_HEADER + row * ROW + ROW / 2,
                root=node_id == root,
                anomaly=node_id in effects,
            )
        )
    return marks


def _arrow(cause: Mark, effect: Mark, anomaly: str | None, marks: list[Mark]) -> Arrow:
    """A bowed curve from the edge of the cause's mark to the edge of the effect's (where
    the arrowhead's tip ends), bowed enough to pass other marks on its way by."""
    (x0, y0), (x2, y2) = (cause.x, cause.y), (effect.x, effect.y)
    length = math.hypot(x2 - x0, y2 - y0)
    if length < 2 * RADIUS + 4:  # marks touching: nothing to draw between them
        return Arrow(cause.id, effect.id, f"M{_n(x0)} {_n(y0)}", anomaly, None)
    bow = _bow(cause, effect, length, [m for m in marks if m.id not in (cause.id, effect.id)])
    cx = (x0 + x2) / 2 + bow * (y2 - y0) / length
    cy = (y0 + y2) / 2 - bow * (x2 - x0) / length
    sx, sy = _towards(x0, y0, cx, cy, (RING if cause.root else RADIUS) + 2)
    ex, ey = _towards(x2, y2, cx, cy, (RING if effect.root else RADIUS) + 3)
    path = f"M{_n(sx)} {_n(sy)}Q{_n(cx)} {_n(cy)} {_n(ex)} {_n(ey)}"
    flag = None
    if anomaly is not None:  # the curve's middle
        flag = (_round((sx + 2 * cx + ex) / 4), _round((sy + 2 * cy + ey) / 4))
    return Arrow(cause.id, effect.id, path, anomaly, flag)


def _bow(cause: Mark, effect: Mark, length: float, others: list[Mark]) -> float:
    """How far the curve's control point stands off the straight line, and on which side
    (positive: to the left going from cause to effect): a little always, so that links
    along one line stay apart; more where another mark sits on the line. A quadratic
    curve passes at 2t(1-t) of that distance from the line, at t along it."""
    ux, uy = (effect.x - cause.x) / length, (effect.y - cause.y) / length
    need = {1.0: min(MAX_BEND, BEND * length), -1.0: min(MAX_BEND, BEND * length)}
    clear = RADIUS + 6
    for mark in others:
        along = ((mark.x - cause.x) * ux + (mark.y - cause.y) * uy) / length
        off = (mark.x - cause.x) * uy - (mark.y - cause.y) * ux  # > 0: to the left
        if not 0.05 < along < 0.95 or abs(off) >= clear:
            continue
        spread = 2 * along * (1 - along)
        for side in need:  # bowing away from the mark needs less than bowing past it
            need[side] = max(need[side], (clear + off * side) / spread)
    side = min(need, key=lambda s: (need[s], -s))
    return side * min(need[side], length)


def _towards(x: float, y: float, to_x: float, to_y: float, by: float) -> tuple[float, float]:
    length = math.hypot(to_x - x, to_y - y) or 1.0
    return x + by * (to_x - x) / length, y + by * (to_y - y) / length


def _round(value: float) -> float:
    return round(value, 1)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
