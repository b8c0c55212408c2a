"""A record page's comment thread in a real browser: a lead comments, an executive replies
from the comment's own reply form with JavaScript turned off, and the page with its thread
and forms has no serious accessibility problem (axe) and asks no other server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.pages.browser import PHONE, Server, serving, visitor
from tests.pages.support import copy_of, demo_id
from tests.pages.test_browser_pages import serious_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def own_server(demo_file: Path, tmp_path: Path) -> Iterator[Server]:
    """A server on a copy of the demo of its own (comments change the record's page)."""
    with serving(copy_of(demo_file, tmp_path), "comment-browser-tests") as served:
        yield served


def test_a_comment_and_a_reply_on_a_record_page_without_javascript(
    own_server: Server, browser: Browser
) -> None:
    dialogue = demo_id(own_server.app, "dialogue", "ke-dialogue-budget-hearing")
    path = f"/dialogues/{dialogue}"
    people = []
    try:
        lead = visitor(own_server, browser, PHONE)
        people.append(lead)
        lead.sign_in("wanjiru")
        page = lead.go(path)
        page.get_by_label("Your comment").fill("Did the county send the minutes? @amina")
        page.get_by_role("button", name="Comment", exact=True).click()
        page.wait_for_load_state()
        expect(page.locator("ol.comments > li")).to_have_count(1)
        expect(page.locator("ol.comments")).to_contain_text("Did the county send the minutes?")
        assert serious_problems(page) == []

        context = browser.new_context(java_script_enabled=False, viewport=PHONE)
        executive = visitor(own_server, browser, PHONE)
        people.append(executive)
        executive.context.close()
        executive.context = context
        executive.page = context.new_page()
        context.on("request", lambda request: executive.requests.append(request.url))
        executive.sign_in("amina")
        page = executive.go(path)
        first = page.locator("ol.comments > li").first
        first.get_by_text("Reply", exact=True).click()
        first.get_by_label("Your reply").fill("Yes — received on 3 March.")
        first.get_by_role("button", name="Send the reply").click()
        page.wait_for_load_state()
        comments = page.locator("ol.comments > li")
        expect(comments).to_have_count(2)
        expect(comments.nth(1)).to_contain_text("in reply to wanjiru")
        expect(comments.nth(1)).to_contain_text("Yes — received on 3 March.")
        executive.screenshot("comment-thread-360")
        page = lead.go(path)  # axe needs script: the lead's browser runs it
        expect(page.locator("ol.comments > li")).to_have_count(2)
        page.locator("ol.comments details").first.click()
        assert serious_problems(page) == []
    finally:
        for person in people:
            person.context.close()
            assert person.elsewhere() == [], "a page asked another server for something"
