"""Catch-up through RQ on a real Redis: coalesced jobs, a real worker, and Redis gone."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest
from redis import Redis

from projections import runner
from projections.queries import commitments
from tracker.composition import PENDING_KEY, Services, catch_up_queue, open_services
from tracker.settings import Settings

pytestmark = pytest.mark.redis

WORKER = (
    "from tracker.composition import open_services\n"
    "from tracker.projection_commands import run_worker\n"
    "run_worker(open_services(), burst=True)\n"
)


@pytest.fixture
def queued(database_url: str, redis_url: str) -> Iterator[Services]:
    """Services whose saves ask RQ workers to catch up."""
    services = open_services(Settings(database_url=database_url, redis_url=redis_url))
    try:
        yield services
    finally:
        services.close()


def save_many(services: Services, n: int) -> None:
    t = services.tracker
    t.register_coalition(code="ke", name="Kenya", country="KE", recorded_by="lead")
    for i in range(n):
        t.make_commitment(
            coalition="ke",
            text=f"Commitment {i}",
            made_by={"institution": "County", "role": "Chair"},
            due_on=date(2025, 1, 1),
            groups=[],
            sdg_targets=[],
            occurred_on=date(2024, 1, 1),
            recorded_by="lead",
        )


def work(services: Services) -> subprocess.CompletedProcess[str]:
    """Run `tracker worker --burst` in a process of its own, as production would."""
    env = {
        **os.environ,
        "DATABASE_URL": services.settings.database_url,
        "REDIS_URL": services.settings.redis_url or "",
    }
    return subprocess.run(
        [sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_burst_of_saves_leaves_one_pending_job_that_a_real_worker_runs(
    queued: Services,
) -> None:
    save_many(queued, 40)
    redis = Redis.from_url(queued.settings.redis_url or "")
    queue = catch_up_queue(redis)
    assert queue.count == 1
    assert runner.lag(queued.tracker, queued.engine) == 41  # nothing applied in-process

    finished = work(queued)
    assert finished.returncode == 0, finished.stderr
    assert queue.count == 0 and not redis.exists(PENDING_KEY)
    assert runner.lag(queued.tracker, queued.engine) == 0
    assert commitments(queued.engine, {"coalition": "ke"})["total"] == 40

    queued.tracker.rename_coalition("ke", name="Kenya coalition", recorded_by="lead")
    assert queue.count == 1, "the flag was cleared: the next save asks again"


def test_a_rebuild_job_runs_on_the_worker(queued: Services) -> None:
    save_many(queued, 5)
    queue = catch_up_queue(Redis.from_url(queued.settings.redis_url or ""))
    queue.enqueue("workers.jobs.rebuild", "timeline")
    finished = work(queued)
    assert finished.returncode == 0, finished.stderr
    status = runner.status(queued.tracker, queued.engine)["projections"]
    assert status["timeline"]["lag"] == 0 and status["commitments"]["lag"] == 0


def test_saves_succeed_without_redis_and_a_later_catch_up_finds_them(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    closed_port = "redis://127.0.0.1:1/0"
    services = open_services(Settings(database_url=database_url, redis_url=closed_port))
    try:
        with caplog.at_level(logging.WARNING, logger="tracker.composition"):
            save_many(services, 3)
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 4 and "no catch-up could be queued" in warnings[0].getMessage()
        assert runner.lag(services.tracker, services.engine) == 4
        assert runner.catch_up(services.tracker, services.engine) == 4
        assert runner.lag(services.tracker, services.engine) == 0
        assert commitments(services.engine)["total"] == 3
    finally:
        services.close()


def test_without_redis_url_projections_catch_up_in_process(database_url: str) -> None:
    services = open_services(Settings(database_url=database_url))
    try:
        save_many(services, 2)
        assert runner.lag(services.tracker, services.engine) == 0
        assert commitments(services.engine)["total"] == 2
    finally:
        services.close()
