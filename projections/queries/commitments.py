"""Commitments, a page at a time, with overdue worked out for the day asked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, Engine, and_, func, not_, select

from domain.commitments import days_overdue, is_overdue
from domain.vocabularies import OPEN_STATUSES
from projections.queries.common import (
    DEFAULT_PER_PAGE,
    codes,
    paged,
    today_utc,
    utc,
    window,
)
from projections.queries.counting import conditions, overdue
from projections.queries.reviews import with_review
from projections.schema import (
    COMMITMENT_STATUS_DATES,
    budget_line_commitments,
    budget_lines,
    commitment_counts,
)
from projections.schema import (
    commitments as table,
)

FILTERS = ("coalition", "status", "overdue", "level", "year", "review")


def commitments(
    engine: Engine,
    filters: Mapping[str, Any] | None = None,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    today: date | None = None,
) -> dict[str, Any]:
    """A page of commitments, oldest made first, filtered by any of `coalition` (code or
    id), `status`, `overdue` (True or False), `level`, `year` (the year it was made) and
    `review` (its latest verdict, or `unreviewed`: projections.queries.reviews).

    Overdue means open and past its due date on `today` (UTC today when not given).
    """
    filters = {k: v for k, v in (filters or {}).items() if v is not None}
    for unknown in set(filters) - set(FILTERS):
        raise ValueError(f"commitments cannot be filtered by {unknown}")
    today = today or today_utc()
    limit, offset = window(page, per_page)
    overdue = _overdue(table.c.status, table.c.due_on, today)
    where = _matching(filters)
    if "overdue" in filters:
        where.append(overdue if filters["overdue"] else not_(overdue))
    query = (
        select(table)
        .where(*where)
        .order_by(table.c.made_on, table.c.position)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
        if "review" in filters:  # not in the counts: counted from the commitments
            total = int(
                connection.execute(
                    select(func.count()).select_from(table).where(*where)
                ).scalar_one()
            )
        else:
            total = _total(connection, filters, today)
        code = codes(connection, (row["coalition"] for row in rows))
    return paged([_item(row, code, today) for row in rows], page, per_page, total)


def _overdue(status: Any, due_on: Any, today: date) -> ColumnElement[bool]:
    # Wrapped so that no index serves it: the page walks the order index and keeps the
    # overdue rows (old open commitments are mostly overdue), instead of sorting them all.
    return and_(func.coalesce(status, "").in_(OPEN_STATUSES), func.coalesce(due_on, today) < today)


def _matching(filters: Mapping[str, Any]) -> list[ColumnElement[bool]]:
    """Conditions on the commitments table for a page in made order: a year is a range of
    days, which the order index serves; a status is kept off the due-date index (a page of
    one status would else sort them all)."""
    where = conditions(table, {k: v for k, v in filters.items() if k not in ("year", "status")})
    if "status" in filters:
        where.append(func.coalesce(table.c.status, "") == filters["status"])
    if "year" in filters:
        first = date(int(filters["year"]), 1, 1)
        where += [table.c.made_on >= first, table.c.made_on < first.replace(year=first.year + 1)]
    if "review" in filters:
        where.append(with_review(filters["review"]))
    return where


def _total(connection: Connection, filters: Mapping[str, Any], today: date) -> int:
    """How many commitments match, from the counts rather than the commitments."""
    counted = {k: v for k, v in filters.items() if k != "overdue"}
    every = select(func.coalesce(func.sum(commitment_counts.c.n), 0)).where(
        *conditions(commitment_counts, counted)
    )
    if "overdue" not in filters:
        return int(connection.execute(every).scalar_one())
    late = sum(overdue(connection, counted, today).values())
    return late if filters["overdue"] else int(connection.execute(every).scalar_one()) - late


def _item(row: Any, code: Mapping[str, str], today: date) -> dict[str, Any]:
    due_on = row["due_on"]
    late = is_overdue(row["status"], due_on, today)
    dates = {"made": row["made_on"]}
    dates.update({s: row[f"{s}_on"] for s in COMMITMENT_STATUS_DATES if row[f"{s}_on"] is not None})
    review = None
    if row["review_verdict"] is not None:
        review = {
            "verdict": row["review_verdict"],
            "note": row["review_note"],
            "occurred_on": row["review_on"],
            "recorded_by": row["review_by"],
            "status": row["review_status"],
        }
    return {
        "id": row["id"],
        "coalition": code[row["coalition"]],
        "dialogue": row["dialogue"],
        "text": row["text"],
        "made_by": {"institution": row["institution"], "role": row["role"]},
        "level": row["level"],
        "groups": row["groups"],
        "sdg_targets": row["sdg_targets"],
        "status": row["status"],
        "completion": row["completion"],
        "due_on": due_on,
        "occurred_on": row["made_on"],
        "status_dates": dates,
        "overdue": late,
        "days_overdue": days_overdue(row["status"], due_on, today),
        "review": review,
        "recorded_at": utc(row["recorded_at"]),
        "recorded_by": row["recorded_by"],
    }


def budget_lines_of(engine: Engine, commitment_id: str | UUID) -> list[str]:
    """The ids of the budget lines tied to a commitment, in the order they were identified."""
    query = (
        select(budget_line_commitments.c.line)
        .join_from(
            budget_line_commitments,
            budget_lines,
            budget_lines.c.id == budget_line_commitments.c.line,
        )
        .where(budget_line_commitments.c.commitment == str(commitment_id))
        .order_by(budget_lines.c.position)
    )
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())
