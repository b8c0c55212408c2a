"""The composition root: the one place that builds the event store, the read-model engine
and what ties them together, from Settings. Everything else is handed what it needs.

After each save the projections must catch up. Without REDIS_URL (the embedded default)
they do so in-process, right after the save. With REDIS_URL the save asks for a catch-up
job on the `tracker` RQ queue, coalesced: while one job is pending, later saves add none.
Neither way can fail a save: the events are stored, and the next catch-up finds them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.serializers import JSONSerializer
from sqlalchemy import Engine, MetaData, create_engine, event

from projections import runner
from projections.schema import metadata as read_model_tables
from projections.transactions import explicit_sqlite_transactions
from tracker.accounts import ensure_columns
from tracker.accounts import metadata as account_tables
from tracker.application import Tracker
from tracker.idempotency import keys  # noqa: F401  (its table joins account_tables)
from tracker.imports.jobs import metadata as import_tables
from tracker.notices import notices  # noqa: F401  (its table joins account_tables)
from tracker.sessions import session_generations  # noqa: F401  (its tables join account_tables)
from tracker.settings import Settings
from tracker.substantiation import substantiation_requests  # noqa: F401  (joins account_tables)

# Tables kept in SQL beside the events; every process creates what is missing.
TABLES: tuple[MetaData, ...] = (read_model_tables, account_tables, import_tables)

# Any constant will do; it only has to be the same in every process of the tracker.
SETUP_LOCK_KEY = 0x7472_6163_6B65_72

# The RQ queue the workers serve, the catch-up job, and the flag that coalesces requests.
QUEUE = "tracker"
CATCH_UP_JOB = "workers.jobs.catch_up"  # named, not imported: workers depend on tracker
PENDING_KEY = "tracker:catch-up:pending"
# A pending flag outlives a lost job by at most this long (seconds); then saves ask again.
PENDING_TTL = 600
# A catch-up stopped by RQ's timeout loses nothing (its batch rolls back), but a long backlog
# deserves longer than RQ's default of three minutes. Enqueue `rebuild` with as much or more.
JOB_TIMEOUT = 3600

log = logging.getLogger(__name__)


@dataclass
class Services:
    """What a running process works with: settings, the application and the SQL engine."""

    settings: Settings
    tracker: Tracker
    engine: Engine

    def close(self) -> None:
        """Release every connection."""
        self.tracker.close()
        self.engine.dispose()


def open_services(settings: Settings | None = None) -> Services:
    """Connect to the database DATABASE_URL names, creating whatever is missing.

    Safe when several processes start at once: on PostgreSQL, table creation runs under an
    advisory lock, since concurrent CREATE TABLE IF NOT EXISTS can fail there.
    """
    settings = settings or Settings.from_env()
    with setup_lock(settings):
        tracker = Tracker(env=settings.event_store_env())
        engine = _engine(settings)
        for metadata in TABLES:
            metadata.create_all(engine)
        ensure_columns(engine)
    services = Services(settings=settings, tracker=tracker, engine=engine)
    if settings.redis_url:
        tracker.on_saved = CatchUpRequests(settings.redis_url).request
    else:
        tracker.on_saved = lambda _position: catch_up_quietly(services)
    return services


def open_store(settings: Settings) -> tuple[Tracker, Engine]:
    """The event store and the read-model engine alone, for a process that helps another
    (a rebuild's); with the settings bound (`functools.partial`), it can be sent to one."""
    services = open_services(settings)
    services.tracker.on_saved = None
    return services.tracker, services.engine


def catch_up_quietly(services: Services) -> None:
    """Catch the projections up in-process; a failure is logged, and the next one retries."""
    try:
        runner.catch_up(services.tracker, services.engine)
    except Exception:
        log.exception("projections could not catch up; the next catch-up will retry")


def catch_up_queue(connection: Redis) -> Queue:
    """The RQ queue of the tracker's jobs, with JSON (not pickle) as its serializer."""
    return Queue(QUEUE, connection=connection, serializer=JSONSerializer)


class CatchUpRequests:
    """Asks the workers for a catch-up after a save, once for any number of saves.

    A flag in Redis says a catch-up job is pending; only the save that sets it enqueues a
    job, and the job clears it when it starts reading the log (not when it ends, else a
    save made while it runs would be missed).
    """

    def __init__(self, redis_url: str) -> None:
        self.redis = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
        self.queue = catch_up_queue(self.redis)

    def request(self, position: int) -> None:
        """Enqueue a catch-up unless one is pending; if Redis fails, log it and go on."""
        try:
            if self.redis.set(PENDING_KEY, position, nx=True, ex=PENDING_TTL):
                try:
                    self.queue.enqueue(
                        CATCH_UP_JOB, job_timeout=JOB_TIMEOUT, result_ttl=60, failure_ttl=86400
                    )
                except Exception:
                    self.redis.delete(PENDING_KEY)
                    raise
        except RedisError as error:
            log.warning(
                "event %s is saved, but no catch-up could be queued (Redis: %s); "
                "the next catch-up will apply it",
                position,
                error,
            )


CONNECT_TIMEOUT = 2  # seconds to reach PostgreSQL before a request answers 503


def _engine(settings: Settings) -> Engine:
    if settings.is_postgres:
        # A database that cannot be reached is found out within seconds, not minutes.
        return create_engine(
            settings.sqlalchemy_url,
            pool_pre_ping=True,
            pool_timeout=CONNECT_TIMEOUT,
            connect_args={"connect_timeout": CONNECT_TIMEOUT},
        )
    engine = create_engine(settings.sqlalchemy_url, connect_args={"timeout": 30})
    explicit_sqlite_transactions(engine)  # lets projections BEGIN IMMEDIATE

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


@contextmanager
def setup_lock(settings: Settings) -> Iterator[None]:
    """Held by one process at a time while it sets the database up (creates tables, rebuilds
    outdated projections): others starting meanwhile wait, then find it done. PostgreSQL
    only; a SQLite database serves one machine, where processes are started one by one."""
    if not settings.is_postgres:
        yield
        return
    env = settings.event_store_env()
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        autocommit=True,
    ) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SETUP_LOCK_KEY,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK_KEY,))
