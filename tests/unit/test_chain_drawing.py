"""The impact chain's drawing: where marks, lanes, date columns and arrows go
(web.pages.chain_drawing), and its SVG (macros/chain_drawing.html) escaping every text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader, select_autoescape

from web.pages.chain_drawing import LEFT, MIN_GAP, UNDATED, ChainDrawing, Mark, lay_out
from web.pages.display import words
from web.pages.impact import STAGES

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def node(node_id: str, kind: str, on: str | None, title: str = "") -> dict[str, Any]:
    """A node as projections.queries.impact_chain answers it (only what the drawing reads),
    dated on the ISO day `on`."""
    day = None if on is None else date.fromisoformat(on)
    return {"id": node_id, "type": kind, "title": title or f"{kind} {node_id}", "occurred_on": day}


def link(cause: str, effect: str) -> dict[str, str]:
    return {"from": cause, "to": effect, "relation": "informed"}


def drawn(
    nodes: list[dict[str, Any]],
    edges: Sequence[dict[str, str]] = (),
    anomalies: Sequence[dict[str, str]] = (),
    root: str | None = None,
) -> ChainDrawing:
    return lay_out(nodes, edges, anomalies, root or nodes[0]["id"], STAGES)


def marks(drawing: ChainDrawing) -> dict[str, Mark]:
    return {mark.id: mark for mark in drawing.marks}


def svg(drawing: ChainDrawing) -> str:
    """The macro rendered with autoescape on .html templates, as Flask renders it."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # the i18n extension's
    env.filters["words"] = words
    env.globals["record_url"] = lambda kind, record_id: f"/{kind}/{record_id}"
    macro = env.get_template("macros/chain_drawing.html").module.chain_drawing  # type: ignore[attr-defined]
    return str(macro(drawing, "chain-in-words"))


STORY = [
    node("e", "evidence", "2023-08-10"),
    node("a", "advocacy-inputs", "2024-02-20"),
    node("d", "dialogues", "2024-03-14"),
    node("c1", "commitments", "2024-03-14"),
    node("c2", "commitments", "2024-03-14"),
    node("b", "budget-lines", "2024-04-30"),
    node("o", "outcomes", "2025-04-30"),
]


def test_later_dates_stand_further_right_and_one_day_shares_a_column() -> None:
    at = marks(drawn(STORY))
    xs = [at[i].x for i in ("e", "a", "d", "b", "o")]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert at["d"].x == at["c1"].x == at["c2"].x
    assert all(after - before >= MIN_GAP for before, after in pairwise(xs))


def test_the_axis_has_a_tick_per_date_in_order() -> None:
    drawing = drawn(STORY)
    assert [t.iso for t in drawing.ticks] == [
        "2023-08-10",
        "2024-02-20",
        "2024-03-14",
        "2024-04-30",
        "2025-04-30",
    ]
    assert (drawing.ticks[0].day, drawing.ticks[0].year) == ("10 Aug", "2023")
    assert (drawing.first, drawing.last) == ("10 Aug 2023", "30 Apr 2025")


def test_a_long_wait_takes_more_room_than_a_short_one() -> None:
    at = marks(drawn(STORY))
    assert at["o"].x - at["b"].x > at["b"].x - at["d"].x  # a year against seven weeks


def test_each_stage_has_its_lane_in_story_order_and_its_marks_inside() -> None:
    drawing = drawn(STORY)
    assert [(lane.type, lane.label) for lane in drawing.lanes] == list(STAGES)
    tops = [lane.y for lane in drawing.lanes]
    assert tops == sorted(tops)
    lanes = {lane.type: lane for lane in drawing.lanes}
    for mark in drawing.marks:
        lane = lanes[mark.type]
        assert lane.y < mark.y < lane.y + lane.height
    assert drawing.axis_y >= drawing.lanes[-1].y + drawing.lanes[-1].height


def test_records_of_one_lane_and_day_stack_without_overlapping() -> None:
    at = marks(drawn(STORY))
    assert at["c1"].x == at["c2"].x
    assert abs(at["c1"].y - at["c2"].y) >= 20  # two marks' diameters


def test_a_stage_with_no_record_still_has_its_lane() -> None:
    drawing = drawn([node("e", "evidence", "2024-01-01"), node("o", "outcomes", "2024-06-01")])
    assert len(drawing.lanes) == len(STAGES)
    assert all(lane.height > 0 for lane in drawing.lanes)


