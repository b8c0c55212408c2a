"""Every row of a projection's tables, in a fixed order: two builds of a read model compare."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, select

from projections.catalogue import chosen


def snapshot(
    engine: Engine, names: Iterable[str] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of each table of the named projections (all when None), sorted, by table.

    A read model caught up event by event and one rebuilt in big batches must give the
    same snapshot: that is what "equal, row for row" means in the tests.
    """
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for projection in chosen(names):
            for table in projection.tables:
                rows = connection.execute(select(table)).all()
                found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return found
