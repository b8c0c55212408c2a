"""Catching projections up with the event store, each event once.

Catch-up reads the notification log once per batch for every projection, decodes each
event once, lets each projection's handlers turn the events it has not yet applied into
rows, writes each table once, and moves each projection's position in the same
transaction (see `projections.transactions` for the locks that keep two runners apart).
A projection that fails on an event stops just before it, alone (`projection_failures`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import InterfaceError, OperationalError

from projections.batch import Batch, Statements, without_cycle_collection
from projections.catalogue import chosen
from projections.projection import Projection
from projections.transactions import (
    built_versions,
    checkpoint,
    clear_failures,
    ensure_positions,
    locked_positions,
    record_failure,
    save_positions,
    stored_failures,
    stored_positions,
)

log = logging.getLogger(__name__)
_warned: set[str] = set()  # outdated projections already warned about by this process

CATCH_UP_BATCH = 500  # events per transaction, at least (when the log is that far ahead)
# Events per transaction at most, when the log is far ahead: a batch's cost is mostly the
# index pages its rows touch, and rows of random (UUID) keys touch nearly as many pages for
# 500 events as for 5,000. It holds the write lock for about half a second.
MAX_CATCH_UP_BATCH = 5000

Progress = Callable[[int, int], None]  # (position reached, head of the log)
Event = tuple[int, Any]  # (position, domain event)


def event_type_of(cls: type) -> str:
    """The stable topic of an event class."""
    topic: str = cls.TOPIC  # type: ignore[attr-defined]
    return topic


def no_progress(position: int, head: int) -> None:
    pass


def head(app: Application[UUID]) -> int:
    """The position of the last event in the store (0 when it is empty)."""
    return app.recorder.max_notification_id() or 0


def decode(
    app: Application[UUID], notifications: Sequence[Notification], topics: set[str]
) -> list[Event]:
    """The events some projection handles, decoded once for all of them."""
    to_domain_event = app.mapper.to_domain_event
    return [(n.id, to_domain_event(n)) for n in notifications if n.topic in topics]


def batch_for(lag: int) -> int:
    """Events to read per transaction when the log is `lag` events ahead: the whole lag,
    between `CATCH_UP_BATCH` and `MAX_CATCH_UP_BATCH`."""
    return min(max(lag, CATCH_UP_BATCH), MAX_CATCH_UP_BATCH)


def topics_of(projections: Iterable[Projection]) -> set[str]:
    return {event_type_of(cls) for p in projections for cls in p.handlers}


def apply(
    connection: Connection,
    projection: Projection,
    events: Sequence[Event],
    tables: Mapping[Table, Table],
    statements: Statements,
) -> None:
    """Apply events to one projection's tables (`tables` maps its live tables to targets)."""
    batch = Batch(connection, tables, projection.counters, statements, streams=projection.streams)
    handle(batch, projection, events)
    batch.flush()


def handle(batch: Batch, projection: Projection, events: Sequence[Event]) -> None:
    """Let the projection's handlers turn the events into the batch's rows."""
    if batch.reads_stored:
        batch.prefetch(projection.wanted(event for _, event in events))
    handler_of, apply = projection.handlers.get, batch.apply  # looked up once, not per event
    for position, event in events:
        handler = handler_of(type(event))
        if handler is not None:
            batch.position = position
            for op in handler(event, batch):
                apply(op)


