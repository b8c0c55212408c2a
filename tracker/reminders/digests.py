"""What a coalition lead's digest holds on a day: their coalitions' open commitments due
soon, and those overdue.

On a day D (the `--on` date, UTC today by default):
- *due* lists each open commitment whose due date falls in D … D + 14 days, both days
  included (due today counts as due, not overdue);
- *overdue* lists each commitment overdue on D by the one rule of the commitments list
  (domain.commitments.is_overdue: still open and due before D).
Closed commitments (fulfilled, partially fulfilled, not fulfilled, withdrawn) and those
with no due date are in neither. Each list is in due-date order, then in the order made.
Only the lead's own coalitions are read; commitments carry no sensitivity of their own,
so a lead may read every one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, select

from domain.coalitions import coalition_id
from domain.commitments import is_overdue
from domain.vocabularies import OPEN_STATUSES
from projections.schema import coalitions as coalition_table
from projections.schema import commitments as table

DUE_WITHIN = timedelta(days=14)


@dataclass(frozen=True)
class Digest:
    """A lead's digest for a day, as the notice stores it (plain JSON values)."""

    on: date
    due: list[dict[str, Any]]
    overdue: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        """Nothing due and nothing overdue: no digest is made."""
        return not self.due and not self.overdue

    def data(self) -> dict[str, Any]:
        """The notice's `data`: `{"on", "due", "overdue"}`."""
        return {"on": self.on.isoformat(), "due": self.due, "overdue": self.overdue}


def digest_for(engine: Engine, coalition_codes: Iterable[str], on: date) -> Digest:
    """The digest of these coalitions' commitments on the day `on` (see the module)."""
    ids = [str(coalition_id(code)) for code in coalition_codes]
    if not ids:
        return Digest(on, [], [])
    query = (
        select(
            table.c.id,
            table.c.coalition,
            table.c.text,
            table.c.institution,
            table.c.due_on,
            table.c.status,
            coalition_table.c.code,
        )
        .join_from(table, coalition_table, coalition_table.c.id == table.c.coalition, isouter=True)
        .where(
            table.c.coalition.in_(ids),
            table.c.status.in_(OPEN_STATUSES),
            table.c.due_on.is_not(None),
            table.c.due_on <= on + DUE_WITHIN,
        )
        .order_by(table.c.due_on, table.c.made_on, table.c.position)
    )
    due: list[dict[str, Any]] = []
    overdue: list[dict[str, Any]] = []
    with engine.connect() as connection:
        for row in connection.execute(query):
            item = {
                "id": str(row.id),
                "coalition": row.code or "",
                "text": row.text,
                "institution": row.institution,
                "due_on": row.due_on.isoformat(),
            }
            (overdue if is_overdue(row.status, row.due_on, on) else due).append(item)
    return Digest(on, due, overdue)
