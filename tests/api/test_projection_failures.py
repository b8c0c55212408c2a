"""A projection that fails on an event stops at that event alone: the other projections go
on, `/healthz` says `degraded` and which event, `tracker projections status` says why, and
once the projection can apply the event again it catches up and the error is gone.

The failure is made by wrapping the commitments projection's handler: it raises for one
commitment, or (on PostgreSQL, where it is a real refusal of the database) writes a NUL
into a text column, which aborts the statement inside the catch-up's transaction.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from rich.console import Console

from domain.commitments import Commitment
from projections import commitments
from projections.batch import Row
from tests.api import bodies
from tests.api.conftest import Caller, make_app, make_users
from tracker.projection_commands import projections_status
from web.services import close_services, services

POISON = "Fund the plan that no projection can store"


def poisoned(how: str) -> Any:
    original = commitments.projection.handlers[Commitment.Made]

    def handler(event: Any, view: Any) -> Iterator[Any]:
        if event.text != POISON:
            yield from original(event, view)
            return
        if how == "raises":
            raise RuntimeError("this handler cannot apply the event")
        for op in original(event, view):
            if isinstance(op, Row) and "text" in op.values:
                op = Row(op.table, {**op.values, "text": "a NUL \x00 here"})
            yield op

    return handler


CASES = [
    ("sqlite", "raises"),
    pytest.param("postgres", "raises", marks=pytest.mark.postgres),
    pytest.param("postgres", "database refuses", marks=pytest.mark.postgres),
]


@pytest.fixture
def store_app(request: pytest.FixtureRequest, store: str) -> Iterator[Flask]:
    made = make_app(request.getfixturevalue(f"{store}_url"))
    yield made
    close_services(made)


def health(caller: Caller) -> dict[str, Any]:
    answer = caller.get("/healthz")
    assert answer.status_code == 200
    body: dict[str, Any] = answer.get_json()
    return body


def commitment(text: str) -> dict[str, Any]:
    return bodies.commitment(text=text)


@pytest.mark.parametrize(("store", "how"), CASES)
def test_one_projection_failing_leaves_the_others_going(
    store_app: Flask, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = make_users(store_app)
    admin, lead = users["admin"], users["lead"]
    assert admin.post("/api/v1/coalitions", bodies.coalition()).status_code == 201
    assert health(admin)["status"] == "ok"
    monkeypatch.setitem(commitments.projection.handlers, Commitment.Made, poisoned(how))

    assert lead.post("/api/v1/commitments", commitment(POISON)).status_code == 201
    assert lead.post("/api/v1/commitments", commitment("Fund the seedlings")).status_code == 201
    assert lead.post("/api/v1/evidence", bodies.evidence()).status_code == 201

    body = health(admin)
    assert body["status"] == "degraded" and body["store"] == "ok"
    failing = body["projections"]["commitments"]
    with store_app.app_context():
        head = services().tracker.recorder.max_notification_id()
    assert failing["error"] == f"failed on the event at position {head - 2}"
    assert failing["lag"] == 3  # it stopped before the event it cannot apply
    assert "NUL" not in json.dumps(body) and POISON not in json.dumps(body)
    others = {n: p for n, p in body["projections"].items() if n != "commitments"}
    assert others and all(p == {"lag": 0, "error": None} for p in others.values())
    # The timeline went on past the event the commitments projection failed on.
    timeline = admin.get("/api/v1/timeline?per_page=200").get_json()["items"]
    kinds = [e["kind"] for e in timeline]
    assert kinds.count("commitment.made") == 2 and "evidence.recorded" in kinds

    with store_app.app_context():
        out = io.StringIO()
        status = projections_status(services(), console=Console(file=out, width=300))
    assert status["projections"]["commitments"]["error"]["position"] == head - 2
    words = "RuntimeError" if how == "raises" else "DataError"
    assert status["projections"]["commitments"]["error"]["error"].startswith(words)
    assert f"failed on the event at {head - 2:,}" in out.getvalue()

    # Put right (a fixed handler, here: the original one), it applies the event and the
    # error is forgotten with the next catch-up.
    monkeypatch.undo()
    assert lead.post("/api/v1/evidence", bodies.evidence(title="Later")).status_code == 201
    body = health(admin)
    assert body["status"] == "ok"
    assert body["projections"]["commitments"] == {"lag": 0, "error": None}
    listed = admin.get("/api/v1/commitments?coalition=ke").get_json()["items"]
    assert sorted(c["text"] for c in listed) == sorted([POISON, "Fund the seedlings"])
