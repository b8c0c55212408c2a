"""Issue 10, findings 14 and 15: the worker outlives Redis, and nothing stays behind.

A Redis server of the test's own, on a free port, is stopped while saves go on and started
again; the shared server is never touched.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from projections import runner
from tracker.composition import Services, open_services
from tracker.settings import Settings

pytestmark = [pytest.mark.redis, pytest.mark.slow]

WORKER = (
    "import logging, sys\n"
    "logging.basicConfig(level=logging.INFO, stream=sys.stderr)\n"
    "from tracker.composition import open_services\n"
    "from tracker.projection_commands import run_worker\n"
    "run_worker(open_services(), every=2)\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnRedis:
    """A redis-server of the test's own that can be stopped and started again."""

    def __init__(self, port: int) -> None:
        self.port, self.process = port, None  # type: ignore[var-annotated]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed") if os.environ.get("CI") else pytest.skip(
                "redis-server is not installed"
            )
        self.process = subprocess.Popen(  # type: ignore[assignment]
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # type: ignore[attr-defined]
            self.process.wait(10)  # type: ignore[attr-defined]
            self.process = None


@pytest.fixture
def redis_server() -> Iterator[OwnRedis]:
    server = OwnRedis(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def save(services: Services, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        services.tracker.make_commitment(
            coalition="ke",
            text=f"Commitment {i}",
            made_by={"institution": "County", "role": "Chair"},
            due_on=date(2025, 1, 1),
            groups=[],
            sdg_targets=[],
            occurred_on=date(2024, 1, 1),
            recorded_by="lead",
        )


def stops(worker: subprocess.Popen[bytes]) -> bool:
    """Whether stop signals stop the worker: RQ's warm stop waits for a job it believes in
    hand, which after a lost connection it sometimes still does; a second signal is RQ's
    cold stop, as a supervisor would send before killing."""
    for _ in range(2):
        worker.terminate()
        try:
            worker.wait(15)
            return True
        except subprocess.TimeoutExpired:
            continue
    return False


def wait_for_no_lag(services: Services, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    behind = runner.lag(services.tracker, services.engine)
    while behind and time.monotonic() < deadline:
        time.sleep(0.25)
        behind = runner.lag(services.tracker, services.engine)
    return behind


def test_the_worker_survives_redis_going_away_and_catches_up_with_no_new_write(
    tmp_path: Path, redis_server: OwnRedis
) -> None:
    url = f"sqlite:///{tmp_path}/tracker.sqlite"
    services = open_services(Settings(database_url=url, redis_url=redis_server.url))
    services.tracker.register_coalition(code="ke", name="Kenya", country="KE", recorded_by="l")
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_server.url}
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "-c", WORKER], env=env, stderr=log)
    try:
        save(services, 5)
        assert wait_for_no_lag(services, 30) == 0
        redis_server.stop()
        save(services, 20, start=5)  # saved; their catch-up requests cannot be queued
        time.sleep(1)
        assert worker.poll() is None, "the worker died with Redis"
        redis_server.start()
        assert wait_for_no_lag(services, 30) == 0  # no new write since
        assert worker.poll() is None
        save(services, 3, start=25)  # and it serves the queue again
        assert wait_for_no_lag(services, 30) == 0
        assert stops(worker)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        services.close()
        log.close()
