"""The review queue in a real browser: the executive committee finds the demo's one closed
commitment nobody has reviewed (the Ngiluni seedlings, partially fulfilled), on a phone and
on a desktop, with no serious accessibility problem (axe), follows its link to the review
form, records a verdict, and the queue is empty. On a server of its own (a copy of the demo),
so that the review changes nothing the other browser tests see."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.pages.browser import DESKTOP, PHONE, Server, serving, visitor
from tests.pages.support import copy_of
from tests.pages.test_browser_pages import serious_problems

pytestmark = pytest.mark.browser

SEEDLINGS = "Fund 25,000 drought-tolerant seedlings for Ngiluni village"


@pytest.fixture
def own_server(
    server: Server, demo_file: Path, tmp_path: Path
) -> Iterator[Server]:  # `server`: skips or fails without Chromium, as every browser test
    with serving(copy_of(demo_file, tmp_path), "review-queue-tests") as served:
        yield served


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_committee_reviews_what_waits_in_the_queue(
    own_server: Server, browser: Browser, width: dict[str, int]
) -> None:
    amina = visitor(own_server, browser, width)
    try:
        amina.sign_in("amina")
        page = amina.go("/fulfilment")
        page.get_by_role("link", name="Reviews", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Commitments to review")
        queue = page.locator("main ul.review-queue > li")
        expect(queue).to_have_count(1)
        expect(queue.first).to_contain_text(SEEDLINGS)
        expect(queue.first).to_contain_text("partially fulfilled")
        expect(queue.first).to_contain_text("not reviewed")
        assert serious_problems(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width["width"], "the queue is wider than the screen"
        amina.screenshot(f"executive-review-queue-{width['width']}")
        queue.first.get_by_role("link", name="Review it").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Review fulfilment")
        page.get_by_label("Disputed").check()
        page.get_by_label("Note").fill("The county planted 17,500 of the 25,000 seedlings.")
        page.get_by_role("button", name="Record the review").click()
        expect(page.locator("main")).to_contain_text("review: disputed")
        amina.go("/reviews")
        expect(page.locator("main")).to_contain_text("No commitment is waiting for a review.")
        expect(page.locator("main")).to_contain_text("0 commitments are waiting for a review.")
        assert serious_problems(page) == []
        assert amina.elsewhere() == [], "a page asked another server for something"
        assert amina.refused == [], f"a page broke its Content-Security-Policy: {amina.refused}"
    finally:
        amina.context.close()
