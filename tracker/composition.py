"""The composition root: the one place that builds the event store, the read-model engine
and what ties them together, from Settings. Everything else is handed what it needs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import Engine, MetaData, create_engine, event

from projections.schema import metadata as read_model_tables
from tracker.accounts import metadata as account_tables
from tracker.application import Tracker
from tracker.settings import Settings

# Tables kept in SQL beside the events; every process creates what is missing.
TABLES: tuple[MetaData, ...] = (read_model_tables, account_tables)

# Any constant will do; it only has to be the same in every process of the tracker.
SETUP_LOCK_KEY = 0x7472_6163_6B65_72


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
    with _setup_lock(settings):
        tracker = Tracker(env=settings.event_store_env())
        engine = _engine(settings)
        for metadata in TABLES:
            metadata.create_all(engine)
    return Services(settings=settings, tracker=tracker, engine=engine)


def _engine(settings: Settings) -> Engine:
    if settings.is_postgres:
        return create_engine(settings.sqlalchemy_url, pool_pre_ping=True)
    engine = create_engine(settings.sqlalchemy_url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


@contextmanager
def _setup_lock(settings: Settings) -> Iterator[None]:
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
