"""schemathesis against the app's own /api/openapi.json: no 5xx, and every answer is what
the document says it is (status, content type, body schema, headers).

Bounded (a few dozen examples per operation) so that it runs in a few minutes. Requests
carry an admin token (schemathesis's own auth), so they reach validation and the use
cases; path ids are sometimes replaced by records that exist, so writes to real records
are tried too.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from sqlalchemy import insert

from tests.api.conftest import build_world, make_app, make_users
from tracker.accounts import api_tokens, authenticate_token, hash_token
from web.services import close_services, services

# The contract answers 422 for links to records that do not exist and for rules no OpenAPI
# 3.0 keyword can state (a period's end before its start, `occurred_on` after tomorrow);
# 412 for an If-Match that is no longer the record's version. Both are documented answers
# to schema-valid input, so the positive-data check is told to expect them.
# The admin's token in every test's database, so schemathesis itself sends it (and knows
# to leave it out or spoil it when it checks that auth is enforced).
TOKEN = "schemathesis-admin-token-0123456789abcdefghijk"
CONFIG = SchemathesisConfig.from_dict(
    {
        "auth": {"openapi": {"bearer": {"bearer": TOKEN}}},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "401", "403", "404", "409", "412", "422"]
            }
        },
        "phases": {"stateful": {"enabled": False}},
    }
)

# Path parameters that name a record, and which record of the world to put there.
RECORD_PARAMETERS = {
    "coalition": "ke",
    "evidence_id": "evidence",
    "input_id": "input",
    "dialogue_id": "dialogue",
    "commitment_id": "commitment",
    "line_id": "budget_line",
    "outcome_id": "outcome",
}


@pytest.fixture
def world_app(sqlite_url: str) -> Iterator[tuple[Flask, dict[str, str]]]:
    app = make_app(sqlite_url)
    users = make_users(app)
    world = build_world(users["admin"])
    with app.app_context():
        engine = services().engine
        admin = authenticate_token(engine, users["admin"].token or "")
        assert admin is not None
        with engine.begin() as connection:
            connection.execute(
                insert(api_tokens).values(
                    token_hash=hash_token(TOKEN), user_id=admin.id, created_at=datetime.now(UTC)
                )
            )
    yield app, world.ids
    close_services(app)


def _document_app() -> Flask:
    """An app made at collection time only to read the document from (schemathesis's
    fixture-based loader does not work with pytest 9); each test calls its own app."""
    directory = tempfile.mkdtemp(prefix="tracker-openapi-")
    app = make_app(f"sqlite:///{directory}/document.sqlite")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    atexit.register(close_services, app)
    return app


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _document_app(), config=CONFIG)


def existing_ids(case: Any, ids: dict[str, str]) -> None:
    """Every other valid case, point the path at records that exist (the case decides)."""
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return
    if not case.path_parameters or zlib.crc32(repr(case.body).encode()) % 2:
        return
    for name in case.path_parameters:
        if name in RECORD_PARAMETERS:
            case.path_parameters[name] = ids[RECORD_PARAMETERS[name]]


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_does_what_its_document_says(
    case: Any, world_app: tuple[Flask, dict[str, str]]
) -> None:
    app, ids = world_app
    existing_ids(case, ids)
    case.call_and_validate(app=app)
