"""`Idempotency-Key`: the first answer replayed, never a second event, in every process."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from flask import Flask

from tests.api import bodies
from tests.api.conftest import Caller, World, make_app
from web.services import close_services, services


def event_count(app: Flask) -> int:
    with app.app_context():
        return services().tracker.recorder.max_notification_id() or 0


def test_the_same_key_and_body_replays_the_first_answer(
    app: Flask, users: dict[str, Caller], world: World
) -> None:
    lead, body = users["lead"], bodies.evidence()
    first = lead.post("/api/v1/evidence", body, **{"Idempotency-Key": "k-1"})
    assert first.status_code == 201
    count = event_count(app)
    again = lead.post("/api/v1/evidence", body, **{"Idempotency-Key": "k-1"})
    assert again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotency-Replayed"] == "true"
    assert "Idempotency-Replayed" not in first.headers
    assert event_count(app) == count


def test_the_same_json_spaced_or_ordered_differently_is_the_same_body(
    users: dict[str, Caller], world: World
) -> None:
    body = bodies.evidence()
    first = users["lead"].post("/api/v1/evidence", body, **{"Idempotency-Key": "k-2"})
    reordered = dict(reversed(list(body.items())))
    again = users["lead"].post("/api/v1/evidence", reordered, **{"Idempotency-Key": "k-2"})
    assert again.get_json() == first.get_json()


def test_the_same_key_with_another_body_is_422(users: dict[str, Caller], world: World) -> None:
    lead = users["lead"]
    assert (
        lead.post("/api/v1/evidence", bodies.evidence(), **{"Idempotency-Key": "k"}).status_code
        == 201
    )
    other = lead.post(
        "/api/v1/evidence", bodies.evidence(title="Other"), **{"Idempotency-Key": "k"}
    )
    assert other.status_code == 422
    assert other.mimetype == "application/problem+json"
    assert "Idempotency-Key" in other.get_json()["errors"]


def test_keys_are_scoped_to_the_user_and_the_path(users: dict[str, Caller], world: World) -> None:
    key = {"Idempotency-Key": "shared"}
    first = users["lead"].post("/api/v1/evidence", bodies.evidence(), **key)
    by_admin = users["admin"].post("/api/v1/evidence", bodies.evidence(), **key)
    assert by_admin.status_code == 201 and by_admin.get_json() != first.get_json()
    elsewhere = users["lead"].post("/api/v1/commitments", bodies.commitment(), **key)
    assert elsewhere.status_code == 201


def test_a_failed_request_releases_its_key(users: dict[str, Caller], world: World) -> None:
    key = {"Idempotency-Key": "retry-me"}
    bad = users["lead"].post("/api/v1/evidence", bodies.evidence(coalition="zz"), **key)
    assert bad.status_code in (403, 422)
    assert users["lead"].post("/api/v1/evidence", bodies.evidence(), **key).status_code == 201


def test_the_same_key_while_the_first_still_runs_is_409(
    users: dict[str, Caller], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.application import Tracker

    started, release = threading.Event(), threading.Event()
    original = Tracker.record_evidence

    def slow(self: Tracker, **fields: Any) -> Any:
        started.set()
        release.wait(10)
        return original(self, **fields)

    monkeypatch.setattr(Tracker, "record_evidence", slow)
    key, body, answers = {"Idempotency-Key": "slow"}, bodies.evidence(), {}
    first_caller = Caller(users["lead"].client.application.test_client(), users["lead"].token)

    def first() -> None:
        answers["first"] = first_caller.post("/api/v1/evidence", body, **key)

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(10)
    while_running = users["lead"].post("/api/v1/evidence", body, **key)
    release.set()
    thread.join(10)
    assert while_running.status_code == 409
    assert while_running.mimetype == "application/problem+json"
    assert answers["first"].status_code == 201
    replay = users["lead"].post("/api/v1/evidence", body, **key)
    assert replay.get_json() == answers["first"].get_json()


def test_a_replay_comes_from_the_database_so_another_process_gives_it(
    database_url: str,
) -> None:
    from tests.api.conftest import build_world, make_users

    one, two = make_app(database_url), make_app(database_url)
    try:
        users = make_users(one)
        build_world(users["admin"])
        lead_on_two = Caller(two.test_client(), users["lead"].token)
        key, body = {"Idempotency-Key": "across"}, bodies.evidence()
        first = users["lead"].post("/api/v1/evidence", body, **key)
        count = event_count(one)
        time.sleep(0.01)
        again = lead_on_two.post("/api/v1/evidence", body, **key)
        assert again.status_code == 201 and again.get_json() == first.get_json()
        assert again.headers["Idempotency-Replayed"] == "true"
        assert event_count(two) == count
        other = lead_on_two.post("/api/v1/evidence", bodies.evidence(title="x"), **key)
        assert other.status_code == 422
    finally:
        close_services(one)
        close_services(two)


def test_a_key_that_is_not_printable_ascii_is_422(users: dict[str, Caller], world: World) -> None:
    response = users["lead"].post(
        "/api/v1/evidence", bodies.evidence(), **{"Idempotency-Key": "x" * 201}
    )
    assert response.status_code == 422
    assert "Idempotency-Key" in response.get_json()["errors"]
