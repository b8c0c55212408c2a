"""What only a real server shows: gunicorn run as the Procfile runs it, on SQLite.

A body sent chunked (no Content-Length) over 1 MiB is a 413 problem+json, not a body cut
short and called malformed; a smaller chunked body is read whole. An over-long query
string reaches the app and is answered as problem+json (422), never as gunicorn's HTML
`414 URI Too Long`. Every answer carries the security headers.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from projections import runner
from tests.e2e.test_processes import BIN, ROOT, Processes, _answers, free_port, wait_for
from tracker.accounts import add_user
from tracker.composition import open_services
from tracker.settings import Settings

pytestmark = [pytest.mark.slow]

SECRET = "a-secret-key-of-forty-characters-exactly"
MIB = 1024 * 1024


@contextmanager
def procfile_server(tmp_path: Path, url: str) -> Iterator[int]:
    """gunicorn started by the Procfile's web command on the store at `url`; its port."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET}
    env.pop("TRACKER_ENV", None)
    env.pop("REDIS_URL", None)
    started = Processes(env, tmp_path)
    port = free_port()
    procfile = (ROOT / "Procfile").read_text().splitlines()[0].removeprefix("web: ").split()
    command = [
        str(BIN / word) if word == "gunicorn" else word
        for word in procfile
        if not word.startswith(("0.0.0.0", "${"))
    ]
    command = [w for w in command if w not in ("--bind", "--workers")]
    started.start("web", *command, "--bind", f"127.0.0.1:{port}", "--workers", "1")
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}"), 60, "the server", started)
        yield port
    finally:
        started.stop()


def new_store(tmp_path: Path) -> tuple[str, str]:
    """A new SQLite store with an admin: its URL and the admin's token."""
    url = f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    services = open_services(Settings(database_url=url))
    try:
        _user, token = add_user(services.engine, "root", "admin")
        services.tracker.register_coalition(code="vn", name="Vietnam", recorded_by="root")
    finally:
        services.close()
    return url, token


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, str]]:
    """A gunicorn started by the Procfile's command on a new SQLite store; its port and an
    admin's token."""
    url, token = new_store(tmp_path)
    with procfile_server(tmp_path, url) as port:
        yield port, token


def send(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        if body is not None and "Transfer-Encoding" in headers:
            connection.putrequest(method, path)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            for start in range(0, len(body), 64 * 1024):  # chunks of 64 KiB
                piece = body[start : start + 64 * 1024]
                connection.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            connection.send(b"0\r\n\r\n")
        else:
            connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def chunked_json(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
    }


def test_a_chunked_body_over_a_mebibyte_is_413_problem_json(served: tuple[int, str]) -> None:
    port, token = served
    body = json.dumps({"code": "ke", "name": "x" * (2 * MIB), "country": "KE"}).encode()
    status, headers, content = send(port, "POST", "/api/v1/coalitions", body, chunked_json(token))
    assert status == 413
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(content)["status"] == 413
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Nothing was saved.
    status, _, _ = send(port, "GET", "/api/v1/coalitions/ke", None, {
        "Authorization": f"Bearer {token}"})  # fmt: skip
    assert status == 404


def test_a_chunked_body_under_the_limit_is_read_whole(served: tuple[int, str]) -> None:
    port, token = served
    body = json.dumps({"code": "ke", "name": "Kenya SDGs Forum", "country": "KE"}).encode()
    status, _, content = send(port, "POST", "/api/v1/coalitions", body, chunked_json(token))
    assert status == 201, content


def test_a_chunked_form_over_a_mebibyte_is_413_on_the_pages(served: tuple[int, str]) -> None:
    port, _ = served
    body = b"name=root&password=" + b"x" * (2 * MIB)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Transfer-Encoding": "chunked",
    }
    status, headers, _ = send(port, "POST", "/sign-in", body, headers)
    assert status == 413
    assert headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("size", [6 * 1024, 20 * 1024, 200 * 1024])
def test_an_over_long_query_is_answered_by_the_app(served: tuple[int, str], size: int) -> None:
    port, token = served
    path = "/api/v1/timeline?coalition=" + "k" * size
    status, headers, content = send(port, "GET", path, None, {"Authorization": f"Bearer {token}"})
    assert status == 422, content[:300]
    assert headers["Content-Type"] == "application/problem+json"
    assert "coalition" in json.loads(content)["errors"]


def test_the_server_refuses_to_start_off_loopback_with_the_development_key(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 't.sqlite'}"}
    for name in ("SECRET_KEY", "TRACKER_ENV", "REDIS_URL"):
        env.pop(name, None)
    started = subprocess.run(
        [str(BIN / "gunicorn"), "-c", "python:web.gunicorn_config", "--bind",
         f"0.0.0.0:{free_port()}", "web.wsgi:app"],
        cwd=ROOT, env=env, capture_output=True, timeout=60,
    )  # fmt: skip
    assert started.returncode != 0
    assert b"SECRET_KEY" in started.stdout + started.stderr


def test_the_web_process_rebuilds_an_outdated_projection_before_it_serves(
    tmp_path: Path,
) -> None:
    """A deploy whose timeline handlers are newer than its tables: the Procfile's web process
    rebuilds the timeline before its workers answer, so no reader meets the old tables."""
    url, token = new_store(tmp_path)
    engine = create_engine(url)
    with engine.begin() as connection:  # as a store built before `written_under` was kept
        connection.exec_driver_sql(
            "UPDATE projection_versions SET version = 1 WHERE name = 'timeline'"
        )
        connection.exec_driver_sql("ALTER TABLE timeline DROP COLUMN written_under")
    engine.dispose()
    with procfile_server(tmp_path, url) as port:
        status, _, content = send(port, "GET", "/api/v1/timeline", None, {
            "Authorization": f"Bearer {token}"})  # fmt: skip
        assert status == 200, content[:300]
        assert json.loads(content)["total"] == 1
    services = open_services(Settings(database_url=url))
    try:
        assert runner.outdated(services.engine) == []
    finally:
        services.close()