def test_undated_records_stand_in_a_labelled_column_after_the_dated_ones() -> None:
    drawing = drawn(
        [node("e", "evidence", "2024-01-01"), node("b", "budget-lines", None)],
        [link("e", "b")],
    )
    at = marks(drawing)
    assert at["b"].x > at["e"].x
    assert at["b"].occurred_on is None and at["b"].when == UNDATED
    assert drawing.ticks[-1].day == UNDATED and drawing.ticks[-1].x == at["b"].x
    assert drawing.separator_x is not None and at["e"].x < drawing.separator_x < at["b"].x
    assert at["b"].x < drawing.width


def test_a_chain_of_undated_records_only_draws() -> None:
    drawing = drawn([node("e", "evidence", None), node("o", "outcomes", None)], [link("e", "o")])
    assert [t.day for t in drawing.ticks] == [UNDATED]
    assert drawing.separator_x is None and drawing.first is None
    assert len(drawing.arrows) == 1


def test_an_anomaly_is_a_flagged_arrow_to_a_marked_effect() -> None:
    reason = "the outcome is dated 1 Jan 2020, before the evidence it follows from (1 Jan 2024)"
    drawing = drawn(
        [node("e", "evidence", "2024-01-01"), node("o", "outcomes", "2020-01-01")],
        [link("e", "o")],
        [{"from": "e", "to": "o", "reason": reason}],
        root="o",
    )
    (arrow,) = drawing.arrows
    assert arrow.anomaly == reason and arrow.flag is not None
    assert drawing.anomalies == 1
    at = marks(drawing)
    assert at["o"].anomaly and not at["e"].anomaly
    assert at["o"].x < at["e"].x  # the effect stands left of its cause: the arrow runs back
    drawing_svg = svg(drawing)
    assert 'class="cd-link cd-bad"' in drawing_svg  # dashed and red, by its class
    assert 'class="cd-flag"' in drawing_svg and ">!</text>" in drawing_svg  # not colour alone


def test_an_arrow_runs_between_the_edges_of_its_marks() -> None:
    drawing = drawn(STORY, [link("e", "a")])
    (arrow,) = drawing.arrows
    at = marks(drawing)
    assert arrow.path.startswith("M") and "Q" in arrow.path
    start = [float(v) for v in arrow.path[1:].split("Q")[0].split()]
    assert start[0] > at["e"].x  # not from the mark's centre, but its edge
    assert arrow.anomaly is None and arrow.flag is None


def test_the_root_is_marked() -> None:
    at = marks(drawn(STORY, root="c2"))
    assert [mark_id for mark_id, mark in at.items() if mark.root] == ["c2"]
    assert 'class="cd-mark cd-root"' in svg(drawn(STORY, root="c2"))


def test_marks_are_numbered_in_the_order_of_the_answer() -> None:
    assert [mark.number for mark in drawn(STORY).marks] == list(range(1, len(STORY) + 1))


def test_a_single_record_draws() -> None:
    drawing = drawn([node("o", "outcomes", "2025-01-01")])
    (mark,) = drawing.marks
    assert mark.x == LEFT and mark.root
    assert drawing.arrows == [] and drawing.width > 0 and drawing.height > 0
    assert "<svg" in svg(drawing)


def test_a_chain_of_one_day_draws() -> None:
    day = "2025-01-01"
    drawing = drawn(
        [node("d", "dialogues", day), node("c", "commitments", day), node("o", "outcomes", day)],
        [link("d", "c"), link("c", "o")],
    )
    assert {mark.x for mark in drawing.marks} == {LEFT}
    assert len(drawing.ticks) == 1 and len(drawing.arrows) == 2
    assert all("nan" not in arrow.path for arrow in drawing.arrows)


def test_a_node_of_an_unknown_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="no lane"):
        drawn([node("x", "coalitions", "2025-01-01")])


def test_user_text_is_escaped_in_the_svg() -> None:
    title = """<script>alert("x")</script> & 'quoted' "title" </title><a href="x">"""
    drawing = drawn([node("e", "evidence", "2024-01-01", title), node("o", "outcomes", None)])
    made = svg(drawing)
    assert "<script>" not in made and "</title><a" not in made
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;" in made


def test_the_svg_is_an_image_with_a_title_and_description_pointing_to_the_list() -> None:
    made = svg(drawn(STORY, [link("e", "a")]))
    assert '<g role="img" aria-labelledby="cd-title" aria-describedby="cd-desc">' in made
    assert '<title id="cd-title">' in made and '<desc id="cd-desc">' in made
    assert "7 records in 6 stages" in made and "list after the drawing" in made
    assert 'href="#chain-in-words"' in made
    assert 'viewBox="0 0 ' in made and "style=" not in made and "<script" not in made
