"""Pages in Arabic (right to left) and Vietnamese in a real browser at 360 px: the layout
mirrors in Arabic, no serious or critical accessibility problem, still under 100 KB, and the
menu changes the language without JavaScript. Screenshots of the lead's dashboard and the
dialogue form go to var/screenshots (and to docs/ for `make screenshots`)."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.pages.browser import PHONE, Visitor, docs_directory
from tests.pages.test_browser_pages import MAX_WEIGHT, WEIGHT, serious_problems

pytestmark = pytest.mark.browser

# (name in docs/, path) of the pictures, each taken in Arabic and in Vietnamese.
PICTURES = [
    ("dashboard", "/coalitions/ke"),
    ("dialogue-form", "/coalitions/ke/dialogues/new"),
]
ARABIC_PAGES = ["/coalitions/ke", "/coalitions/ke/dialogues/new", "/fulfilment", "/account"]


@pytest.mark.parametrize("language", ["ar", "vi"])
@pytest.mark.parametrize(("name", "path"), PICTURES, ids=[n for n, _ in PICTURES])
def test_the_dashboard_and_dialogue_form_in_arabic_and_vietnamese_at_360_px(
    open_visitor: Callable[..., Visitor], language: str, name: str, path: str
) -> None:
    visitor = open_visitor(PHONE, "wanjiru")
    page = visitor.go(f"{path}?lang={language}")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert serious_problems(page) == []
    weight = page.evaluate(WEIGHT)
    assert 0 < weight < MAX_WEIGHT, f"{path} in {language} weighs {weight} bytes"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot = visitor.screenshot(f"{language}-{name}-360", full_page=False)
    target = docs_directory()
    if target is not None:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, target / f"screenshots-{language}-{name}.png")


@pytest.mark.parametrize("path", ARABIC_PAGES)
def test_arabic_pages_mirror_and_pass_the_accessibility_check(
    open_visitor: Callable[..., Visitor], path: str
) -> None:
    visitor = open_visitor(PHONE, "wanjiru" if path != "/fulfilment" else "amina")
    page = visitor.go(f"{path}?lang=ar")
    assert serious_problems(page) == []
    assert 0 < page.evaluate(WEIGHT) < MAX_WEIGHT
    # The brand, first in the header, stands at the right; the page is no wider than the screen.
    brand = page.locator(".brand").bounding_box()
    assert brand is not None and brand["x"] + brand["width"] > PHONE["width"] / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_language_menu_works_without_javascript(open_visitor: Callable[..., Visitor]) -> None:
    visitor = open_visitor()
    visitor.context.close()
    context = visitor.page.context.browser.new_context(
        java_script_enabled=False, viewport=PHONE, locale="en-GB"
    )
    page = context.new_page()
    page.goto(visitor.server.url + "/sign-in?next=%2Ffulfilment")
    page.locator("details.languages summary").click()
    page.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert "next=%2Ffulfilment" in page.url
    page.goto(visitor.server.url + "/sign-in")  # the cookie keeps the choice
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    context.close()
