"""The executive committee's dashboard: its query string and its answer."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.vocabularies import COMMITMENT_STATUSES, LEVELS
from projections.queries.counting import UNSPECIFIED
from web.schemas.fields import WholeNumber, choice
from web.schemas.queries import CoalitionFilter, Query


class FulfilmentQuery(Query):
    """Whose commitments, made in which year, at which level of government."""

    coalition = CoalitionFilter()
    year = WholeNumber(
        load_default=None,
        validate=validate.Range(min=1, max=9998),
        metadata={"description": "the year a commitment was made (a budget's fiscal year)"},
    )
    level = choice(
        (*LEVELS, UNSPECIFIED),
        load_default=None,
        metadata={"description": f"the dialogue's level; `{UNSPECIFIED}`: made outside one"},
    )


def rate(description: str) -> fields.Float:
    """A share from 0 to 1, null when its whole is 0."""
    return fields.Float(required=True, allow_none=True, metadata={"description": description})


class TallyOut(Schema):
    """Commitments by status, overdue ones, and the share fulfilled."""

    counts = fields.Dict(
        keys=fields.String(validate=validate.OneOf(COMMITMENT_STATUSES)),
        values=fields.Integer(),
        required=True,
    )
    total = fields.Integer(required=True)
    overdue = fields.Integer(required=True)
    fulfilment_rate = rate("fulfilled ÷ (total − withdrawn); null when that is 0")


class BudgetFiguresOut(Schema):
    """A currency's summed figures (decimal strings) and how credible the budget is."""

    proposed = fields.String(required=True)
    allocated = fields.String(required=True)
    released = fields.String(required=True)
    spent = fields.String(required=True)
    release_rate = rate("released ÷ allocated")
    execution_rate = rate("spent ÷ released")


class FulfilmentOut(TallyOut):
    """Everything, then by coalition and by level, and budgets by currency."""

    by_coalition = fields.Dict(keys=fields.String(), values=fields.Nested(TallyOut), required=True)
    by_level = fields.Dict(keys=fields.String(), values=fields.Nested(TallyOut), required=True)
    budget = fields.Dict(
        keys=fields.String(), values=fields.Nested(BudgetFiguresOut), required=True
    )
