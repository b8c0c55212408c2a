"""Event recorders that write each event's ledger link in the event's own transaction.

eventsourcing's recorders are subclassed at the one place each stores a batch of events,
after the positions are known and before the commit: the previous link is read there,
while the batch holds the store's write lock (SQLite's database lock; PostgreSQL's
EXCLUSIVE lock on the events table, which orders positions by commit), so concurrent
writers can never chain two links to the same predecessor. A link is stored, or neither
it nor its event is.

A store made before the ledger existed is linked once: `ensure_ledger` creates the table
and links every event already there in one transaction, under a lock of its own; a store
whose ledger exists is never relinked (that would hide an event slipped in without one).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from tracker.ledger.links import Link, chain

# Events linked per statement when an older store is linked, and links read per page.
PAGE = 5000
# The advisory lock that makes linking an older PostgreSQL store happen once.
LEDGER_LOCK_KEY = 0x6C65_6467_6572
COLUMNS = "position, previous, previous_hash, record_id, version, hash"


def _link(row: Any) -> Link:
    return Link(
        position=row["position"],
        previous=row["previous"],
        previous_hash=bytes(row["previous_hash"]),
        record_id=row["record_id"],
        version=row["version"],
        hash=bytes(row["hash"]),
    )


def _values(links: Sequence[Link]) -> list[tuple[Any, ...]]:
    return [
        (k.position, k.previous, k.previous_hash, k.record_id, k.version, k.hash) for k in links
    ]


class LinkedSQLiteRecorder(SQLiteApplicationRecorder):
    """SQLite's application recorder, with a link stored beside each event."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        self.ledger_table = f"{events_table_name}_ledger"

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if positions:
            self._append(c, list(zip(positions, stored_events, strict=True)))
        return positions

    def _append(self, c: SQLiteCursor, stored: list[tuple[int, StoredEvent]]) -> None:
        c.execute(f"SELECT {COLUMNS} FROM {self.ledger_table} ORDER BY position DESC LIMIT 1")
        row = c.fetchone()
        links = chain(
            _link(row) if row else None,
            [(p, s.originator_id, s.originator_version, s.topic, s.state) for p, s in stored],
        )
        c.executemany(
            f"INSERT INTO {self.ledger_table} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            _values(links),
        )

    def ensure_ledger(self) -> int | None:
        """Create the ledger if the store has none, linking every event already stored;
        the number linked, or None if the ledger was there."""
        if self._has_ledger():
            return None
        try:
            with self.datastore.transaction(commit=True) as c:
                # Creating the table is the first write: it waits for the write lock, and
                # fails if another process made the ledger meanwhile.
                c.execute(
                    f"CREATE TABLE {self.ledger_table} (position INTEGER PRIMARY KEY, "
                    "previous INTEGER NOT NULL, previous_hash BLOB NOT NULL, "
                    "record_id TEXT NOT NULL, version INTEGER NOT NULL, hash BLOB NOT NULL)"
                )
                c.execute(
                    f"CREATE UNIQUE INDEX {self.ledger_table}_record "
                    f"ON {self.ledger_table} (record_id, version)"
                )
                linked = 0
                for page in self._unlinked_pages(c):
                    self._append(c, page)
                    linked += len(page)
                return linked
        except OperationalError:
            if self._has_ledger():
                return None
            raise

    def _has_ledger(self) -> bool:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (self.ledger_table,),
            )
            return c.fetchone() is not None

    def _unlinked_pages(self, c: SQLiteCursor) -> Iterator[list[tuple[int, StoredEvent]]]:
        after = 0
        while True:
            c.execute(
                "SELECT rowid, originator_id, originator_version, topic, state "
                f"FROM {self.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (after, PAGE),
            )
            rows = c.fetchall()
            if not rows:
                return
            yield [
                (
                    row["rowid"],
                    StoredEvent(
                        self.convert_originator_id(row["originator_id"]),
                        row["originator_version"],
                        row["topic"],
                        row["state"],
                    ),
                )
                for row in rows
            ]
            after = rows[-1]["rowid"]

    def select_links(self, after: int, stop: int, limit: int = PAGE) -> list[Link]:
        """Links after position `after`, up to `stop`, in position order."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {COLUMNS} FROM {self.ledger_table} WHERE position > ? "
                "AND position <= ? ORDER BY position LIMIT ?",
                (after, stop, limit),
            )
            return [_link(row) for row in c.fetchall()]

    def links_of(self, record_id: UUID | str) -> dict[int, Link]:
        """The links of a record's events, by version."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {COLUMNS} FROM {self.ledger_table} WHERE record_id = ?",
                (str(record_id),),
            )
            return {row["version"]: _link(row) for row in c.fetchall()}

    def last_link(self) -> Link | None:
        """The chain's head: its last link."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT {COLUMNS} FROM {self.ledger_table} ORDER BY position DESC LIMIT 1")
            row = c.fetchone()
            return _link(row) if row else None


class LinkedPostgresRecorder(PostgresApplicationRecorder):
    """PostgreSQL's application recorder, with a link stored beside each event."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.ledger_table = f"{events_table_name}_ledger"
        self.check_identifier_length(self.ledger_table)
        self._ledger = SQL("{0}.{1}").format(
            Identifier(datastore.schema), Identifier(self.ledger_table)
        )
        self._events = SQL("{0}.{1}").format(
            Identifier(datastore.schema), Identifier(events_table_name)
        )

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if positions:
            self._append(curs, list(zip(positions, stored_events, strict=True)))
        return positions

    def _append(self, curs: Cursor[DictRow], stored: list[tuple[int, StoredEvent]]) -> None:
        query = SQL("SELECT {0} FROM {1} ORDER BY position DESC LIMIT 1")
        curs.execute(query.format(SQL(COLUMNS), self._ledger), prepare=True)
        row = curs.fetchone()
        links = chain(
            _link(row) if row else None,
            [(p, s.originator_id, s.originator_version, s.topic, s.state) for p, s in stored],
        )
        insert = SQL("INSERT INTO {0} ({1}) VALUES (%s, %s, %s, %s, %s, %s)")
        curs.executemany(insert.format(self._ledger, SQL(COLUMNS)), _values(links))

    def ensure_ledger(self) -> int | None:
        """Create the ledger if the store has none, linking every event already stored;
        the number linked, or None if the ledger was there."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(%s)", (LEDGER_LOCK_KEY,))
            name = f"{self.datastore.schema}.{self.ledger_table}"
            curs.execute("SELECT to_regclass(%s) AS found", (name,))
            found = curs.fetchone()
            if found is not None and found["found"] is not None:
                return None
            curs.execute(
                SQL(
                    "CREATE TABLE {0} (position bigint PRIMARY KEY, previous bigint NOT NULL, "
                    "previous_hash bytea NOT NULL, record_id text NOT NULL, "
                    "version bigint NOT NULL, hash bytea NOT NULL)"
                ).format(self._ledger)
            )
            curs.execute(
                SQL("CREATE UNIQUE INDEX {0} ON {1} (record_id, version)").format(
                    Identifier(f"{self.ledger_table}_record"), self._ledger
                )
            )
            self._lock_table(curs)  # no event is stored while the old ones are linked
            linked, after = 0, 0
            while True:
                curs.execute(
                    SQL(
                        "SELECT notification_id, originator_id, originator_version, topic, "
                        "state FROM {0} WHERE notification_id > %s "
                        "ORDER BY notification_id LIMIT %s"
                    ).format(self._events),
                    (after, PAGE),
                )
                rows = curs.fetchall()
                if not rows:
                    return linked
                page = [
                    (
                        row["notification_id"],
                        StoredEvent(
                            row["originator_id"],
                            row["originator_version"],
                            row["topic"],
                            bytes(row["state"]),
                        ),
                    )
                    for row in rows
                ]
                self._append(curs, page)
                linked += len(page)
                after = page[-1][0]

    def select_links(self, after: int, stop: int, limit: int = PAGE) -> list[Link]:
        """Links after position `after`, up to `stop`, in position order."""
        query = SQL(
            "SELECT {0} FROM {1} WHERE position > %s AND position <= %s ORDER BY position LIMIT %s"
        )
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(query.format(SQL(COLUMNS), self._ledger), (after, stop, limit))
            return [_link(row) for row in curs.fetchall()]

    def links_of(self, record_id: UUID | str) -> dict[int, Link]:
        """The links of a record's events, by version."""
        query = SQL("SELECT {0} FROM {1} WHERE record_id = %s")
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(query.format(SQL(COLUMNS), self._ledger), (str(record_id),))
            return {row["version"]: _link(row) for row in curs.fetchall()}

    def last_link(self) -> Link | None:
        """The chain's head: its last link."""
        query = SQL("SELECT {0} FROM {1} ORDER BY position DESC LIMIT 1")
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(query.format(SQL(COLUMNS), self._ledger))
            row = curs.fetchone()
            return _link(row) if row else None


LinkedRecorder = LinkedSQLiteRecorder | LinkedPostgresRecorder
