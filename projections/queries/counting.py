"""Counting commitments from the count tables, without scanning every commitment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, or_, select

from domain.vocabularies import OPEN_STATUSES
from projections.queries.common import coalition_key
from projections.schema import (
    commitment_counts,
    commitments,
    open_due_counts,
    open_due_month_counts,
)

UNSPECIFIED = "unspecified"  # the level of commitments made outside a dialogue

Group = tuple[str, str]  # (coalition id, level; '' when none)


def conditions(source: Table, filters: Mapping[str, Any]) -> list[ColumnElement[bool]]:
    """`coalition`, `status`, `level` and `year` (made) as conditions on the commitments
    table or one of its count tables."""
    where: list[ColumnElement[bool]] = []
    if "coalition" in filters:
        where.append(source.c.coalition == coalition_key(filters["coalition"]))
    if "status" in filters:
        where.append(source.c.status == filters["status"])
    if "level" in filters:
        level = filters["level"]
        if source is not commitments:
            where.append(source.c.level == ("" if level == UNSPECIFIED else level))
        elif level == UNSPECIFIED:
            where.append(source.c.level.is_(None))
        else:
            where.append(source.c.level == level)
    if "year" in filters:
        year = source.c.made_year if source is commitments else source.c.year
        where.append(year == int(filters["year"]))
    return where


def by_status(connection: Connection, filters: Mapping[str, Any]) -> Counter[tuple[str, str, str]]:
    """How many commitments there are by (coalition, level, status)."""
    t = commitment_counts
    query = (
        select(t.c.coalition, t.c.level, t.c.status, func.sum(t.c.n))
        .where(*conditions(t, filters))
        .group_by(t.c.coalition, t.c.level, t.c.status)
    )
    return Counter({(c, lv, s): int(n) for c, lv, s, n in connection.execute(query)})


def overdue(connection: Connection, filters: Mapping[str, Any], today: date) -> Counter[Group]:
    """Open commitments past their due date on `today`, by (coalition, level).

    Those due in an earlier year or an earlier month of this year come from the counts;
    those due earlier this month from a range of the due-date index (at most a month).
    """
    y, m, t = open_due_counts, open_due_month_counts, commitments
    earlier_years = (
        select(y.c.coalition, y.c.level, func.sum(y.c.n))
        .where(*conditions(y, filters), y.c.due_year < today.year)
        .group_by(y.c.coalition, y.c.level)
    )
    earlier_months = (
        select(m.c.coalition, m.c.level, func.sum(m.c.n))
        .where(*conditions(m, filters), m.c.due_year == today.year, m.c.due_month < today.month)
        .group_by(m.c.coalition, m.c.level)
    )
    this_month = (
        select(t.c.coalition, func.coalesce(t.c.level, ""), func.count())
        .where(
            *conditions(t, filters),
            or_(*(t.c.status == s for s in OPEN_STATUSES)),
            t.c.due_on >= today.replace(day=1),
            t.c.due_on < today,
        )
        .group_by(t.c.coalition, t.c.level)
    )
    found: Counter[Group] = Counter()
    for query in (earlier_years, earlier_months, this_month):
        for coalition, level, n in connection.execute(query):
            found[(coalition, level)] += int(n)
    return found
