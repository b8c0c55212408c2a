"""Rebuilding projections from the whole store, aside, and swapping them in.

A rebuild fills tables aside and swaps them in (`projections.aside`). It keeps each
projection's rows in memory over the whole log instead of reading and writing them batch by
batch, and may share the projections out between processes, each reading the log itself.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Connection, Engine, Table

from projections import aside
from projections.batch import Batch, Statements, without_cycle_collection
from projections.catalogue import chosen
from projections.catch_up import (
    Progress,
    apply,
    decode,
    handle,
    head,
    no_progress,
    topics_of,
)
from projections.projection import Projection
from projections.transactions import (
    checkpoint,
    clear_failures,
    ensure_positions,
    locked_positions,
    save_positions,
    save_versions,
    writing,
)

REBUILD_BATCH = 5000  # a rebuild writes tables nobody reads yet: bigger bites, fewer commits
REBUILD_HELD_ROWS = 2_000_000  # rows a rebuild's process keeps in memory (about 2 GB)
ROWS_PER_COMMIT = 50_000  # a rebuild's last writes: others wait for the lock well under 1 s

# Opens the same event store and database anew, for another process (so: picklable).
Opener = Callable[[], tuple[Application[UUID], Engine]]


def rebuild(
    app: Application[UUID],
    engine: Engine,
    names: Iterable[str] | None = None,
    *,
    batch_size: int = REBUILD_BATCH,
    progress: Progress = no_progress,
    processes: int = 1,
    opener: Opener | None = None,
) -> int:
    """Build projections again from the whole store, aside, and swap them in; answer how many
    events were read. Readers see the old tables until the swap, then the new ones.

    With `processes` > 1 and an `opener` (which opens the same store in another process),
    the projections are shared out between this process and others started for the fill.
    """
    projections = chosen(names)
    ensure_positions(engine, {p.name: p.version for p in projections})
    token = aside.new_token()
    tables = _aside_tables(projections, token)
    new_tables = [t for pairs in tables.values() for t in pairs.values()]
    with writing(engine) as connection:
        for table in new_tables:
            table.create(connection)
    try:
        position = head(app)
        groups = share(projections, processes if opener is not None else 1)
        if len(groups) > 1 and opener is not None:
            _fill_in_processes(
                app, engine, groups, tables, token, position, batch_size, opener, progress
            )
        else:
            _fill(app, engine, projections, tables, position, batch_size, progress)
        checkpoint(engine)
        with writing(engine) as connection:
            for pairs in tables.values():
                for live, new in pairs.items():
                    aside.create_indexes(connection, live, new, token)
        position = _swap(app, engine, projections, tables, position, batch_size, token)
    except BaseException:
        with writing(engine) as connection:
            aside.drop(connection, new_tables)
        raise
    progress(position, position)
    return position


def _aside_tables(projections: Iterable[Projection], token: str) -> dict[str, dict[Table, Table]]:
    """Each projection's live tables, mapped to the tables a rebuild fills aside."""
    return {p.name: {t: aside.aside_table(t, token) for t in p.tables} for p in projections}


def share(projections: Sequence[Projection], processes: int) -> list[list[Projection]]:
    """The projections shared out between at most `processes` processes, so that each has
    about as much to do (by `Projection.cost`, the heaviest first to the least loaded).

    The most loaded group comes first: the rebuild's own process fills it, while the others
    are still starting (a fresh interpreter importing the tracker, about 0.6 s)."""
    groups: list[list[Projection]] = [[] for _ in range(max(1, min(processes, len(projections))))]
    loads = [0] * len(groups)
    for projection in sorted(projections, key=lambda p: -p.cost):
        lightest = loads.index(min(loads))
        groups[lightest].append(projection)
        loads[lightest] += projection.cost
    order = {p.name: i for i, p in enumerate(projections)}
    by_load = sorted(range(len(groups)), key=lambda i: -loads[i])
    return [sorted(groups[i], key=lambda p: order[p.name]) for i in by_load if groups[i]]


