"""Transactions in which a projection's rows and position change together, one writer at a time.

PostgreSQL: the projections' position rows are locked (`SELECT ... FOR UPDATE`) and read
again inside the transaction. SQLite: the transaction starts with `BEGIN IMMEDIATE`, which
takes the database's write lock at once, so two processes serialise before either reads a
position. pysqlite begins transactions on its own, too late for that, so the engine must
use explicit transactions (SQLAlchemy's documented recipe, `explicit_sqlite_transactions`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, bindparam, event, select
from sqlalchemy.dialects import postgresql, sqlite

from projections.schema import projection_failures, projection_positions, projection_versions

BEGIN_OPTION = "sqlite_begin"  # execution option: "IMMEDIATE" or "DEFERRED" (the default)
_EXPLICIT = "_tracker_explicit_sqlite_transactions"
_ensured: WeakKeyDictionary[Engine, set[str]] = WeakKeyDictionary()
# The version of tables built before versions were recorded (a position but no version).
FIRST_VERSION = 1
BULK_CACHE_KIB = -262144  # SQLite's page cache while a rebuild fills its tables: 256 MiB
# SQLite's page cache in any other write: a catch-up batch of 5,000 events changes about
# 10,000 pages (40 MB) of indexes keyed by random ids, which a cache of the default 2 MB
# would write out and read back again before the commit.
WRITE_CACHE_KIB = -65536
CHECKPOINT_PAGES = 10000  # SQLite's write-ahead log is copied back past 40 MB, not 4 MB


def explicit_sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not pysqlite, begin transactions on this SQLite engine.

    Call it before the engine's first connection. A connection with the execution option
    `sqlite_begin="IMMEDIATE"` then begins with `BEGIN IMMEDIATE`.
    """
    if engine.dialect.name != "sqlite" or getattr(engine, _EXPLICIT, False):
        return

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    setattr(engine, _EXPLICIT, True)


@contextmanager
def writing(engine: Engine, *, bulk: bool = False) -> Iterator[Connection]:
    """A connection in a transaction that already holds the right to write (SQLite).

    `bulk`: many big transactions follow (a rebuild); on SQLite, leave the write-ahead log
    to grow rather than copy it into the database after each one (`checkpoint` at the end).
    """
    with engine.connect() as connection:
        if engine.dialect.name != "sqlite":
            with connection.begin():
                yield connection
            return
        if not getattr(engine, _EXPLICIT, False):
            raise RuntimeError("the SQLite engine needs explicit_sqlite_transactions() before use")
        connection.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        raw = connection.connection.dbapi_connection
        with _read_model_durability(raw, bulk), connection.begin():
            yield connection


@contextmanager
def _read_model_durability(raw: Any, bulk: bool) -> Iterator[None]:
    """Commit read-model work without waiting for the disk (SQLite's WAL, synchronous NORMAL),
    and copy the write-ahead log into the database less often (each copy waits for the disk).

    Safe from corruption; a power cut may undo the last transactions, rows and positions
    together, and the next catch-up applies those events again. The event store, on its own
    connection, keeps its own durability. The pages a transaction changes are kept in a page
    cache big enough for them (`WRITE_CACHE_KIB`); a `bulk` load keeps the tables it fills in
    a bigger one still, copies the log back less often, and ends with a `checkpoint`.
    """
    settings = {
        "synchronous": "NORMAL",
        "wal_autocheckpoint": CHECKPOINT_PAGES * (5 if bulk else 1),
        "cache_size": BULK_CACHE_KIB if bulk else WRITE_CACHE_KIB,
    }
    before = {name: raw.execute(f"PRAGMA {name}").fetchone()[0] for name in settings}
    for name, value in settings.items():
        raw.execute(f"PRAGMA {name}={value}")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):
            for name, value in before.items():
                raw.execute(f"PRAGMA {name}={int(value)}")


