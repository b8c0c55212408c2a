"""Catching projections up with the event store, and rebuilding them, each event once.

The runner reads the notification log once per batch for every projection, decodes each
event once, lets each projection's handlers turn the events it has not yet applied into
rows, writes each table once, and moves each projection's position in the same
transaction (see `projections.transactions` for the locks that keep two runners apart).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Engine, Table

from projections import aside
from projections.batch import Batch, Statements
from projections.catalogue import chosen
from projections.projection import Projection
from projections.transactions import (
    checkpoint,
    ensure_positions,
    locked_positions,
    save_positions,
    stored_positions,
    writing,
)

CATCH_UP_BATCH = 500  # events per transaction
REBUILD_BATCH = 5000  # a rebuild writes tables nobody reads yet: bigger bites, fewer commits

Progress = Callable[[int, int], None]  # (position reached, head of the log)
Event = tuple[int, Any]  # (position, domain event)


def event_type_of(cls: type) -> str:
    """The stable topic of an event class."""
    topic: str = cls.TOPIC  # type: ignore[attr-defined]
    return topic


def _no_progress(position: int, head: int) -> None:
    pass


def head(app: Application[UUID]) -> int:
    """The position of the last event in the store (0 when it is empty)."""
    return app.recorder.max_notification_id() or 0


def _decode(
    app: Application[UUID], notifications: Sequence[Notification], topics: set[str]
) -> list[Event]:
    """The events some projection handles, decoded once for all of them."""
    to_domain_event = app.mapper.to_domain_event
    return [(n.id, to_domain_event(n)) for n in notifications if n.topic in topics]


def _topics(projections: Iterable[Projection]) -> set[str]:
    return {event_type_of(cls) for p in projections for cls in p.handlers}


def apply(
    connection: Connection,
    projection: Projection,
    events: Sequence[Event],
    tables: Mapping[Table, Table],
    statements: Statements,
) -> None:
    """Apply events to one projection's tables (`tables` maps its live tables to targets)."""
    batch = Batch(connection, tables, projection.counters, statements)
    batch.prefetch(projection.wanted(event for _, event in events))
    handlers = projection.handlers
    for position, event in events:
        handler = handlers.get(type(event))
        if handler is not None:
            batch.position = position
            for op in handler(event, batch):
                batch.apply(op)
    batch.flush()


def catch_up(
    app: Application[UUID],
    engine: Engine,
    names: Iterable[str] | None = None,
    *,
    batch_size: int = CATCH_UP_BATCH,
    progress: Progress = _no_progress,
) -> int:
    """Apply every event the projections have not yet applied; answer how many were read.

    Safe to run in many processes at once: each batch runs under the projections' locks
    and starts from the positions read inside them.
    """
    projections = chosen(names)
    stored, last = stored_positions(engine), head(app)
    if all(stored.get(p.name, 0) >= last for p in projections):
        return 0  # positions only grow: nothing to lock for
    ensure_positions(engine, (p.name for p in projections))
    topics, statements = _topics(projections), Statements(engine.dialect.name)
    live = {p.name: {t: t for t in p.tables} for p in projections}
    read = 0
    while True:
        # Read the log before taking the lock, never while holding it: on SQLite a writer
        # waiting for the lock holds the event store's connection that the read would need.
        # Positions only grow, so events read from an older position are still a gap-free
        # run; inside the lock each projection applies only those past its locked position.
        start = min(stored_positions(engine).get(p.name, 0) for p in projections)
        notifications = app.recorder.select_notifications(start + 1, batch_size)
        if not notifications:
            return read
        events = _decode(app, notifications, topics)
        with locked_positions(engine, (p.name for p in projections)) as (connection, positions):
            moved = {}
            for projection in projections:
                mine = [e for e in events if e[0] > positions[projection.name]]
                if mine:
                    apply(connection, projection, mine, live[projection.name], statements)
                moved[projection.name] = max(notifications[-1].id, positions[projection.name])
            save_positions(connection, moved)
        read += len(notifications)
        progress(notifications[-1].id, max(head(app), notifications[-1].id))
        if len(notifications) < batch_size:
            return read