def _fill_in_processes(
    app: Application[UUID],
    engine: Engine,
    groups: Sequence[Sequence[Projection]],
    tables: Mapping[str, Mapping[Table, Table]],
    token: str,
    until: int,
    batch_size: int,
    opener: Opener,
    progress: Progress,
) -> None:
    """Fill the first group's tables here and each other group's in a process of its own
    (started fresh, not forked, so that it shares no connection with this one)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(groups) - 1, mp_context=context) as pool:
        others = [
            pool.submit(fill_elsewhere, opener, [p.name for p in group], token, until, batch_size)
            for group in groups[1:]
        ]
        try:
            _fill(app, engine, groups[0], tables, until, batch_size, progress)
            for other in others:
                other.result()
        except BaseException:
            for other in others:
                other.cancel()
            raise


def fill_elsewhere(
    opener: Opener, names: Sequence[str], token: str, until: int, batch_size: int
) -> int:
    """In another process: fill these projections' tables built aside (`token`) up to the
    position `until`."""
    app, engine = opener()
    try:
        projections = chosen(names)
        tables = _aside_tables(projections, token)
        return _fill(app, engine, projections, tables, until, batch_size, no_progress)
    finally:
        engine.dispose()
        app.close()


def _fill(
    app: Application[UUID],
    engine: Engine,
    projections: Sequence[Projection],
    tables: Mapping[str, Mapping[Table, Table]],
    until: int,
    batch_size: int,
    progress: Progress,
) -> int:
    """Apply the log up to the position `until` to the tables built aside; answer `until`.

    Each projection keeps one batch in memory for the whole log (its tables start empty, so
    nothing need be read back); each transaction writes only the tables that no later event
    reads (`Projection.streams`), and the rest are written at the end, in key order, or
    sooner if the process holds more than `REBUILD_HELD_ROWS` rows, in transactions of at
    most `ROWS_PER_COMMIT` rows. Like catch-up, it reads the log before it opens a write
    transaction, never inside one: on SQLite a saver waiting for the write lock may hold
    the connection the read needs.
    """
    position = 0
    topics, statements = topics_of(projections), Statements(engine.dialect.name)
    batches: dict[str, Batch] = {}
    with without_cycle_collection():
        while position < until:
            notifications = app.recorder.select_notifications(
                position + 1, batch_size, stop=until, topics=sorted(topics)
            )
            if not notifications:
                break
            events = decode(app, notifications, topics)
            # No write transaction while handling: rows held need none, and rows written
            # out before (if any) are read back on a plain connection. Writers of the
            # store, or a helper process, wait for the write lock only while rows are
            # written out: tables no later event reads, and when too many are held.
            with engine.connect() as connection:
                for projection in projections:
                    batch = batches.get(projection.name)
                    if batch is None:
                        batch = batches[projection.name] = _held_batch(
                            connection, projection, tables[projection.name], statements
                        )
                    batch.connection = connection
                    handle(batch, projection, events)
            for projection in projections:
                if projection.streams:
                    spill = partial(Batch.spill, tables=projection.streams)
                    _in_parts(engine, batches[projection.name], spill)
            if sum(batch.held for batch in batches.values()) > REBUILD_HELD_ROWS:
                for projection in projections:
                    spill = partial(Batch.spill, tables=projection.tables)
                    _in_parts(engine, batches[projection.name], spill)
            position = notifications[-1].id
            progress(position, until)
        for batch in batches.values():
            _in_parts(engine, batch, Batch.flush)
    progress(until, until)
    return until


def _in_parts(engine: Engine, batch: Batch, write: Callable[[Batch], None]) -> None:
    """Let `write` write the batch's rows in transactions of at most `ROWS_PER_COMMIT`."""

    def commit_in_parts(statement: str, rows: list[tuple[Any, ...]]) -> None:
        for start in range(0, len(rows), ROWS_PER_COMMIT):
            with writing(engine, bulk=True) as connection:
                _spare_durability(connection)
                connection.exec_driver_sql(statement, rows[start : start + ROWS_PER_COMMIT])

    batch.sink = commit_in_parts
    try:
        write(batch)
    finally:
        batch.sink = None


def _held_batch(
    connection: Connection,
    projection: Projection,
    tables: Mapping[Table, Table],
    statements: Statements,
) -> Batch:
    """The one batch that a rebuild keeps for a projection over the whole log."""
    return Batch(
        connection,
        tables,
        projection.counters,
        statements,
        empty=tables,
        streams=projection.streams,
    )


def _swap(
    app: Application[UUID],
    engine: Engine,
    projections: Sequence[Projection],
    tables: Mapping[str, Mapping[Table, Table]],
    position: int,
    batch_size: int,
    token: str,
) -> int:
    """Swap the tables built aside in, once they are at least as far as the live ones.

    The events stored since the fill are read first, then applied under the projections'
    locks; if the live projections have meanwhile gone further still, read and try again.
    """
    topics, statements = topics_of(projections), Statements(engine.dialect.name)
    names = [p.name for p in projections]
    while True:
        notifications = app.recorder.select_notifications(position + 1, batch_size)
        events = decode(app, notifications, topics)
        with locked_positions(engine, names) as (connection, live):
            for projection in projections:
                apply(connection, projection, events, tables[projection.name], statements)
            position = notifications[-1].id if notifications else position
            if max(live.values(), default=0) <= position:
                pairs = [(old, new) for p in tables.values() for old, new in p.items()]
                aside.swap(connection, pairs, token)
                save_positions(connection, dict.fromkeys(names, position))
                save_versions(connection, {p.name: p.version for p in projections})
                clear_failures(connection, dict.fromkeys(names, position))
                break
    _drop_retired(engine, [t for p in projections for t in p.tables])
    return position


def _drop_retired(engine: Engine, live: Sequence[Table]) -> None:
    """Drop what swaps retired (this one's, and any a stopped process left), one at a time.

    Each drop changes pages all over the file (it frees every page of a table): the
    write-ahead log is copied back once, after the last, not after each (`bulk`)."""
    with engine.connect() as connection:
        names = aside.retired_tables(connection, live)
    for name in names:
        with writing(engine, bulk=True) as connection:
            aside.drop_retired(connection, name)
    if names:
        checkpoint(engine)


def _spare_durability(connection: Connection) -> None:
    """Tables built aside are thrown away if anything fails, so need not reach the disk
    before the swap (which commits as durably as any other transaction)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
