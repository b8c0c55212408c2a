"""Records and coalitions the pages look up: a coalition by code, a coalition's records
(from projections.queries, like every read of a read model by the pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.coalitions import Coalition, coalition_id
from projections import queries
from projections.kinds import API_KINDS, RECORD_KINDS
from tracker.accounts import User
from tracker.errors import RecordNotFound
from tracker.sensitivity import hidden_label
from web.pages.readers import may_see_content
from web.services import services, tracker


@dataclass(frozen=True)
class Choice:
    """A record offered in a form's list of links: id, what it is called, when."""

    id: str
    kind: str
    title: str
    occurred_on: date | None
    closed_as: str | None


def coalition_named(code: str) -> Coalition:
    """The coalition with this code (or id); RecordNotFound (a 404 page) if there is none."""
    record = tracker().get("coalition", tracker().coalition_id(code))
    if not isinstance(record, Coalition):  # pragma: no cover - coalition_id checked the kind
        raise RecordNotFound("coalition", code)
    return record


def records_of(coalition: UUID, kind: str, user: User) -> list[Choice]:
    """The coalition's records of a kind, newest first; content a user may not see is hidden."""
    rows = queries.records_of_kind(services().engine, API_KINDS[kind], coalition)
    return [_choice(row, user) for row in rows]


def all_records(kind: str, user: User) -> list[Choice]:
    """Every coalition's records of a kind, newest first."""
    return [
        _choice(row, user) for row in queries.records_of_kind(services().engine, API_KINDS[kind])
    ]


def followed_by(record_id: UUID, user: User) -> list[Choice]:
    """The records that follow directly from this one (a dialogue's commitments, a
    commitment's budget lines, the outcomes it contributed to), in the chain's order."""
    chain = queries.impact_chain(services().engine, record_id)
    if chain is None:
        return []
    effects = {edge["to"] for edge in chain["edges"] if edge["from"] == str(record_id)}
    return [
        _choice(
            {
                **node,
                "coalition": str(coalition_id(node["coalition"])),
                "occurred_on": date.fromisoformat(node["occurred_on"])
                if node["occurred_on"]
                else None,
            },
            user,
        )
        for node in chain["nodes"]
        if node["id"] in effects
    ]


def _choice(row: Any, user: User) -> Choice:
    coalition = UUID(row["coalition"])
    visible = may_see_content(user, row["sensitivity"], coalition)
    return Choice(
        id=row["id"],
        kind=RECORD_KINDS[row["type"]],
        title=row["title"] if visible else hidden_label(row["sensitivity"]),
        occurred_on=row["occurred_on"],
        closed_as=row["closed_as"],
    )
