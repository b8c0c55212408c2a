"""What the page tests share: the demo with accounts that have passwords, copies of it,
and a client that signs in and sends forms as a browser would, with the CSRF token."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tracker.accounts import add_user
from tracker.composition import open_services
from tracker.demo import DEMO_ACCOUNTS, demo_user_id, load_demo
from tracker.settings import Settings

# Every demo account, plus a viewer; each signs in with `password(name)`.
ACCOUNTS = (*((a.name, a.role, a.coalitions) for a in DEMO_ACCOUNTS), ("vera", "viewer", ()))
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def password(name: str) -> str:
    """The password of a test account."""
    return f"{name}-secret-passphrase"


def build_demo(path: Path) -> None:
    """A database holding the worked examples and the accounts, caught up and closed."""
    load_demo_with_accounts(f"sqlite:///{path}")


def load_demo_with_accounts(database_url: str) -> None:
    """Load the worked examples and the page accounts of every role into the database."""
    services = open_services(Settings(database_url=database_url))
    try:
        load_demo(services.tracker, lambda _line: None)
        for name, role, coalitions in ACCOUNTS:
            add_user(
                services.engine,
                name,
                role,
                coalitions=coalitions,
                password=password(name),
                user_id=demo_user_id(name),
            )
    finally:
        services.close()


def copy_of(demo: Path, directory: Path) -> str:
    """A copy of the demo database for one test, as a DATABASE_URL."""
    target = directory / "tracker.sqlite"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{demo}{suffix}").exists():
            shutil.copy(f"{demo}{suffix}", f"{target}{suffix}")
    return f"sqlite:///{target}"


def token_in(response: TestResponse) -> str:
    """The CSRF token of the first form of a page."""
    found = TOKEN.search(response.get_data(as_text=True))
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


class Reader:
    """A browser-like client: signs in with a password, sends forms with their token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def sign_in(self, name: str) -> TestResponse:
        page = self.client.get("/sign-in")
        return self.client.post(
            "/sign-in",
            data={"csrf_token": token_in(page), "name": name, "password": password(name)},
        )

    def get(self, path: str) -> TestResponse:
        return self.client.get(path)

    def send(
        self, path: str, data: dict[str, object], form_page: str | None = None
    ) -> TestResponse:
        """Open the form's page (for its token), then post the data to `path`."""
        page = self.client.get(form_page or path)
        return self.client.post(path, data={"csrf_token": token_in(page), **data})


def signed_in(app: Flask, name: str) -> Reader:
    """A client signed in as the named account."""
    made = Reader(app.test_client())
    assert made.sign_in(name).status_code == 302
    return made


def text(response: TestResponse) -> str:
    """A page's HTML."""
    return response.get_data(as_text=True)


def demo_id(app: Flask, kind: str, key: str) -> str:
    """The id of a demo record, by its key (`ke-commitment-seedlings`)."""
    from tracker.demo import DEMO_SYSTEM
    from web.services import services

    with app.app_context():
        found = services().tracker.find_by_external_ref(kind, DEMO_SYSTEM, key)
    assert found is not None, key
    return str(found)


def field_html(html: str, name: str) -> str:
    """The markup of one field's block (label, hint, error, input)."""
    anchor = "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)
    start = (
        html.index(f'for="{anchor}"') if f'for="{anchor}"' in html else html.index(f'id="{anchor}"')
    )
    block_start = html.rindex("<div", 0, start) if "<div" in html[:start] else 0
    end = html.index("</div>", start)
    return html[block_start:end]
