"""The worker's daily run of `reminders send`, with RQ's own scheduler (RQ 2.12).

Each day's run is one RQ job with an id of its own, `tracker-reminders-DAY`, scheduled with
`Queue.schedule_job(..., unique=True)`: scheduling a day that is scheduled (or has run and
is still remembered) adds nothing, so any number of workers starting, or restarting, never
makes two runs of a day. A worker starting schedules today's run at SEND_AT (UTC), or at
once when that is past; each run schedules the next day's before it sends. RQ runs the
scheduled jobs only in a worker started `with_scheduler=True` (`tracker worker` is).
Should two runs ever meet, the notices' once-a-day key and the run lock still send each
digest once.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

from rq import Queue, Retry
from rq.exceptions import DuplicateJobError

REMINDERS_JOB = "workers.jobs.send_reminders"  # named, not imported: workers depend on tracker
SEND_AT = time(6, 0)  # UTC: morning in Africa and Europe, midday to afternoon in Asia
# A run that could not send (the SMTP server down) fails, and RQ tries it again then.
RETRY = Retry(max=4, interval=[300, 900, 3600, 3 * 3600])
REMEMBERED = 3 * 24 * 3600  # seconds a finished run is kept, which keeps its day unique

log = logging.getLogger(__name__)


def job_id(day: date) -> str:
    """The id of a day's run."""
    return f"tracker-reminders-{day.isoformat()}"


def schedule_day(queue: Queue, day: date, at: datetime) -> bool:
    """Schedule the run of `day` at the moment `at`; False when it is scheduled already."""
    job = queue.create_job(
        REMINDERS_JOB,
        args=(day.isoformat(),),
        job_id=job_id(day),
        result_ttl=REMEMBERED,
        failure_ttl=REMEMBERED,
        retry=RETRY,
        timeout=3600,
    )
    try:
        queue.schedule_job(job, at, unique=True)
    except DuplicateJobError:
        return False
    log.info("reminders for %s scheduled at %s", day, at.isoformat())
    return True


def schedule_reminders(queue: Queue, now: datetime | None = None) -> bool:
    """Make sure today's run is scheduled (at SEND_AT, or now if that is past): what a
    worker does when it starts."""
    now = now or datetime.now(UTC)
    send_at = datetime.combine(now.date(), SEND_AT, tzinfo=UTC)
    return schedule_day(queue, now.date(), max(now, send_at))


def schedule_next(queue: Queue, day: date) -> bool:
    """Schedule the run of the day after `day`, at SEND_AT: what each run does first."""
    after = day + timedelta(days=1)
    return schedule_day(queue, after, datetime.combine(after, SEND_AT, tzinfo=UTC))