def checkpoint(engine: Engine) -> None:
    """Copy what a bulk load left in SQLite's write-ahead log into the database."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(PASSIVE)")


def ensure_positions(engine: Engine, versions: Mapping[str, int]) -> None:
    """Give each projection (name -> the version of its handlers) a position row (0) and a
    version row if it has none yet (once per engine: these rows are never deleted).

    A projection at position 0 has built nothing, so its tables are of its version; one
    with a position but no version was built before versions were recorded.
    """
    done = _ensured.setdefault(engine, set())
    missing = [name for name in versions if name not in done]
    if not missing:
        return
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    new_positions = insert(projection_positions).on_conflict_do_nothing(index_elements=["name"])
    with writing(engine) as connection:
        connection.execute(new_positions, [{"name": name, "position": 0} for name in missing])
        query = (
            select(projection_positions.c.name, projection_positions.c.position)
            .outerjoin(
                projection_versions, projection_versions.c.name == projection_positions.c.name
            )
            .where(projection_positions.c.name.in_(missing), projection_versions.c.name.is_(None))
        )
        unversioned = [
            {"name": name, "version": _built_by(position, versions[name])}
            for name, position in connection.execute(query)
        ]
        if unversioned:
            new_versions = insert(projection_versions).on_conflict_do_nothing(
                index_elements=["name"]
            )
            connection.execute(new_versions, unversioned)
    done.update(missing)


def _built_by(position: int | None, version: int) -> int:
    """The version that built a projection with no version recorded: at position 0 (or
    none) it has built nothing, so its tables are of the current `version`; with a position
    it was built before versions were recorded."""
    return version if not position else FIRST_VERSION


def built_versions(engine: Engine, versions: Mapping[str, int]) -> dict[str, int]:
    """For each projection (name -> the version of its handlers now), the version of the
    handlers that built its tables. Reads only."""
    p, v = projection_positions, projection_versions
    query = select(p.c.name, p.c.position, v.c.version).outerjoin(v, v.c.name == p.c.name)
    with engine.connect() as connection:
        stored = {
            name: (position, version) for name, position, version in connection.execute(query)
        }
    built = {}
    for name, current in versions.items():
        position, version = stored.get(name, (None, None))
        built[name] = version if version is not None else _built_by(position, current)
    return built


def save_versions(connection: Connection, versions: Mapping[str, int]) -> None:
    """Record the version that built projections' tables, in the transaction of their swap."""
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(projection_versions)
    statement = statement.on_conflict_do_update(
        index_elements=["name"], set_={"version": statement.excluded.version}
    )
    connection.execute(statement, [{"name": n, "version": v} for n, v in versions.items()])


def stored_positions(engine: Engine) -> dict[str, int]:
    """Every projection's position as stored now, without locking anything."""
    with engine.connect() as connection:
        query = select(projection_positions.c.name, projection_positions.c.position)
        return {name: position for name, position in connection.execute(query)}


@contextmanager
def locked_positions(
    engine: Engine, names: Iterable[str], *, bulk: bool = False
) -> Iterator[tuple[Connection, dict[str, int]]]:
    """A transaction holding the named projections' positions, read inside the lock.

    Whoever holds them is the only one applying events to those projections; the rows and
    the new positions commit together, or neither does. `bulk`: as for `writing`.
    """
    names = sorted(names)  # always the same order, so two lockers never deadlock
    with writing(engine, bulk=bulk) as connection:
        query = (
            select(projection_positions.c.name, projection_positions.c.position)
            .where(projection_positions.c.name.in_(names))
            .order_by(projection_positions.c.name)
        )
        if engine.dialect.name == "postgresql":
            query = query.with_for_update()
        positions = {name: position for name, position in connection.execute(query)}
        missing = set(names) - set(positions)
        if missing:
            raise RuntimeError(f"no position row for {sorted(missing)}: ensure_positions first")
        yield connection, positions


def save_positions(connection: Connection, positions: dict[str, int]) -> None:
    """Move projections' positions, inside the transaction that applied their events."""
    if positions:
        connection.execute(
            projection_positions.update().where(projection_positions.c.name == bindparam("p_name")),
            [{"p_name": name, "position": position} for name, position in positions.items()],
        )


def record_failure(connection: Connection, name: str, position: int, error: str) -> bool:
    """Record, in the transaction under way, that a projection failed on the event at
    `position`; answer whether that is news (it had not already failed there)."""
    found = connection.execute(
        select(projection_failures.c.position).where(projection_failures.c.name == name)
    ).scalar_one_or_none()
    row = {"position": position, "error": error, "failed_at": datetime.now(UTC)}
    if found is None:
        connection.execute(projection_failures.insert(), [{"name": name, **row}])
    else:
        where = projection_failures.c.name == name
        connection.execute(projection_failures.update().where(where), [row])
    return found != position


def clear_failures(connection: Connection, positions: Mapping[str, int]) -> None:
    """Forget the failures of projections that have now got past the event they failed on."""
    for name, position in positions.items():
        connection.execute(
            projection_failures.delete().where(
                projection_failures.c.name == name, projection_failures.c.position <= position
            )
        )


def stored_failures(engine: Engine) -> dict[str, dict[str, Any]]:
    """Each failing projection's failure: `position` of the event, `error`, `failed_at`."""
    with engine.connect() as connection:
        rows = connection.execute(select(projection_failures)).mappings().all()
    return {
        row["name"]: {
            "position": row["position"],
            "error": row["error"],
            "failed_at": row["failed_at"].replace(tzinfo=row["failed_at"].tzinfo or UTC),
        }
        for row in rows
    }
