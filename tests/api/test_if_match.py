"""`If-Match` and concurrent writers: a stale version is 412, and no update is ever lost."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.api import bodies
from tests.api.conftest import Caller, World, build_world, make_app, make_users
from web.services import close_services


def test_a_stale_if_match_is_412(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/commitments/{world['commitment']}/progress"
    assert users["lead"].post(path, bodies.progress(), **{"If-Match": '"1"'}).status_code == 201
    stale = users["lead"].post(path, bodies.progress("stalled"), **{"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"
    assert stale.headers["ETag"] == '"2"'


@pytest.mark.parametrize("value", ['"1"', "1", ' "1" '])
def test_quotes_around_the_version_are_optional(
    users: dict[str, Caller], world: World, value: str
) -> None:
    path = f"/api/v1/commitments/{world['commitment']}/progress"
    response = users["lead"].post(path, bodies.progress(), **{"If-Match": value})
    assert response.status_code == 201 and response.get_json()["version"] == 2


def test_an_if_match_that_is_no_version_is_400(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/evidence/{world['evidence']}/corrections"
    response = users["lead"].post(path, {"title": "T", "reason": "r"}, **{"If-Match": "abc"})
    assert response.status_code == 400
    assert "If-Match" in response.get_json()["errors"]


def test_the_etag_of_a_read_is_what_if_match_takes(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/outcomes/{world['outcome']}"
    etag = users["lead"].get(path).headers["ETag"]
    change = {"stage": "monitoring", "note": "", "occurred_on": "2025-05-01"}
    assert (
        users["lead"].post(f"{path}/stage-changes", change, **{"If-Match": etag}).status_code == 201
    )


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app on a loopback port, in a thread, as a real HTTP server."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


def post(url: str, token: str, body: Any, headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"} | headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def race(database_url: str, headers: dict[str, str], writers: int = 20) -> tuple[list[int], int]:
    """`writers` progress reports at once, through 4 servers (4 apps, as 4 processes would be)."""
    apps = [make_app(database_url) for _ in range(4)]
    try:
        users = make_users(apps[0])
        world = build_world(users["admin"])
        token, path = users["lead"].token, f"/api/v1/commitments/{world['commitment']}/progress"
        assert token is not None
        with served(apps[0]) as a, served(apps[1]) as b, served(apps[2]) as c, served(apps[3]) as d:
            bases, statuses, go = [a, b, c, d], [0] * writers, threading.Barrier(writers)

            def write(index: int) -> None:
                note = {"note": f"report {index}", "completion": "limited"}
                go.wait()
                url = bases[index % 4] + path
                statuses[index] = post(url, token, bodies.progress(**note), headers)

            threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        version = users["admin"].get(f"/api/v1/commitments/{world['commitment']}").get_json()
        return statuses, version["version"]
    finally:
        for app in apps:
            close_services(app)


def test_of_twenty_writers_with_the_same_if_match_exactly_one_succeeds(database_url: str) -> None:
    statuses, version = race(database_url, {"If-Match": '"1"'})
    assert statuses.count(201) == 1, statuses
    # Losers are stale whether their check came before or after the winner's save.
    assert set(statuses) <= {201, 412}, statuses
    assert version == 2


def test_without_if_match_concurrent_writes_land_or_are_refused_never_lost(
    database_url: str,
) -> None:
    statuses, version = race(database_url, {})
    assert set(statuses) <= {201, 409}, statuses
    assert statuses.count(201) >= 1
    assert version == 1 + statuses.count(201)
