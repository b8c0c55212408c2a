"""The three roles do their work in a real browser: a lead logs a dialogue with two
commitments, the executive committee reviews one, an evaluator audits it as it was known
before the review."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from tests.pages.browser import DESKTOP, Visitor

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "Ward water committee meeting on the scorecard"
FIRST = "Repair the two broken water points in Kibwezi"
SECOND = "Publish the water point budgets on the ward notice board"


def log_dialogue(page: Page) -> None:
    """Fill the dialogue form as a lead would, adding the second commitment's row."""
    page.get_by_role("link", name="Log a dialogue and its commitments").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Date it was held").fill("2024-12-02")
    page.get_by_label("Level of government").select_option("local")
    page.get_by_label("Format").select_option("meeting")
    page.get_by_label("Summary").fill("The coalition presented the water point scorecard.")
    page.get_by_label("Institution (decision maker 1)").fill("Kibwezi ward administration")
    page.get_by_label("Role (decision maker 1)").fill("Ward administrator")
    page.get_by_label("Participants in all").fill("31")
    page.get_by_label("Participants by group").fill("women: 18\nyouth: 6")
    page.get_by_label("What was promised (commitment 1)").fill(FIRST)
    page.get_by_label("Institution that promised it (commitment 1)").fill(
        "Kibwezi ward administration"
    )
    page.get_by_label("Due date (commitment 1)").fill("2025-01-31")  # long past: overdue
    page.get_by_label("Groups it is for (commitment 1)").fill("women, youth")
    page.get_by_label("SDG targets (commitment 1)").fill("6.1")
    page.get_by_role("button", name="Add another commitment").click()
    # The round trip kept everything and added a row.
    expect(page.get_by_label("What was promised (commitment 1)")).to_have_value(FIRST)
    expect(page.get_by_label("Participants by group")).to_have_value("women: 18\nyouth: 6")
    page.get_by_label("What was promised (commitment 2)").fill(SECOND)
    page.get_by_label("Institution that promised it (commitment 2)").fill(
        "Kibwezi ward administration"
    )
    page.get_by_label("Groups it is for (commitment 2)").fill("women")
    page.get_by_label("SDG targets (commitment 2)").fill("16.10")
    page.get_by_role("button", name="Log the dialogue").last.click()


def test_a_dialogue_goes_from_the_lead_to_the_committee_to_the_evaluator(
    open_visitor: Callable[..., Visitor],
) -> None:
    lead = open_visitor()
    lead.sign_in("wanjiru")
    expect(lead.page.get_by_role("heading", level=1)).to_have_text("Kenya country coalition")
    log_dialogue(lead.page)
    expect(lead.page.get_by_role("status")).to_contain_text("the dialogue and 2 commitments")
    lead.screenshot("lead-dialogue-saved-360")
    lead.go("/coalitions/ke/timeline")
    timeline = lead.page.locator("ol.timeline")
    expect(timeline).to_contain_text(f"Meeting “{TITLE}” held")
    made = timeline.get_by_text(re.compile(r"Commitment “.+” by Kibwezi ward administration made"))
    expect(made).to_have_count(2)  # each named by its own words

    executive = open_visitor(DESKTOP)
    executive.sign_in("amina")
    expect(executive.page).to_have_url(re.compile(r"/fulfilment$"))
    overdue = executive.page.locator("#overdue + ul")
    expect(overdue).to_contain_text(FIRST)
    expect(overdue).to_contain_text("days overdue")
    executive.page.get_by_role("link", name=re.compile(r"^Made: \d+")).click()
    listed = executive.page.locator("ul.card-list")
    expect(listed).to_contain_text(FIRST)
    expect(listed).to_contain_text(SECOND)
    known = datetime.now(UTC)  # the review is recorded in a later second than this
    time.sleep(1.05 - known.microsecond / 1e6)
    listed.get_by_role("link", name=SECOND).click()
    review = executive.page.locator(
        "form", has=executive.page.get_by_role("button", name="Record the review")
    )
    review.get_by_label("Needs evidence").check()
    review.get_by_label("Note").fill("Ask for a photo of the notice board.")
    review.get_by_role("button", name="Record the review").click()
    expect(executive.page.get_by_role("status")).to_contain_text("Saved")
    expect(executive.page.locator("main")).to_contain_text("review: needs evidence")

    evaluator = open_visitor(DESKTOP)
    evaluator.sign_in("tomas")
    evaluator.go(executive.page.url.removeprefix(executive.server.url))
    evaluator.page.get_by_role("link", name="Impact chain", exact=True).click()
    chain = evaluator.page.locator("ol.chain")
    expect(chain).to_contain_text("Dialogues with decision makers")
    expect(chain).to_contain_text(TITLE)
    expect(chain.locator("li.root")).to_contain_text(SECOND)
    chain.locator("li.root").get_by_role("link", name="Audit view").click()
    expect(evaluator.page.locator("main")).to_contain_text("review: needs evidence")
    evaluator.page.get_by_label("As known on").fill(known.strftime("%Y-%m-%d"))
    evaluator.page.get_by_label("At").fill(known.strftime("%H:%M:%S"))
    evaluator.page.get_by_role("button", name="Show").click()
    state = evaluator.page.locator("main")
    expect(state).to_contain_text("Version 1 of 2")
    expect(state).to_contain_text("not reviewed")
    expect(evaluator.page.get_by_role("row", name=re.compile("Reviewed"))).to_contain_text(
        "not yet"
    )
    evaluator.screenshot("evaluator-audit-as-known-on-1280")
