"""End to end with real processes: gunicorn web servers and `tracker worker`s on PostgreSQL
and Redis, driven over HTTP on loopback ports, as the Procfile runs them in production.

Writes through HTTP appear in the read models once a worker has caught up (the web
processes only enqueue catch-ups); two servers and two workers at once lose no event and
answer alike. Every wait is bounded by a deadline, and every process is stopped in a
`finally`, whatever happens.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.api import bodies

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT = 30.0  # seconds for a server to answer /healthz
CATCH_UP_TIMEOUT = 60.0  # seconds for the workers to apply what was written
WRITERS_PER_SERVER, WRITES_PER_WRITER = 2, 8


def free_port() -> int:
    """A port nobody listens on now (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Processes:
    """The processes a test started, each logging to its own file; all stopped at the end."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.running: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, *command: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.running.append((name, process))
        return process

    def server(self) -> str:
        """A gunicorn with 2 workers on a free loopback port, once it answers."""
        port = free_port()
        self.start(
            f"web-{port}",
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "web:create_app()",
        )
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(url), START_TIMEOUT, f"{url}/healthz to answer", self)
        return url

    def worker(self) -> None:
        """A `tracker worker` serving the catch-up queue."""
        self.start(f"worker-{len(self.running)}", str(BIN / "tracker"), "worker")

    def check_alive(self) -> None:
        for name, process in self.running:
            assert process.poll() is None, f"{name} exited early:\n{self.tail(name)}"

    def tail(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for _, process in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _, process in self.running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=5).status_code == 200
    except requests.RequestException:  # not listening yet, or still loading the app
        return False


def wait_for(
    condition: Callable[[], bool], timeout: float, what: str, processes: Processes
) -> None:
    """Poll until the condition holds; fail naming what was awaited after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes.check_alive()
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {timeout:.0f} s for {what}")


@contextmanager
def processes(postgres_url: str, redis_url: str, logs: Path) -> Iterator[Processes]:
    env = {**os.environ, "DATABASE_URL": postgres_url, "REDIS_URL": redis_url}
    env.pop("TRACKER_ENV", None)
    started = Processes(env, logs)
    try:
        yield started
    finally:
        started.stop()


class Client:
    """Requests to one server as one user."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.session = url, requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str) -> Any:
        response = self.session.get(f"{self.url}/api/v1{path}", timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: Any) -> dict[str, Any]:
        response = self.session.post(f"{self.url}/api/v1{path}", json=body, timeout=30)
        assert response.status_code == 201, response.text
        answer: dict[str, Any] = response.json()
        return answer


def add_admin(env: dict[str, str]) -> str:
    """`tracker users add`: the token is the last line it prints."""
    done = subprocess.run(
        [str(BIN / "tracker"), "users", "add", "e2e-admin", "--role", "admin"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def every_event(client: Client) -> list[dict[str, Any]]:
    """The whole feed, page by page (bounded: at most 100 pages)."""
    found: list[dict[str, Any]] = []
    after = 0
    for _ in range(100):
        page = client.get(f"/events?after={after}&limit=1000")
        found += page["items"]
        after = page["next_after"]
        if len(page["items"]) < 1000:
            return found
    pytest.fail("the feed did not end within 100 pages")


def caught_up(client: Client) -> bool:
    health = requests.get(f"{client.url}/healthz", timeout=5).json()
    return bool(health["projection_lag"] == 0)


def test_writes_reach_the_read_models_through_the_workers_and_none_is_lost(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    with processes(postgres_url, redis_url, tmp_path) as running:
        token = add_admin(running.env)  # also creates every table, before any server
        first = Client(running.server(), token)
        running.worker()

        first.post("/coalitions", bodies.coalition("ke"))
        evidence = first.post("/evidence", bodies.evidence())["id"]
        made = first.post("/dialogues", bodies.dialogue())["commitments"][0]
        first.post(f"/commitments/{made}/progress", bodies.progress("in_progress"))

        def shown() -> bool:
            timeline = first.get("/timeline?coalition=ke&per_page=200")
            kinds = {(e["kind"], e["ref"]["id"]) for e in timeline["items"]}
            counts = first.get("/fulfilment")["counts"]
            return ("evidence.recorded", evidence) in kinds and counts["in_progress"] == 1

        wait_for(shown, CATCH_UP_TIMEOUT, "the worker to project the writes", running)
        assert first.get("/fulfilment")["total"] == 1
        timeline = first.get("/timeline?coalition=ke")
        assert timeline["items"][-1]["recorded_by"] == "e2e-admin"

        second = Client(running.server(), token)
        running.worker()
        before = len(every_event(first))

        def write(client: Client) -> list[str]:
            made = []
            for n in range(WRITES_PER_WRITER):
                saved = client.post("/commitments", bodies.commitment(text=f"Promise {n}"))
                client.post(f"/commitments/{saved['id']}/progress", bodies.progress("stalled"))
                made.append(saved["id"])
            return made

        writers = [first, second] * WRITERS_PER_SERVER
        with ThreadPoolExecutor(len(writers)) as pool:
            created = [i for ids in pool.map(write, writers) for i in ids]
        written = len(writers) * WRITES_PER_WRITER

        events = every_event(second)
        assert len(events) == before + 2 * written
        assert [e["position"] for e in events] == sorted({e["position"] for e in events})
        made_ids = {e["record"]["id"] for e in events if e["type"] == "commitment.made"}
        assert set(created) <= made_ids and len(set(created)) == written

        wait_for(
            lambda: caught_up(first) and caught_up(second),
            CATCH_UP_TIMEOUT,
            "both servers to report no projection lag",
            running,
        )
        dashboards = [first.get("/fulfilment"), second.get("/fulfilment")]
        assert dashboards[0] == dashboards[1]
        assert dashboards[0]["total"] == 1 + written
        assert dashboards[0]["counts"]["stalled"] == written
        running.check_alive()
