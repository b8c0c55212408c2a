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
from domain.outcomes import Outcome
from tracker.accounts import User, user_names
from tracker.application import today
from tracker.permissions import may_ask_outside
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
    if isinstance(record, Outcome) and not may_ask_outside(user, record.coalition):
        # An outside person's name is for those who may ask such people (their personal data).
        data["substantiations"] = [{**s, "name": None} for s in record.substantiations]
    return _named(data)


def _named(data: dict[str, Any]) -> dict[str, Any]:
    """Who recorded the record, its review and its substantiations, by name (events keep
    users' ids; people read names)."""
    review = data.get("review")
    substantiations = data.get("substantiations") or []
    ids = [data.get("recorded_by"), review and review.get("recorded_by")]
    ids += [item.get("by") for item in substantiations]
    names = user_names(services().engine, (i for i in ids if isinstance(i, str)))
    if isinstance(data.get("recorded_by"), str):
        data["recorded_by"] = names[data["recorded_by"]]
    if review and isinstance(review.get("recorded_by"), str):
        data["review"] = {**review, "recorded_by": names[review["recorded_by"]]}
    if substantiations:
        data["substantiations"] = [
            {**item, "by": names.get(item["by"], item["by"])} for item in substantiations
        ]
    return data


def coalition_code(coalition: UUID) -> str:
    """A coalition's code, which people read more easily than its id (cached per request)."""
    cache: dict[UUID, str] = g.setdefault("coalition_codes", {})
    if coalition not in cache:
        found = use_cases().get("coalition", coalition)
        cache[coalition] = found.code  # type: ignore[attr-defined]
    return cache[coalition]
