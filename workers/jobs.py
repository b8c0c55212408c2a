"""RQ jobs: importable functions taking plain values, run by `tracker worker`.

A job works with the process's services, opened once from the environment (DATABASE_URL)
or handed over by the worker that preloads them (`use`).
"""

from __future__ import annotations

import io
import logging
from datetime import date

from rq import get_current_job

from projections import runner
from tracker.composition import PENDING_KEY, Services, catch_up_queue, open_services
from tracker.imports import jobs as imports
from tracker.reminders import sending as reminders
from tracker.reminders.schedule import schedule_next

log = logging.getLogger(__name__)

_services: Services | None = None


def use(services: Services) -> None:
    """Run this process's jobs with these services (the worker opens them before any job)."""
    global _services
    _services = services


def services() -> Services:
    """The process's services, opened on first use."""
    global _services
    if _services is None:
        _services = open_services()
    return _services


def catch_up() -> int:
    """Catch every projection up with the event store; answer how many events were read.

    The pending flag is cleared first, before reading the log: a save made from now on
    enqueues another catch-up, so no event waits for a job that has already read past it.
    """
    job = get_current_job()
    if job is not None:
        job.connection.delete(PENDING_KEY)
    opened = services()
    return runner.catch_up(opened.tracker, opened.engine)


def rebuild(name: str | None = None) -> int:
    """Rebuild one projection (or all) from the whole store, aside, then swap it in.

    Enqueue it with a `job_timeout` long enough for the whole store (JOB_TIMEOUT or more).
    """
    opened = services()
    return runner.rebuild(opened.tracker, opened.engine, None if name is None else [name])


def import_file(import_id: str) -> str:
    """Run an import started over HTTP or from a page (its file waits in SQL); answer its
    status at the end. A failure marks the import `failed` (tracker.imports.jobs)."""
    opened = services()
    return imports.run(opened.tracker, opened.engine, import_id)


def send_reminders(day: str) -> str:
    """The daily run of `tracker reminders send` for `day` (ISO): first the next day's run
    is scheduled, then the digests are sent. A run that could not send them all fails, so
    that RQ tries it again later (tracker.reminders.schedule); it resends nothing."""
    on = date.fromisoformat(day)
    job = get_current_job()
    if job is not None:
        schedule_next(catch_up_queue(job.connection), on)
    out, err = io.StringIO(), io.StringIO()
    code = reminders.send_reminders(services(), on, out=out, err=err)
    for line in err.getvalue().splitlines():
        log.warning("reminders: %s", line)
    report = out.getvalue().splitlines()[-1]
    if code != 0:
        raise RemindersNotSent(f"{report}; {err.getvalue().strip()}")
    return report


class RemindersNotSent(Exception):
    """Some digests of a day could not be sent; they are sent when the job is retried."""
