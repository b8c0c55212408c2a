"""Tables built aside under a one-off name, then swapped in for the live ones in one transaction.

Readers go on reading the live tables while a rebuild fills its own; the swap drops the
live table and renames the new one in the transaction that also moves the position, so a
reader sees either the old read model or the new one, never one half built. Index names
carry the same one-off suffix, since index and constraint names must be unique.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import Connection, Index, MetaData, Table


def new_token() -> str:
    """A suffix no table has yet."""
    return secrets.token_hex(4)


def aside_table(table: Table, token: str) -> Table:
    """An empty copy of `table` named `<name>_<token>`, without its secondary indexes."""
    copy = table.to_metadata(MetaData(), name=f"{table.name}_{token}")
    for index in list(copy.indexes):
        copy.indexes.discard(index)
    return copy


def create_indexes(connection: Connection, live: Table, aside: Table, token: str) -> None:
    """Give the table built aside the live table's indexes (built once, after filling it)."""
    for index in live.indexes:
        columns = [aside.c[column.name] for column in index.columns]
        Index(f"{index.name}_{token}", *columns, unique=bool(index.unique)).create(connection)


def swap(connection: Connection, pairs: Iterable[tuple[Table, Table]]) -> None:
    """Put each table built aside in the place of its live table."""
    quote = connection.dialect.identifier_preparer.quote
    for live, aside in pairs:
        live.drop(connection, checkfirst=True)
        connection.exec_driver_sql(f"ALTER TABLE {quote(aside.name)} RENAME TO {quote(live.name)}")


def drop(connection: Connection, tables: Iterable[Table]) -> None:
    """Remove tables built aside by a rebuild that did not finish."""
    for table in tables:
        table.drop(connection, checkfirst=True)
