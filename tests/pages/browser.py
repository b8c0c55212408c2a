"""Headless Chromium (Debian's, through Playwright) against a real server of the app on a
loopback port, with a fresh copy of the demo; every request a page makes is recorded."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    sync_playwright,
)
from werkzeug.serving import make_server

from tests.pages.support import copy_of, password
from web import create_app
from web.services import close_services

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Server:
    """The app served on a loopback port."""

    url: str
    app: Any


@pytest.fixture(scope="session")
def server(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real HTTP server (werkzeug, threaded) on a free port, on its own demo database."""
    if not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium"
        if os.environ.get("CI") == "true":  # CI must run the browser tests, never skip them
            pytest.fail(missing)
        pytest.skip(missing)
    database = copy_of(demo_file, tmp_path_factory.mktemp("served"))
    with serving(database, "browser-tests") as server:
        yield server


@contextmanager
def serving(database_url: str, secret: str) -> Iterator[Server]:
    """The app on that database, served by a threaded werkzeug server on a free port."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": secret})
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{http.server_port}", app)
    finally:
        http.shutdown()
        thread.join(timeout=10)
        close_services(app)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with nothing that phones home."""
    if not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium"
        if os.environ.get("CI") == "true":  # CI must run the browser tests, never skip them
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@dataclass
class Visitor:
    """One person's browser: a context of its own, and every request it made."""

    server: Server
    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # what the CSP made the browser refuse

    def go(self, path: str) -> Page:
        self.page.goto(self.server.url + path)
        return self.page

    def sign_in(self, name: str) -> None:
        self.go("/sign-in")
        self.page.get_by_label("Name").fill(name)
        self.page.get_by_label("Password").fill(password(name))
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()

    def elsewhere(self) -> list[str]:
        """Requests to anything but the test server (a `data:` URL is no request at all)."""
        return [
            url
            for url in self.requests
            if not url.startswith(self.server.url + "/") and not url.startswith("data:")
        ]

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        """A screenshot under var/screenshots (never into tracked files)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def visitor(
    server: Server, browser: Browser, viewport: dict[str, int] = PHONE, state: Any = None
) -> Visitor:
    """A new browser context (with a signed-in session's cookies, if given) that records
    every request its pages make."""
    context = browser.new_context(
        viewport=viewport, locale="en-GB", timezone_id="UTC", storage_state=state
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    made = Visitor(server, context, page)

    def record(request: Request) -> None:
        made.requests.append(request.url)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            made.refused.append(message.text)

    context.on("request", record)
    page.on("console", console)
    return made


@pytest.fixture(scope="session")
def sessions() -> dict[str, Any]:
    """Each account's signed-in cookies, kept so that it signs in once per test session."""
    return {}


@pytest.fixture
def open_visitor(server: Server, browser: Browser, sessions: dict[str, Any]) -> Iterator[Any]:
    """Make visitors (phone-sized unless told), signed in as `account` if one is named;
    all are closed after the test, and none may have asked anything of another server."""
    made: list[Visitor] = []

    def make(viewport: dict[str, int] = PHONE, account: str | None = None) -> Visitor:
        if account is not None and account not in sessions:
            first = visitor(server, browser)
            first.sign_in(account)
            sessions[account] = first.context.storage_state()
            made.append(first)
        made.append(visitor(server, browser, viewport, sessions.get(account or "")))
        return made[-1]

    yield make
    for each in made:
        each.context.close()
        assert each.elsewhere() == [], "a page asked another server for something"
        assert each.refused == [], f"a page broke its Content-Security-Policy: {each.refused}"


def docs_directory() -> Path | None:
    """Where `make screenshots` wants the README's images (DOCS_SCREENSHOTS=docs), if set."""
    target = os.environ.get("DOCS_SCREENSHOTS")
    return ROOT / target if target else None