def catch_up(
    app: Application[UUID],
    engine: Engine,
    names: Iterable[str] | None = None,
    *,
    batch_size: int | None = None,
    progress: Progress = no_progress,
) -> int:
    """Apply every event the projections have not yet applied; answer how many were read.

    Each transaction applies `batch_size` events, or by default as many as `batch_for`
    says for how far the log is ahead. Safe to run in many processes at once: each batch
    runs under the projections' locks and starts from the positions read inside them.
    """
    projections = chosen(names)
    stored, last = stored_positions(engine), head(app)
    if all(stored.get(p.name, 0) >= last for p in projections):
        return 0  # positions only grow: nothing to lock for
    ensure_positions(engine, {p.name: p.version for p in projections})
    projections = _current(engine, projections)
    if not projections:
        return 0
    topics, statements = topics_of(projections), Statements(engine.dialect.name)
    live = {p.name: {t: t for t in p.tables} for p in projections}
    failing = set(stored_failures(engine))
    read, copy_back = 0, False
    with without_cycle_collection():  # rows and events make no reference cycles
        while projections:
            # Read the log before taking the lock, never while holding it: on SQLite a writer
            # waiting for the lock holds the event store's connection that the read would need.
            # Positions only grow, so events read from an older position are still a gap-free
            # run; inside the lock each projection applies only those past its locked position.
            start = min(stored_positions(engine).get(p.name, 0) for p in projections)
            size = batch_size or batch_for(last - start)
            notifications = app.recorder.select_notifications(start + 1, size)
            if not notifications:
                break
            events = decode(app, notifications, topics)
            failed: list[Projection] = []
            # Far behind, batches follow each other: the write-ahead log is copied back once, at
            # the end, instead of at each commit (a page that two batches change, once).
            bulk = size >= MAX_CATCH_UP_BATCH
            copy_back = copy_back or bulk
            locking = (p.name for p in projections)
            with locked_positions(engine, locking, bulk=bulk) as (connection, positions):
                moved = {}
                for projection in projections:
                    name = projection.name
                    mine = [e for e in events if e[0] > positions[name]]
                    reached = _apply_isolated(connection, projection, mine, live[name], statements)
                    if reached is None:
                        moved[name] = max(notifications[-1].id, positions[name])
                    else:
                        moved[name] = max(reached, positions[name])
                        failed.append(projection)
                save_positions(connection, moved)
                clear_failures(
                    connection, {n: moved[n] for n in failing if n in moved and n not in failed}
                )
            read += len(notifications)
            last = max(head(app), notifications[-1].id)
            progress(notifications[-1].id, last)
            # A projection that failed sits this catch-up out: the others go on past its event.
            projections = tuple(p for p in projections if p not in failed)
            if len(notifications) < size:
                break
    if copy_back:
        checkpoint(engine)
    return read


def _apply_isolated(
    connection: Connection,
    projection: Projection,
    events: Sequence[Event],
    tables: Mapping[Table, Table],
    statements: Statements,
) -> int | None:
    """Apply events to one projection inside a savepoint, so that an event it cannot apply
    undoes only its own work; answer None if all were applied, else the position it reached
    before the event it failed on (which is recorded in `projection_failures`).

    After a failure the events are applied again one at a time, each in a savepoint of its
    own, to find which one fails. A lost connection or a lock is no fault of an event: it
    ends the whole transaction, as before, and the next catch-up retries.
    """
    if not events:
        return None
    try:
        with connection.begin_nested():
            apply(connection, projection, events, tables, statements)
        return None
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        log.debug("projection %s failed on a batch; finding the event", projection.name)
    reached = events[0][0] - 1
    for position, event in events:
        try:
            with connection.begin_nested():
                apply(connection, projection, [(position, event)], tables, statements)
        except (OperationalError, InterfaceError):
            raise
        except Exception as error:
            message = f"{type(error).__name__}: {error}"
            if record_failure(connection, projection.name, position, message):
                log.error(
                    "projection %s failed on the event at position %s and stopped there; "
                    "the others go on (`tracker projections status` shows it): %s",
                    projection.name,
                    position,
                    message,
                )
            return reached
        reached = position
    return None


def _current(engine: Engine, projections: Sequence[Projection]) -> tuple[Projection, ...]:
    """The projections whose tables their handlers' version built; the others are left
    alone (with a warning, once per process) until a rebuild."""
    built = built_versions(engine, {p.name: p.version for p in projections})
    current = tuple(p for p in projections if built[p.name] == p.version)
    names = {p.name for p in current}
    for projection in projections:
        if projection.name not in names and projection.name not in _warned:
            _warned.add(projection.name)
            log.warning(
                "projection %s was built by version %s of its handlers, not %s: it is not "
                "caught up until `tracker projections rebuild %s` (or `tracker serve`) runs",
                projection.name,
                built[projection.name],
                projection.version,
                projection.name,
            )
    return current
