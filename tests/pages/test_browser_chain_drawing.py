"""The impact chain's drawing in a real browser on a 360-px phone: no serious or critical
accessibility problem (axe), the page no wider than the screen (the drawing scrolls in its
own box, which takes the keyboard's focus visibly), the SVG shown with its text at 12 px
or more, and its marks leading to their records."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.pages.browser import PHONE, Visitor
from tests.pages.support import demo_id
from tests.pages.test_browser_pages import serious_problems

pytestmark = pytest.mark.browser

SMALLEST_TEXT = """() => {
    const svg = document.querySelector("svg.cd");
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll("text")].map(
        (text) => parseFloat(getComputedStyle(text).fontSize) * scale));
}"""


def open_chain(open_visitor: Callable[..., Visitor]) -> Visitor:
    visitor = open_visitor(PHONE, "tomas")
    outcome = demo_id(visitor.server.app, "outcome", "ke-outcome-seedlings")
    visitor.go(f"/impact-chains/{outcome}")
    return visitor


def test_the_chain_drawing_is_accessible_and_fits_a_phone(
    open_visitor: Callable[..., Visitor],
) -> None:
    visitor = open_chain(open_visitor)
    page = visitor.page
    drawing = page.get_by_role("img", name="The impact chain drawn on a date axis")
    expect(drawing).to_be_visible()
    assert serious_problems(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]
    assert page.evaluate(SMALLEST_TEXT) >= 12
    box = page.locator(".cd-scroll")
    assert box.evaluate("(box) => box.scrollWidth > box.clientWidth")  # it scrolls, the page not
    visitor.screenshot("tomas-impact-chain-drawing-360", full_page=True)


def test_the_drawings_box_takes_the_focus_visibly_and_scrolls(
    open_visitor: Callable[..., Visitor],
) -> None:
    visitor = open_chain(open_visitor)
    page = visitor.page
    box = page.locator(".cd-scroll")
    page.locator("#main").focus()
    for _ in range(20):  # the box is reached with the keyboard alone
        page.keyboard.press("Tab")
        if box.evaluate("(box) => document.activeElement === box"):
            break
    else:
        pytest.fail("the drawing's box never took the focus")
    assert box.evaluate("(box) => getComputedStyle(box).outlineStyle") != "none"
    page.keyboard.press("ArrowRight")
    expect(box).not_to_have_js_property("scrollLeft", 0)


def test_a_mark_of_the_drawing_opens_its_record(open_visitor: Callable[..., Visitor]) -> None:
    visitor = open_chain(open_visitor)
    page = visitor.page
    commitment = demo_id(visitor.server.app, "commitment", "ke-commitment-seedlings")
    mark = page.locator(f'svg.cd a[href$="{commitment}"]')
    expect(mark).to_have_count(1)
    mark.locator("circle.cd-dot").click()
    expect(page).to_have_url(f"{visitor.server.url}/commitments/{commitment}")
