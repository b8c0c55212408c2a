"""The import page in a real browser, on a server of its own (the import adds records, which
the shared server's pages must not see): the sample OGP file and its mapping uploaded at
phone width, its preview with the two rows' problems, confirmed with "save the good rows",
and the report; no serious accessibility problem (axe), nothing wider than the screen,
no script, nothing asked of another server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.pages.browser import PHONE, Server, Visitor, serving, visitor
from tests.pages.support import copy_of
from tests.pages.test_browser_pages import serious_problems

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


@pytest.fixture
def own_server(demo_file: Path, tmp_path: Path, browser: Browser) -> Iterator[Server]:
    with serving(copy_of(demo_file, tmp_path), "imports") as server:
        yield server


@pytest.fixture
def lead(own_server: Server, browser: Browser) -> Iterator[Visitor]:
    made = visitor(own_server, browser, PHONE)
    made.context.set_default_timeout(20_000)
    made.sign_in("wanjiru")
    yield made
    made.context.close()
    assert made.elsewhere() == [], "a page asked another server for something"
    assert made.refused == [], f"a page broke its Content-Security-Policy: {made.refused}"


def fits(visitor: Visitor) -> None:
    assert serious_problems(visitor.page) == []
    width = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{visitor.page.url} is wider than the screen"


def test_a_lead_checks_the_sample_file_then_imports_its_good_rows(lead: Visitor) -> None:
    page = lead.go("/")
    page.get_by_role("link", name="Import a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a file")
    fits(lead)
    page.get_by_label("Kind of records").select_option("commitments")
    page.get_by_label("Coalition").select_option("ke")
    page.get_by_label("File (CSV)").set_input_files(str(FIXTURES / "ogp-irm-sample.csv"))
    page.get_by_label("Mapping (TOML)").set_input_files(str(FIXTURES / "ogp-irm.toml"))
    page.get_by_role("button", name="Check the file").click()

    # The page refreshes itself (no script) until the check is done.
    preview = page.get_by_role("region", name="The first 5 rows")
    expect(preview).to_be_visible()
    expect(preview.locator("tr.invalid")).to_have_count(2)
    expect(preview.locator("tr.invalid").first).to_contain_text("Almost there")
    expect(preview.locator("tr.invalid").last).to_contain_text("made_by.institution")
    expect(preview).to_contain_text("Open contracting in Makueni County")
    fits(lead)
    lead.screenshot("lead-import-preview-360")

    page.get_by_label("Save the good rows even if some rows have problems").check()
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("heading", name="Report")).to_be_visible()
    report = page.locator("dl.facts")
    expect(report).to_contain_text("Created")
    assert page.locator("dl.facts dt:text('Created') + dd").inner_text() == "3"
    expect(page.locator("ul.problems li")).to_have_count(2)
    fits(lead)
    lead.screenshot("lead-import-report-360")


def test_the_import_page_works_without_javascript(own_server: Server, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        made = Visitor(own_server, context, context.new_page())
        made.sign_in("wanjiru")
        page = made.go("/imports")
        page.get_by_label("Coalition").select_option("ke")
        page.get_by_label("Kind of records").select_option("commitments")
        page.get_by_label("File (CSV)").set_input_files(str(FIXTURES / "ogp-irm-sample.csv"))
        page.get_by_label("Mapping (TOML)").set_input_files(str(FIXTURES / "ogp-irm.toml"))
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_role("button", name="Confirm and import")).to_be_visible(timeout=20_000)
    finally:
        context.close()
