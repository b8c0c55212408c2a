"""The executive committee's reviews as the read model holds them: the latest verdict of each
commitment, whether it still judges the status reported, and the commitments waiting for one.

Any commitment may be reviewed, in any status (domain.commitments: a review is the
committee's verdict on the status as reported then); the read model keeps the latest review
and the status it judged (`review_status`). Every commitment falls in exactly one of
`REVIEW_STATES`: its latest verdict, or `unreviewed`, so the counts add up to the total.

A review is *current* when it judged the commitment's present status and is not older than
the day that status was last reported (a later report of another status, or a reassessment
and a new report of the same status, leaves it out of date). Dates are `occurred_on`s: a
report dated before the review it follows is not seen as later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, case, func, or_, select

from domain.vocabularies import CLOSED_STATUSES, COMMITMENT_STATUSES, REVIEW_VERDICTS
from projections.queries.common import DEFAULT_PER_PAGE, codes, paged, window
from projections.queries.counting import Group, conditions
from projections.schema import commitments as table
from projections.schema import review_counts as counts

UNREVIEWED = "unreviewed"
REVIEW_STATES = (*REVIEW_VERDICTS, UNREVIEWED)  # a commitment's latest verdict, or none


def status_on() -> ColumnElement[Any]:
    """The day a commitment's present status was last reported (made: the day it was made)."""
    return case(
        *((table.c.status == s, table.c[f"{s}_on"]) for s in COMMITMENT_STATUSES if s != "made"),
        else_=table.c.made_on,
    )


def current_review() -> ColumnElement[bool]:
    """Whether a commitment's latest review judged the status it has now (see the module)."""
    return and_(
        table.c.review_verdict.is_not(None),
        func.coalesce(table.c.review_status, "") == table.c.status,
        or_(status_on().is_(None), table.c.review_on >= status_on()),
    )


def with_review(review: str) -> ColumnElement[bool]:
    """Commitments whose latest verdict is `review`, or that have none (`unreviewed`)."""
    if review == UNREVIEWED:
        return table.c.review_verdict.is_(None)
    return table.c.review_verdict == review


def awaiting_review() -> ColumnElement[bool]:
    """Closed commitments with no review, or only one that is out of date."""
    return and_(
        table.c.status.in_(CLOSED_STATUSES),
        or_(table.c.review_verdict.is_(None), ~current_review()),
    )


def review_counts(
    connection: Connection, filters: Mapping[str, Any]
) -> tuple[Counter[tuple[str, str, str]], Counter[Group]]:
    """How many commitments there are by (coalition, level, latest verdict or
    `unreviewed`), and how many are fulfilled with a current `confirmed` review, by
    (coalition, level); level '' for none, as `projections.queries.counting` counts. Read
    from the counts the commitments projection keeps (`review_counts`), never a scan."""
    t = counts
    confirmed = and_(t.c.status == "fulfilled", t.c.review == "confirmed", t.c.current == 1)
    query = (
        select(
            t.c.coalition,
            t.c.level,
            t.c.review,
            func.sum(t.c.n),
            func.sum(case((confirmed, t.c.n), else_=0)),
        )
        .where(*conditions(t, filters))
        .group_by(t.c.coalition, t.c.level, t.c.review)
    )
    states: Counter[tuple[str, str, str]] = Counter()
    fulfilled: Counter[Group] = Counter()
    for coalition, level_, verdict, n, confirmed_n in connection.execute(query):
        states[(coalition, level_, verdict)] += int(n)
        fulfilled[(coalition, level_)] += int(confirmed_n or 0)
    return states, fulfilled


def review_queue(
    engine: Engine,
    filters: Mapping[str, Any] | None = None,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    """A page of the commitments the committee has still to review: closed (fulfilled,
    partially fulfilled, not fulfilled or withdrawn) with no review, or whose latest review
    is out of date; those closed longest ago first. `filters`: `coalition`, `level`, `year`
    (made), as for the list of commitments. Each item: `id`, `coalition` (code), `text`,
    `made_by`, `level`, `status`, `closed_on`, `occurred_on` (made), `due_on`, and `review`
    (the out-of-date one, with `out_of_date: true`, or None)."""
    limit, offset = window(page, per_page)
    where = [*conditions(table, dict(filters or {})), awaiting_review()]
    closed_on = status_on().label("closed_on")
    current = case((current_review(), True), else_=False).label("current")
    query = (
        select(table, closed_on, current)
        .where(*where)
        .order_by(closed_on, table.c.made_on, table.c.position)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
        total = int(
            connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
        )
        code = codes(connection, (row["coalition"] for row in rows))
    return paged([_waiting(row, code) for row in rows], page, per_page, total)


def _waiting(row: Any, code: Mapping[str, str]) -> dict[str, Any]:
    review = None
    if row["review_verdict"] is not None:
        review = {
            "verdict": row["review_verdict"],
            "occurred_on": row["review_on"],
            "recorded_by": row["review_by"],
            "status": row["review_status"],
            "out_of_date": not row["current"],
        }
    closed_on: date | None = row["closed_on"]
    return {
        "id": row["id"],
        "coalition": code[row["coalition"]],
        "text": row["text"],
        "made_by": {"institution": row["institution"], "role": row["role"]},
        "level": row["level"],
        "status": row["status"],
        "closed_on": closed_on,
        "occurred_on": row["made_on"],
        "due_on": row["due_on"],
        "review": review,
    }
