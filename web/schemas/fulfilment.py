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


LATEST = "commitments whose latest review's verdict is `%s`, whatever status it judged"


class ReviewsOut(Schema):
    """Commitments by the executive committee's latest verdict; each is counted once, so
    the four add up to `total`."""

    confirmed = fields.Integer(required=True, metadata={"description": LATEST % "confirmed"})
    disputed = fields.Integer(required=True, metadata={"description": LATEST % "disputed"})
    needs_evidence = fields.Integer(
        required=True, metadata={"description": LATEST % "needs_evidence"}
    )
    unreviewed = fields.Integer(
        required=True, metadata={"description": "commitments never reviewed"}
    )


class TallyOut(Schema):
    """Commitments by status, overdue ones, the share fulfilled as reported and as
    confirmed by the executive committee, and the committee's reviews."""

    counts = fields.Dict(
        keys=fields.String(validate=validate.OneOf(COMMITMENT_STATUSES)),
        values=fields.Integer(),
        required=True,
    )
    total = fields.Integer(required=True)
    overdue = fields.Integer(required=True)
    fulfilment_rate = rate("fulfilled ÷ (total − withdrawn); null when that is 0")
    confirmed_rate = rate(
        "fulfilled commitments whose latest review is `confirmed` ÷ (total − withdrawn); null"
        " when that is 0. A review counts while it is current: it judged the status"
        " `fulfilled` and no later report of that status followed it"
    )
    reviews = fields.Nested(
        ReviewsOut,
        required=True,
        metadata={
            "description": "commitments (of any status: any may be reviewed) by latest verdict"
        },
    )


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
