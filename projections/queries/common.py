"""What the queries share: pages, coalitions named by code or id, stored moments in UTC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, overload
from uuid import UUID

from sqlalchemy import Connection, select

from domain.coalitions import coalition_id
from domain.vocabularies import COALITION_CODE
from projections.schema import coalitions

DEFAULT_PER_PAGE = 50
CHUNK = 500  # ids per `IN (...)`
MAX_PER_PAGE = 200


def window(page: int, per_page: int) -> tuple[int, int]:
    """LIMIT and OFFSET of a page counted from 1; ValueError for a page that cannot be."""
    if page < 1:
        raise ValueError("page counts from 1")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be 1 to {MAX_PER_PAGE}")
    return per_page, (page - 1) * per_page


def paged(items: list[dict[str, Any]], page: int, per_page: int, total: int) -> dict[str, Any]:
    """A page as the API answers it."""
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def coalition_key(coalition: str | UUID) -> str:
    """The id (as stored) of a coalition named by its code or its id."""
    if isinstance(coalition, str) and COALITION_CODE.match(coalition):
        return str(coalition_id(coalition))
    try:
        return str(coalition if isinstance(coalition, UUID) else UUID(str(coalition)))
    except ValueError:
        return str(coalition)  # names no coalition, so matches nothing


def codes(connection: Connection, ids: Iterable[str]) -> dict[str, str]:
    """The code of each coalition id (an id the read model does not know stays as it is)."""
    wanted = set(ids)
    found = {
        row.id: row.code
        for row in connection.execute(
            select(coalitions.c.id, coalitions.c.code).where(coalitions.c.id.in_(wanted))
        )
    }
    return {i: found.get(i, i) for i in wanted}


@overload
def utc(moment: datetime) -> datetime: ...


@overload
def utc(moment: None) -> None: ...


def utc(moment: datetime | None) -> datetime | None:
    """A stored moment with its offset, in UTC: SQLite keeps moments without one (they
    were written in UTC), PostgreSQL answers in its session's time zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def today_utc() -> date:
    """Today's date in UTC: what overdue means when no day is given."""
    return datetime.now(UTC).date()


def rate(part: Any, whole: Any) -> float | None:
    """part ÷ whole as a number 0–1 (4 decimals), or None when whole is 0."""
    if not whole:
        return None
    return round(float(part / whole), 4)
