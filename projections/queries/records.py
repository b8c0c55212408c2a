"""Lists the pages offer: every coalition, and a coalition's records of a kind."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select

from projections.queries.common import coalition_key, utc
from projections.schema import chain_nodes, coalitions


def all_coalitions(engine: Engine) -> list[dict[str, Any]]:
    """Every coalition's row (id, code, name, country, members, dates), by code."""
    with engine.connect() as connection:
        rows = connection.execute(select(coalitions).order_by(coalitions.c.code)).mappings()
        return [_dated(row) for row in rows]


def records_of_kind(
    engine: Engine, record_type: str, coalition: str | UUID | None = None
) -> list[dict[str, Any]]:
    """The records of one type (`evidence`, `advocacy_input`, ...), of one coalition or all,
    newest first: id, type, coalition id, title, `occurred_on` (a date), `recorded_at` (in
    UTC), `closed_as`, and for evidence its `sensitivity` (for redaction)."""
    query = select(chain_nodes).where(chain_nodes.c.type == record_type)
    if coalition is not None:
        query = query.where(chain_nodes.c.coalition == coalition_key(coalition))
    query = query.order_by(chain_nodes.c.occurred_on.desc(), chain_nodes.c.recorded_at.desc())
    with engine.connect() as connection:
        return [_dated(row) for row in connection.execute(query).mappings()]


def _dated(row: Any) -> dict[str, Any]:
    return {**row, "recorded_at": utc(row["recorded_at"])}