def rebuild(
    app: Application[UUID],
    engine: Engine,
    names: Iterable[str] | None = None,
    *,
    batch_size: int = REBUILD_BATCH,
    progress: Progress = _no_progress,
) -> int:
    """Build projections again from the whole store, aside, and swap them in; answer how many
    events were read. Readers see the old tables until the swap, then the new ones."""
    projections = chosen(names)
    ensure_positions(engine, (p.name for p in projections))
    token = aside.new_token()
    tables = {p.name: {t: aside.aside_table(t, token) for t in p.tables} for p in projections}
    new_tables = [t for pairs in tables.values() for t in pairs.values()]
    with writing(engine) as connection:
        for table in new_tables:
            table.create(connection)
    try:
        position = _fill(app, engine, projections, tables, batch_size, progress)
        checkpoint(engine)
        with writing(engine) as connection:
            for pairs in tables.values():
                for live, new in pairs.items():
                    aside.create_indexes(connection, live, new, token)
        position = _swap(app, engine, projections, tables, position, batch_size)
    except BaseException:
        with writing(engine) as connection:
            aside.drop(connection, new_tables)
        raise
    progress(position, position)
    return position


def _fill(
    app: Application[UUID],
    engine: Engine,
    projections: Sequence[Projection],
    tables: Mapping[str, Mapping[Table, Table]],
    batch_size: int,
    progress: Progress,
) -> int:
    """Apply the whole log to the tables built aside, batch by batch; the last position.

    Like catch-up, it reads the log before it opens a write transaction, never inside one:
    on SQLite a saver waiting for the write lock may hold the connection the read needs.
    """
    position, last = 0, head(app)
    topics, statements = _topics(projections), Statements(engine.dialect.name)
    while notifications := app.recorder.select_notifications(position + 1, batch_size):
        events = _decode(app, notifications, topics)
        with writing(engine, bulk=True) as connection:
            _spare_durability(connection)
            for projection in projections:
                apply(connection, projection, events, tables[projection.name], statements)
        position = notifications[-1].id
        last = max(last, position)
        progress(position, last)
        if len(notifications) < batch_size:
            break
    return position


def _swap(
    app: Application[UUID],
    engine: Engine,
    projections: Sequence[Projection],
    tables: Mapping[str, Mapping[Table, Table]],
    position: int,
    batch_size: int,
) -> int:
    """Swap the tables built aside in, once they are at least as far as the live ones.

    The events stored since the fill are read first, then applied under the projections'
    locks; if the live projections have meanwhile gone further still, read and try again.
    """
    topics, statements = _topics(projections), Statements(engine.dialect.name)
    names = [p.name for p in projections]
    while True:
        notifications = app.recorder.select_notifications(position + 1, batch_size)
        events = _decode(app, notifications, topics)
        with locked_positions(engine, names) as (connection, live):
            for projection in projections:
                apply(connection, projection, events, tables[projection.name], statements)
            position = notifications[-1].id if notifications else position
            if max(live.values(), default=0) <= position:
                pairs = [(old, new) for p in tables.values() for old, new in p.items()]
                aside.swap(connection, pairs)
                save_positions(connection, dict.fromkeys(names, position))
                return position


def _spare_durability(connection: Connection) -> None:
    """Tables built aside are thrown away if anything fails, so need not reach the disk
    before the swap (which commits as durably as any other transaction)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit = off")


def status(app: Application[UUID], engine: Engine) -> dict[str, Any]:
    """The head of the log and each projection's position and lag behind it."""
    last, stored = head(app), stored_positions(engine)
    return {
        "head": last,
        "projections": {
            p.name: {"position": stored.get(p.name, 0), "lag": last - stored.get(p.name, 0)}
            for p in chosen()
        },
    }


def lag(app: Application[UUID], engine: Engine) -> int:
    """How many events the projection furthest behind has yet to apply."""
    return max(p["lag"] for p in status(app, engine)["projections"].values())
