"""A web server killed outright (SIGKILL, master and workers) while writes pour in loses no
acknowledged write and leaves nothing half-saved, on SQLite and on PostgreSQL.

Writers log dialogues, each with two commitments, through gunicorn as the Procfile runs
it (in-process catch-up: no Redis). The whole process group is killed three times at
random moments and started again. Afterwards every answered 201 is in the store; every
dialogue in the store has both its commitments (a dialogue and its commitments are saved
in one transaction); and the read models, caught up, equal a rebuild from the store.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from domain.commitments import Commitment
from domain.dialogues import Dialogue
from projections import runner
from projections.snapshot import snapshot
from tests.api import bodies
from tests.e2e.test_processes import BIN, ROOT, free_port
from tracker.accounts import add_user
from tracker.composition import Services, open_services
from tracker.settings import Settings

pytestmark = [pytest.mark.slow]

SECRET = "a-secret-key-of-forty-characters-exactly"
KILLS, WRITERS = 3, 6


class Server:
    """gunicorn as the Procfile starts it, in a process group of its own, to kill whole."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.port = env, log, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "python:web.gunicorn_config", "--bind",
                 f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "4", "web.wsgi:app"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        pytest.fail("the server did not start")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A store with coalition `ke`: its URL and an admin's token."""
    url = (
        f"sqlite:///{tmp_path / 'tracker.sqlite'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    services = open_services(Settings(database_url=url))
    try:
        _user, token = add_user(services.engine, "root", "admin")
        services.tracker.register_coalition(
            code="ke", name="Kenya SDGs Forum", country="KE", recorded_by="root"
        )
    finally:
        services.close()
    yield url, token


def dialogue(n: int) -> dict[str, Any]:
    commitments = [
        bodies.commitment_in_dialogue(text=f"Commitment {n}.{i}", due_on="2026-06-30")
        for i in (1, 2)
    ]
    return bodies.dialogue(commitments=commitments) | {"title": f"Hearing {n}"}


def write_until(stop: threading.Event, url: str, token: str, acknowledged: list[Any]) -> None:
    """Log dialogues until told to stop, keeping each 201's answer; failures (the server
    killed, or not up yet) are expected and retried."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    n = 0
    while not stop.is_set():
        n += 1
        try:
            answer = session.post(f"{url}/api/v1/dialogues", json=dialogue(n), timeout=10)
        except requests.RequestException:
            time.sleep(0.05)
            continue
        if answer.status_code == 201:
            acknowledged.append(answer.json())
        elif answer.status_code not in (503,):
            raise AssertionError(f"{answer.status_code}: {answer.text[:300]}")


def every_event(services: Services) -> list[Any]:
    tracker = services.tracker
    found = tracker.recorder.select_notifications(1, 10**7)
    return [tracker.mapper.to_domain_event(n) for n in found]


def test_a_killed_server_loses_no_acknowledged_write_and_saves_nothing_by_halves(
    store: tuple[str, str], tmp_path: Path
) -> None:
    url, token = store
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET}
    for name in ("TRACKER_ENV", "REDIS_URL"):
        env.pop(name, None)
    server = Server(env, tmp_path / "web.log")
    acknowledged: list[Any] = []
    stop = threading.Event()
    writers = [
        threading.Thread(target=write_until, args=(stop, server.url, token, acknowledged))
        for _ in range(WRITERS)
    ]
    chance = random.Random(20261205)
    try:
        server.start()
        for writer in writers:
            writer.start()
        for _ in range(KILLS):
            time.sleep(chance.uniform(0.8, 2.0))
            server.kill()
            time.sleep(0.3)
            server.start()
        time.sleep(1.0)
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
        server.stop()
    assert len(acknowledged) > 20, "writes went on between the kills"

    services = open_services(Settings(database_url=url))
    try:
        events = every_event(services)
        dialogues = {e.originator_id for e in events if isinstance(e, Dialogue.Held)}
        made = Counter(e.dialogue for e in events if isinstance(e, Commitment.Made))
        commitments = {e.originator_id for e in events if isinstance(e, Commitment.Made)}
        for answer in acknowledged:
            assert answer["id"] in {str(d) for d in dialogues}
            assert set(answer["commitments"]) <= {str(c) for c in commitments}
        assert all(made[d] == 2 for d in dialogues), "a dialogue saved without its commitments"
        assert set(made) <= dialogues

        runner.catch_up(services.tracker, services.engine)
        caught_up = snapshot(services.engine)
        runner.rebuild(services.tracker, services.engine)
        assert snapshot(services.engine) == caught_up
        assert runner.lag(services.tracker, services.engine) == 0
    finally:
        services.close()
