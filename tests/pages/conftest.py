"""Fixtures of the page tests: the demo, loaded once, copied for each test; a client;
and, for the browser tests, a real server and Debian's Chromium (tests.pages.browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.pages.browser import browser, open_visitor, server, sessions
from tests.pages.support import Reader, build_demo, copy_of
from web import create_app
from web.services import close_services

__all__ = ["browser", "open_visitor", "server", "sessions"]


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "tracker.sqlite"
    build_demo(path)
    return path


@pytest.fixture
def app(demo_file: Path, tmp_path: Path) -> Iterator[Flask]:
    """The web app on a fresh copy of the demo."""
    made = create_app({"DATABASE_URL": copy_of(demo_file, tmp_path), "TESTING": True})
    yield made
    close_services(made)


@pytest.fixture
def reader(app: Flask) -> Reader:
    """A client nobody has signed in with yet."""
    return Reader(app.test_client())
