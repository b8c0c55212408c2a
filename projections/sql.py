"""Prebuilt statements and value conversions for writing read-model rows in bulk.

SQLAlchemy Core describes the tables; but building parameters row by row through its type
processors costs more than the database's own work for a batch of a few hundred events.
So each table gets its SQL written once (`TableSQL`), and rows go to the driver as plain
tuples with `exec_driver_sql`, each column converted by a small function: SQLite stores
dates as ISO text (as SQLAlchemy's own SQLite types do), JSON as text, booleans as 0/1.
Reading rows back converts them to the same Python values the handlers write.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Table

Convert = Callable[[Any], Any] | None
Key = Hashable


def key_columns(table: Table) -> list[str]:
    """The names of the primary key's columns."""
    return [column.name for column in table.primary_key.columns]


def _sqlite_datetime(value: datetime) -> str:
    """As SQLAlchemy's SQLite DATETIME stores it: `2025-04-01 09:30:00.000000`, in UTC."""
    if value.tzinfo is None:
        return value.isoformat(" ", "microseconds")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without its "+00:00"


def _sqlite_read_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _converters(column_type: Any, dialect: str) -> tuple[Convert, Convert]:
    """(to the driver, from the driver) for one column, None where the value passes as is."""
    if isinstance(column_type, JSON):
        return json.dumps, (json.loads if dialect == "sqlite" else None)
    if dialect != "sqlite":
        return None, None
    if isinstance(column_type, DateTime):
        return _sqlite_datetime, _sqlite_read_datetime
    if isinstance(column_type, Date):
        return date.isoformat, date.fromisoformat
    if isinstance(column_type, Boolean):
        return int, bool
    return None, None


def _shape(names: Sequence[str], to: dict[str, Convert]) -> Callable[[Any], tuple[Any, ...]]:
    """A function picking some columns of a row, converted for the driver, as a tuple.

    It is written out as one expression per table (as `collections.namedtuple` writes its
    classes): a rebuild calls it for every row, and a loop over the columns costs twice as
    much. Names are passed through `repr`, so no column name can change the code.
    """
    converts = {f"c{i}": to[name] for i, name in enumerate(names) if to[name] is not None}
    parts = []
    for i, name in enumerate(names):
        value = f"row[{name!r}]"
        if f"c{i}" in converts:
            value = f"(None if (v := {value}) is None else c{i}(v))"
        parts.append(value)
    code = f"lambda row: ({', '.join(parts)},)"
    shape: Callable[[Any], tuple[Any, ...]] = eval(code, {"__builtins__": {}, **converts})
    return shape


class TableSQL:
    """The statements of one table, and its rows as the driver takes and gives them."""

    def __init__(self, table: Table, dialect: str) -> None:
        self.table, self.dialect = table, dialect
        self.columns = [c.name for c in table.columns]
        self.keys = key_columns(table)
        self.values = [c for c in self.columns if c not in self.keys]
        pairs = [_converters(c.type, dialect) for c in table.columns]
        to = {name: to for name, (to, _) in zip(self.columns, pairs, strict=True)}
        self._from = [back for _, back in pairs]
        self.row_params = _shape(self.columns, to)
        self.value_params = _shape(self.values, to) if self.values else None
        self._key_shape = _shape(self.keys, to)
        self._to = to
        mark = "?" if dialect == "sqlite" else "%s"
        self._mark = mark
        quote = _quote
        name = quote(table.name)
        cols = ", ".join(quote(c) for c in self.columns)
        marks = ", ".join(mark for _ in self.columns)
        where = " AND ".join(f"{quote(k)} = {mark}" for k in self.keys)
        self.insert = f"INSERT INTO {name} ({cols}) VALUES ({marks})"
        self.delete = f"DELETE FROM {name} WHERE {where}"
        self.drop_zero = f"DELETE FROM {name} WHERE {where} AND n = 0"
        added = ", ".join(
            f"{quote(c)} = {name}.{quote(c)} + excluded.{quote(c)}" for c in self.values
        )
        ordered = ", ".join(quote(c) for c in [*self.keys, *self.values])
        conflict = ", ".join(quote(k) for k in self.keys)
        self.add = (
            f"INSERT INTO {name} ({ordered}) VALUES ({marks}) "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {added}"
        )
        self._select = f"SELECT {cols} FROM {name} WHERE "
        self._where = where
        self._updates: dict[tuple[str, ...], tuple[str, Callable[[Any], tuple[Any, ...]]]] = {}

    def update_of(self, columns: tuple[str, ...]) -> tuple[str, Callable[[Any], tuple[Any, ...]]]:
        """An UPDATE of these value columns alone (the key's parameters follow theirs), and
        the parameters of those columns taken from a row. SQLite rewrites only the indexes
        holding a column an UPDATE sets: one that sets only what changed leaves the others
        alone."""
        found = self._updates.get(columns)
        if found is None:
            sets = ", ".join(f"{_quote(c)} = {self._mark}" for c in columns)
            statement = f"UPDATE {_quote(self.table.name)} SET {sets} WHERE {self._where}"
            found = self._updates[columns] = (statement, _shape(columns, self._to))
        return found

    def key_params(self, key: Key) -> tuple[Any, ...]:
        """A key as the driver takes it."""
        if len(self.keys) == 1:
            return self._key_shape({self.keys[0]: key})
        return self._key_shape(dict(zip(self.keys, key, strict=True)))  # type: ignore[call-overload]

    def read(self, connection: Connection, keys: Sequence[Key]) -> dict[Key, dict[str, Any]]:
        """The stored rows with these keys (a one-column key), as handlers see rows."""
        (name,) = self.keys
        marks = ", ".join(self._mark for _ in keys)
        query = f"{self._select}{_quote(name)} IN ({marks})"
        params = tuple(p for key in keys for p in self.key_params(key))
        # All at once: fetched one by one, a batch's rows cost a call through the driver each.
        return self._rows(connection.exec_driver_sql(query, params).all(), name)

    def read_where(self, connection: Connection, column: str, value: Any) -> list[Key]:
        """The keys of the stored rows whose `column` equals `value` (a one-column key)."""
        (name,) = self.keys
        table = _quote(self.table.name)
        query = f"SELECT {_quote(name)} FROM {table} WHERE {_quote(column)} = {self._mark}"
        convert = self._to[column]
        param = value if convert is None or value is None else convert(value)
        return [row[0] for row in connection.exec_driver_sql(query, (param,))]

    def read_key(self, connection: Connection, key: Key) -> dict[str, Any] | None:
        """The stored row with this (composite) key, or None."""
        where = " AND ".join(f"{_quote(k)} = {self._mark}" for k in self.keys)
        result = connection.exec_driver_sql(self._select + where, self.key_params(key))
        return next(iter(self._rows(result, None).values()), None)

    def _rows(self, result: Any, key_name: str | None) -> dict[Key, dict[str, Any]]:
        rows = {}
        columns, converts = self.columns, [(i, c) for i, c in enumerate(self._from) if c]
        for stored in result:
            values = list(stored)
            for i, convert in converts:
                if values[i] is not None:
                    values[i] = convert(values[i])
            row = dict(zip(columns, values, strict=True))
            rows[row[key_name] if key_name else tuple(row[k] for k in self.keys)] = row
        return rows


def _quote(name: str) -> str:
    return f'"{name}"'
