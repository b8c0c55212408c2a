"""Fixtures of the API tests: an app on a fresh database, users of every role, a small world.

Most tests run on SQLite (`app`); a few key ones on each store (`any_store_app`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.api import bodies
from tests.pages.support import copy_of
from tracker.accounts import add_user
from web import create_app
from web.services import close_services, services

ROLES = ("admin", "lead", "other_lead", "executive", "evaluator", "viewer")


def make_app(database_url: str) -> Flask:
    """An app on that database, as a test configures it."""
    return create_app({"DATABASE_URL": database_url, "TESTING": True})


@pytest.fixture
def app(request: pytest.FixtureRequest, sqlite_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The web app on a new SQLite database; for a test that asks for the `world`, on a copy
    of the world built once per session."""
    url = sqlite_url
    if "world" in request.fixturenames:
        built: Template = request.getfixturevalue("world_template")
        (tmp_path / "world").mkdir()
        url = copy_of(built.path, tmp_path / "world")
    made = make_app(url)
    yield made
    close_services(made)


@pytest.fixture
def any_store_app(database_url: str) -> Iterator[Flask]:
    """The web app on a new database of each kind (SQLite, PostgreSQL)."""
    made = make_app(database_url)
    yield made
    close_services(made)


@dataclass
class Caller:
    """Requests as one user (or none): `caller.post(path, body)`."""

    client: FlaskClient
    token: str | None
    headers: dict[str, str] = field(default_factory=dict)

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        sent = dict(self.headers)
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        return sent | extra

    def get(self, path: str, **headers: str) -> TestResponse:
        return self.client.get(path, headers=self._headers(headers))

    def post(self, path: str, body: Any = None, **headers: str) -> TestResponse:
        return self.client.post(path, json=body, headers=self._headers(headers))

    def delete(self, path: str, body: Any = None, **headers: str) -> TestResponse:
        return self.client.delete(path, json=body, headers=self._headers(headers))

    def send(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        headers = self._headers(kwargs.pop("headers", {}))
        return self.client.open(path, method=method, headers=headers, **kwargs)


def make_users(app: Flask) -> dict[str, Caller]:
    """One caller per role: the lead leads `ke`, the other lead `vn`."""
    with app.app_context():
        engine = services().engine
    specs = {
        "admin": ("admin", ()),
        "lead": ("coalition_lead", ("ke",)),
        "other_lead": ("coalition_lead", ("vn",)),
        "executive": ("executive", ()),
        "evaluator": ("evaluator", ()),
        "viewer": ("viewer", ()),
    }
    callers = {}
    for name, (role, coalitions) in specs.items():
        _user, token = add_user(engine, name, role, coalitions=coalitions)
        callers[name] = Caller(app.test_client(), token)
    callers["anonymous"] = Caller(app.test_client(), None)
    return callers


@pytest.fixture
def users(request: pytest.FixtureRequest, app: Flask) -> dict[str, Caller]:
    """Callers of every role (and `anonymous`), on `app` (the world's own, if it has one)."""
    if "world" in request.fixturenames:
        built: Template = request.getfixturevalue("world_template")
        return {name: Caller(app.test_client(), token) for name, token in built.tokens.items()}
    return make_users(app)


@dataclass
class World:
    """Records every test can rely on, with their ids."""

    ids: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def build_world(admin: Caller) -> World:
    """Coalitions ke and vn, and one record of every kind in ke (some also in vn)."""
    ids: dict[str, str] = {}

    def created(name: str, response: TestResponse) -> dict[str, Any]:
        assert response.status_code == 201, response.get_data(as_text=True)
        body: dict[str, Any] = response.get_json()
        ids[name] = body["id"]
        return body

    created("ke", admin.post("/api/v1/coalitions", bodies.coalition("ke")))
    created("vn", admin.post("/api/v1/coalitions", bodies.coalition("vn", "Vietnam")))
    created("evidence", admin.post("/api/v1/evidence", bodies.evidence()))
    created(
        "confidential",
        admin.post("/api/v1/evidence", bodies.evidence(sensitivity="confidential")),
    )
    created("restricted", admin.post("/api/v1/evidence", bodies.evidence(sensitivity="restricted")))
    created("vn_evidence", admin.post("/api/v1/evidence", bodies.evidence("vn")))
    created(
        "input",
        admin.post("/api/v1/advocacy-inputs", bodies.advocacy_input("ke", [ids["evidence"]])),
    )
    dialogue = created("dialogue", admin.post("/api/v1/dialogues", bodies.dialogue()))
    ids["commitment"] = dialogue["commitments"][0]
    created("vn_commitment", admin.post("/api/v1/commitments", bodies.commitment("vn")))
    created(
        "budget_line",
        admin.post("/api/v1/budget-lines", bodies.budget_line("ke", [ids["commitment"]])),
    )
    created(
        "outcome",
        admin.post("/api/v1/outcomes", bodies.outcome("ke", commitments=[ids["commitment"]])),
    )
    return World(ids)


@dataclass(frozen=True)
class Template:
    """The world built once: its database file, each caller's token, and its records."""

    path: Path
    tokens: dict[str, str | None]
    world: World


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """The records of `build_world` and the callers of every role, built once per session
    through the API, into a database each test that asks for the `world` copies."""
    path = tmp_path_factory.mktemp("world") / "tracker.sqlite"
    made = make_app(f"sqlite:///{path}")
    try:
        callers = make_users(made)
        built = build_world(callers["admin"])
    finally:
        close_services(made)
    return Template(path, {name: caller.token for name, caller in callers.items()}, built)


@pytest.fixture
def world(users: dict[str, Caller], world_template: Template) -> World:
    """The records of `build_world`, made by the admin (a copy of the session's)."""
    return world_template.world
