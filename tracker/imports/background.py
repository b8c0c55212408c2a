"""Where an import runs: with REDIS_URL, as an RQ job on the `tracker` queue, served by
`tracker worker` (the job is handed the import's id only; the file waits in SQL); without
it (the embedded default), in a thread of the process that started it.

Either way the import's row says how it goes (tracker.imports.jobs): a job that breaks
marks it `failed`; a process that dies under it leaves it `running` until ABANDONED has
passed without news, and it is then read as `failed`.
"""

from __future__ import annotations

import logging
import threading

from redis import Redis
from redis.exceptions import RedisError

from tracker.accounts import User
from tracker.composition import JOB_TIMEOUT, Services, catch_up_queue
from tracker.imports import jobs
from tracker.imports.run import Options

IMPORT_JOB = "workers.jobs.import_file"  # named, not imported: workers depend on tracker

log = logging.getLogger(__name__)


def begin(services: Services, user: User, options: Options, file: bytes) -> jobs.Import:
    """Keep the file, and have the import run unless reading it already ended it (too
    large, say); its state now."""
    started = jobs.start(services.engine, user, options, file)
    return started if started.finished else submit(services, started)


def submit(services: Services, started: jobs.Import) -> jobs.Import:
    """Have a queued import run: queued for a worker, or in a thread of this process; its
    state now. A Redis that cannot take the job marks the import `failed`, saying so."""
    url = services.settings.redis_url
    if not url:
        thread = threading.Thread(
            target=run_quietly, args=(services, started.id), name="import", daemon=True
        )
        thread.start()
        return started
    redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        catch_up_queue(redis).enqueue(
            IMPORT_JOB, started.id, job_timeout=JOB_TIMEOUT, result_ttl=3600, failure_ttl=86400
        )
    except RedisError as error:
        log.warning("import %s could not be queued (Redis: %s)", started.id, error)
        jobs.fail(services.engine, started.id, "the import could not be queued; start it again")
    finally:
        redis.close()
    return jobs.find(services.engine, started.id) or started


def run_quietly(services: Services, import_id: str) -> None:
    """Run the import in this thread; whatever happens stays in the import's row or the log."""
    try:
        jobs.run(services.tracker, services.engine, import_id)
    except Exception:  # e.g. the database went away before the failure could be written
        log.exception("import %s could not be run", import_id)
