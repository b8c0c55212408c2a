"""Tables built aside under a one-off name, then swapped in for the live ones in one transaction.

Readers go on reading the live tables while a rebuild fills its own; the swap renames the
live table out of the way ("retired") and the new one into its place, in the transaction
that also moves the position, so a reader sees either the old read model or the new one,
never one half built. The retired tables are dropped afterwards, each in a transaction of
its own: dropping a big table takes a while, and others should not wait for the lock that
long. Index names carry the same one-off suffix, since index and constraint names must be
unique.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from sqlalchemy import Connection, Index, MetaData, Table, inspect

RETIRED = "_retired_"


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


def swap(connection: Connection, pairs: Iterable[tuple[Table, Table]], token: str) -> list[str]:
    """Put each table built aside in the place of its live table; answer the names the live
    tables were retired under, to be dropped (`drop_retired`) once this transaction ends."""
    quote = connection.dialect.identifier_preparer.quote
    present = set(inspect(connection).get_table_names())
    retired = []
    for live, aside in pairs:
        if live.name in present:
            old = f"{live.name}{RETIRED}{token}"
            connection.exec_driver_sql(f"ALTER TABLE {quote(live.name)} RENAME TO {quote(old)}")
            retired.append(old)
        connection.exec_driver_sql(f"ALTER TABLE {quote(aside.name)} RENAME TO {quote(live.name)}")
    return retired


def retired_tables(connection: Connection, live: Iterable[Table]) -> list[str]:
    """Tables that swaps retired and nobody dropped yet (a process stopped in between)."""
    names = "|".join(re.escape(table.name) for table in live)
    pattern = re.compile(rf"(?:{names}){RETIRED}[0-9a-f]{{8}}")
    return [name for name in inspect(connection).get_table_names() if pattern.fullmatch(name)]


def drop_retired(connection: Connection, name: str) -> None:
    """Drop one retired table (no reader uses it: the swap committed)."""
    quote = connection.dialect.identifier_preparer.quote
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {quote(name)}")


def drop(connection: Connection, tables: Iterable[Table]) -> None:
    """Remove tables built aside by a rebuild that did not finish."""
    for table in tables:
        table.drop(connection, checkfirst=True)
