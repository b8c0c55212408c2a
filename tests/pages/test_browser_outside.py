"""The outside substantiation page in a real browser, in French, for a first-time visitor:
no serious accessibility problem (axe), nothing asked of any other server, the answer
sent once without JavaScript or any cookie from before, then the link gone (410)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.pages.browser import PHONE, Server, serving, visitor
from tests.pages.support import copy_of, demo_id
from tests.pages.test_browser_pages import serious_problems
from tests.pages.test_outside_substantiation import NAME, ask

pytestmark = pytest.mark.browser


@pytest.fixture
def own_server(demo_file: Path, tmp_path: Path) -> Iterator[Server]:
    """A server on a copy of the demo of its own (the answer changes an outcome)."""
    with serving(copy_of(demo_file, tmp_path), "outside-browser-tests") as served:
        yield served


def test_an_outside_person_answers_in_french_once_with_an_accessible_page(
    own_server: Server, browser: Browser
) -> None:
    outcome = demo_id(own_server.app, "outcome", "ke-outcome-seedlings")
    link = ask(own_server.app, outcome, "fr")
    person = visitor(own_server, browser, PHONE)
    person.context.set_extra_http_headers({"Accept-Language": "en"})
    try:
        page = person.go(link)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_text(NAME)).to_be_visible()
        assert serious_problems(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= PHONE["width"]
        assert person.context.cookies() == []  # nothing kept of the visit
        person.screenshot("outside-substantiation-form-360")
        page.get_by_role("button").click()  # no verdict chosen: the form says so
        expect(page.get_by_role("alert")).to_be_visible()
        assert serious_problems(page) == []
        page.locator("input[value=partially_agree]").check()
        page.locator("textarea").fill("La moitié seulement")
        page.get_by_role("button").click()
        expect(page.locator("textarea")).to_have_count(0)  # the thank-you page
        expect(page.get_by_text(NAME)).to_be_visible()
        assert "/substantiate/" in page.url
        assert serious_problems(page) == []
        person.screenshot("outside-substantiation-thanks-360")
        gone = page.goto(own_server.url + link)
        assert gone is not None and gone.status == 410
        assert serious_problems(page) == []
        assert "seedlings" not in page.content().lower()
        assert person.elsewhere() == []
        assert person.refused == []
    finally:
        person.context.close()
