"""The worker's daily reminders, scheduled with RQ's own scheduler on a real Redis and run
by a real `tracker worker` process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from redis import Redis
from rq.registry import ScheduledJobRegistry

from tests.integration.mailbox import Mailbox, plain
from tracker.accounts import add_user
from tracker.composition import Services, catch_up_queue, open_services
from tracker.reminders.schedule import job_id, schedule_reminders
from tracker.settings import Settings

pytestmark = pytest.mark.redis

WORKER = (
    "from tracker.composition import open_services\n"
    "from tracker.projection_commands import run_worker\n"
    "run_worker(open_services(), burst=True)\n"
)
ON = date(2026, 3, 2)


@pytest.fixture
def queued(database_url: str, redis_url: str) -> Iterator[tuple[Services, Mailbox]]:
    box = Mailbox().start()
    services = open_services(
        Settings(database_url=database_url, redis_url=redis_url, smtp_url=box.url)
    )
    try:
        yield services, box
    finally:
        services.close()
        box.stop()


def work(services: Services) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": services.settings.database_url,
        "REDIS_URL": services.settings.redis_url or "",
        "SMTP_URL": services.settings.smtp_url or "",
    }
    return subprocess.run(
        [sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_scheduled_day_runs_once_on_the_worker_and_schedules_the_next(
    queued: tuple[Services, Mailbox],
) -> None:
    services, box = queued
    services.tracker.register_coalition(code="ke", name="Kenya", recorded_by="op")
    services.tracker.make_commitment(
        coalition="ke", text="Seedlings", made_by={"institution": "County", "role": "Chair"},
        due_on=date(2026, 3, 10), groups=[], sdg_targets=[], occurred_on=date(2025, 1, 1),
        recorded_by="op",
    )  # fmt: skip
    add_user(services.engine, "wanjiru", "coalition_lead", coalitions=["ke"], email="w@ke.example")
    redis = Redis.from_url(services.settings.redis_url or "")
    queue = catch_up_queue(redis)
    started = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # after the hour: at once (it is past)
    assert schedule_reminders(queue, now=started)
    assert not schedule_reminders(queue, now=started), "a second worker adds nothing"

    finished = work(services)
    assert finished.returncode == 0, finished.stderr
    assert [m["To"] for m in box.messages] == ["w@ke.example"]
    assert "Seedlings" in plain(box.messages[0])
    scheduled = ScheduledJobRegistry(queue=queue).get_job_ids()
    assert scheduled == [job_id(date(2026, 3, 3))], "the run scheduled the next day's"
    assert not schedule_reminders(queue, now=started), "a day that ran is not run again"
