"""A record as the API shows it: its state from the aggregate, plus what is derived today.

The output schemas pick the fields each kind shows; this module adds what is not stored
as such (the coalition's code, a commitment's overdue days, redaction of evidence).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g

from domain import Record
from domain.budget_lines import BudgetLine
from domain.coalitions import Coalition
from domain.commitments import Commitment
from domain.evidence import Evidence
from tracker.accounts import User
from tracker.application import today
from web.read_models import budget_lines_of
from web.redaction import may_see, redacted
from web.services import services, use_cases


def present(record: Record, user: User) -> dict[str, Any]:
    """The record's current state for this reader."""
    data: dict[str, Any] = {k: v for k, v in vars(record).items() if not k.startswith("_")}
    data.update(
        id=str(record.id),
        version=record.version,
        recorded_at=record.created_on,
        modified_at=record.modified_on,
    )
    if not isinstance(record, Coalition):
        data["coalition"] = coalition_code(data["coalition"])
    if isinstance(record, Evidence):
        if not may_see(user, record):
            return redacted(record, data["coalition"])
        data["redacted"] = False
    if isinstance(record, Commitment):
        on = today()
        overdue = record.is_overdue(on)
        data["overdue"] = overdue
        data["days_overdue"] = record.days_overdue(on)
        data["budget_lines"] = budget_lines_of(services(), record.id)
    if isinstance(record, BudgetLine):
        data["dated_on"] = record.dated_on
    return data


def coalition_code(coalition: UUID) -> str:
    """A coalition's code, which people read more easily than its id (cached per request)."""
    cache: dict[UUID, str] = g.setdefault("coalition_codes", {})
    if coalition not in cache:
        found = use_cases().get("coalition", coalition)
        cache[coalition] = found.code  # type: ignore[attr-defined]
    return cache[coalition]
