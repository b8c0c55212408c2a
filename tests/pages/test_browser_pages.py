"""Every main page in a real browser: no serious or critical accessibility problem (axe),
under 100 KB of HTML, CSS and script, nothing asked of any other server, no JavaScript
needed; a form with a bad date keeps the rest; a lead cannot reach another coalition's
forms. Screenshots go to var/screenshots (and to docs/ for `make screenshots`)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.pages.browser import DESKTOP, PHONE, Visitor, docs_directory
from tests.pages.support import demo_id

pytestmark = pytest.mark.browser

MAX_WEIGHT = 100 * 1024
WEIGHT = """() => [
    ...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")
].reduce((sum, entry) => sum + entry.decodedBodySize, 0)"""

# Each role's main pages: (account, path or a function of the server's app giving it).
PAGES: list[tuple[str | None, str]] = [
    (None, "/sign-in"),
    ("wanjiru", "/coalitions/ke"),
    ("wanjiru", "/coalitions/ke/dialogues/new"),
    ("wanjiru", "/coalitions/ke/evidence/new"),
    ("wanjiru", "/coalitions/ke/outcomes/new"),
    ("wanjiru", "/coalitions/ke/timeline"),
    ("wanjiru", "/imports"),
    ("wanjiru", "commitment:ke-commitment-village-forums:/progress"),
    ("wanjiru", "budget_line:ke-budget-seedlings:"),
    ("amina", "/fulfilment"),
    ("amina", "/commitments"),
    ("amina", "commitment:ke-commitment-seedlings:"),
    ("tomas", "/outcomes"),
    ("tomas", "outcome:ke-outcome-seedlings:"),
    ("tomas", "impact:ke-outcome-seedlings:"),
    ("tomas", "audit:ke-evidence-forums:?as_known_on=2026-01-01"),
    ("vera", "/no/such/page"),
    ("linh", "/coalitions/ke/evidence/new"),
]
# The README's picture of each role's main page: (file, account, path, viewport).
DOCS = [
    ("lead-coalition-dashboard.png", "wanjiru", "/coalitions/ke", PHONE),
    ("lead-dialogue-form.png", "wanjiru", "/coalitions/ke/dialogues/new", PHONE),
    ("executive-fulfilment-dashboard.png", "amina", "/fulfilment", DESKTOP),
    ("evaluator-impact-chain.png", "tomas", "impact:ke-outcome-seedlings:", DESKTOP),
]
COLLECTIONS = {"commitment": "commitments", "budget_line": "budget-lines", "outcome": "outcomes"}


def resolve(visitor: Visitor, path: str) -> str:
    """A path, with a demo record named as `kind:key:rest` turned into its address."""
    if path.startswith("/"):
        return path
    kind, key, rest = path.split(":", 2)
    if kind == "impact":
        return f"/impact-chains/{demo_id(visitor.server.app, 'outcome', key)}{rest}"
    if kind == "audit":
        return f"/audit/evidence/{demo_id(visitor.server.app, 'evidence', key)}{rest}"
    return f"/{COLLECTIONS[kind]}/{demo_id(visitor.server.app, kind, key)}{rest}"


def serious_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(("account", "path"), PAGES, ids=[f"{a}{p}" for a, p in PAGES])
def test_a_main_page_is_accessible_light_and_asks_no_other_server(
    open_visitor: Callable[..., Visitor], account: str | None, path: str, width: dict[str, int]
) -> None:
    visitor = open_visitor(width, account)
    visitor.go(resolve(visitor, path))
    assert serious_problems(visitor.page) == []
    weight = visitor.page.evaluate(WEIGHT)
    assert 0 < weight < MAX_WEIGHT, f"{path} weighs {weight} bytes"
    overflow = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width["width"], f"{path} is wider than the screen"
    name = re.sub(r"[^a-z0-9]+", "-", f"{account or 'anonymous'}-{path}".lower()).strip("-")
    visitor.screenshot(f"{name}-{width['width']}")


def test_a_form_with_errors_passes_the_accessibility_check(
    open_visitor: Callable[..., Visitor],
) -> None:
    visitor = open_visitor()
    visitor.sign_in("wanjiru")
    visitor.go("/coalitions/ke/dialogues/new")
    visitor.page.get_by_role("button", name="Log the dialogue").last.click()
    expect(visitor.page.get_by_role("alert")).to_contain_text("problems to put right")
    assert serious_problems(visitor.page) == []


def test_evidence_with_a_bad_date_keeps_every_other_field_and_shows_the_error(
    open_visitor: Callable[..., Visitor],
) -> None:
    visitor = open_visitor()
    visitor.sign_in("wanjiru")
    page = visitor.go("/coalitions/ke/evidence/new")
    page.get_by_label("Title").fill("Water point scorecard, Kibwezi ward")
    page.get_by_label("Method").select_option("community_scorecard")
    page.get_by_label("From").fill("2025-02-01")
    page.get_by_label("To", exact=True).fill("2025-03-15")
    page.get_by_label("Sample size").fill("240")
    page.get_by_label("Groups represented").fill("women, persons with disabilities")
    page.get_by_label("Disability").check()
    page.get_by_label("4 – collaboration").check()
    page.get_by_label("Producers").fill("Kibwezi water users' association")
    page.get_by_label("Consent was obtained").check()
    page.get_by_label("Kind of consent").select_option("verbal")
    page.get_by_label("Public").check()
    page.get_by_label("SDG targets").fill("6.1, 5.5")
    later = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    page.get_by_label("Date recorded by the coalition").fill(later)
    page.get_by_role("button", name="Record the evidence").click()
    date_field = page.get_by_label("Date recorded by the coalition")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-occurred_on-error")).to_contain_text("must not be later than tomorrow")
    expect(date_field).to_have_value(later)
    expect(page.get_by_label("Title")).to_have_value("Water point scorecard, Kibwezi ward")
    expect(page.get_by_label("Sample size")).to_have_value("240")
    expect(page.get_by_label("Disability")).to_be_checked()
    expect(page.get_by_label("4 – collaboration")).to_be_checked()
    expect(page.get_by_label("Kind of consent")).to_have_value("verbal")
    page.get_by_role("alert").get_by_role("link").first.click()
    expect(date_field).to_be_focused()
    visitor.screenshot("lead-evidence-bad-date-360")


def test_a_lead_cannot_reach_another_coalitions_forms(open_visitor: Callable[..., Visitor]) -> None:
    visitor = open_visitor()
    visitor.sign_in("wanjiru")
    visitor.go("/coalitions/vn")
    expect(
        visitor.page.get_by_role("link", name="Log a dialogue and its commitments")
    ).to_have_count(0)
    for path in ("/coalitions/vn/dialogues/new", "/coalitions/vn/evidence/new"):
        visitor.go(path)
        expect(visitor.page.get_by_role("heading", level=1)).to_have_text("You may not do this")
        expect(visitor.page.locator("main")).to_contain_text("Only the leads of the vn coalition")


def test_pages_work_without_javascript(open_visitor: Callable[..., Visitor]) -> None:
    visitor = open_visitor()
    visitor.context.close()
    context = visitor.page.context.browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(visitor.server.url + "/sign-in")
    page.get_by_label("Name").fill("wanjiru")
    page.get_by_label("Password").fill("wanjiru-secret-passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Log a dialogue and its commitments").click()
    page.get_by_label("What was promised (commitment 1)").fill("Keep this")
    page.get_by_role("button", name="Add another commitment").click()
    expect(page.get_by_label("What was promised (commitment 1)")).to_have_value("Keep this")
    expect(page.get_by_label("What was promised (commitment 2)")).to_have_value("")
    context.close()


def test_the_readme_pictures_each_roles_main_page(open_visitor: Callable[..., Visitor]) -> None:
    """Screenshots of the main pages; `make screenshots` copies them into docs/."""
    target = docs_directory()
    for file, account, path, viewport in DOCS:
        visitor = open_visitor(viewport, account)
        visitor.go(resolve(visitor, path))
        shot = visitor.screenshot(f"docs-{file.removesuffix('.png')}", full_page=False)
        if target is not None:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, target / file)


def test_the_content_security_policy_holds_in_the_browser(
    open_visitor: Callable[..., Visitor],
) -> None:
    """The pages run with the policy the server sends (every browser test checks that no
    page breaks it); a script slipped into a page is refused, and the page cannot be framed."""
    visitor = open_visitor(DESKTOP, "wanjiru")
    page = visitor.go("/coalitions/ke")
    with pytest.raises(Exception, match=r"Content Security Policy|Refused|violat"):
        page.add_script_tag(content="document.title = 'injected'")
    assert page.title() != "injected"
    assert any("inline script" in line for line in visitor.refused)
    visitor.refused.clear()  # seen, as the test wanted
    page.set_content(f'<iframe src="{visitor.server.url}/coalitions/ke"></iframe>')
    page.wait_for_timeout(500)
    assert any("frame-ancestors" in line for line in visitor.refused)
    visitor.refused.clear()
