"""The timeline of facts, by the day they happened, then by when they were recorded."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, func, select

from projections.queries.common import (
    DEFAULT_PER_PAGE,
    coalition_key,
    codes,
    paged,
    utc,
    window,
)
from projections.schema import timeline as entries
from projections.schema import timeline_days, timeline_subjects


def timeline(
    engine: Engine,
    coalition: str | UUID | None = None,
    from_: date | None = None,
    to: date | None = None,
    order: str = "asc",
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    """A page of timeline entries of one coalition (or all), between two dates inclusive.

    Entries are ordered by `occurred_on`, then `recorded_at` (`order="desc"` reverses
    both). Each has `occurred_on`, `recorded_at`, `kind` (the event's public name),
    `title`, `ref` {type, id}, `recorded_by` (a user id), `correction`, and for redaction
    the `coalition` code and, for evidence, its current `sensitivity` and the one the
    entry was `written_under`.
    """
    if order not in ("asc", "desc"):
        raise ValueError("order is asc or desc")
    limit, offset = window(page, per_page)
    where, days = [], []
    if coalition is not None:
        key = coalition_key(coalition)
        where.append(entries.c.coalition == key)
        days.append(timeline_days.c.coalition == key)
    if from_ is not None:
        where.append(entries.c.occurred_on >= from_)
        days.append(timeline_days.c.occurred_on >= from_)
    if to is not None:
        where.append(entries.c.occurred_on <= to)
        days.append(timeline_days.c.occurred_on <= to)
    columns = (entries.c.occurred_on, entries.c.recorded_at, entries.c.position)
    ordering = columns if order == "asc" else tuple(c.desc() for c in columns)
    query = (
        select(
            entries,
            timeline_subjects.c.sensitivity,
            timeline_subjects.c.label,
            timeline_subjects.c.currency,
        )
        .join_from(entries, timeline_subjects, timeline_subjects.c.id == entries.c.ref_id)
        .where(*where)
        .order_by(*ordering)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
        total = connection.execute(
            select(func.coalesce(func.sum(timeline_days.c.n), 0)).where(*days)
        ).scalar_one()
        code = codes(connection, (row.coalition for row in rows))
    items = [
        {
            "occurred_on": row.occurred_on,
            "recorded_at": utc(row.recorded_at),
            "kind": row.kind,
            "title": row.title,
            "ref": {"type": row.ref_type, "id": row.ref_id},
            "recorded_by": row.recorded_by,
            "correction": row.correction,
            "coalition": code[row.coalition],
            "sensitivity": row.sensitivity,
            "written_under": row.written_under,
            # For a page that writes the sentence anew in its own language.
            "position": row.position,
            "label": row.label,
            "currency": row.currency,
        }
        for row in rows
    ]
    return paged(items, page, per_page, int(total))
