"""`GET /fulfilment`: the executive committee's dashboard, from the read models."""

from __future__ import annotations

from typing import Any

from projections import queries as read_models
from web.api.blueprint import Blueprint
from web.schemas.fulfilment import FulfilmentOut, FulfilmentQuery
from web.services import services

bp = Blueprint(
    "fulfilment",
    __name__,
    url_prefix="/fulfilment",
    description="How far commitments are kept, and how credible budgets are.",
)


@bp.read_query("", FulfilmentQuery, FulfilmentOut)
def read_fulfilment(query: dict[str, Any]) -> Any:
    """Commitments by status, overdue (today, UTC) and the fulfilment rate, overall, by
    coalition and by level; budget figures by currency with release and execution rates.

    `fulfilment_rate` = fulfilled ÷ (total − withdrawn), null when that is 0; `year` is
    the year a commitment was made (for budgets, the year their fiscal year starts).

    The executive committee's reviews count too: `confirmed_rate` = fulfilled commitments
    whose latest review is `confirmed` ÷ (total − withdrawn), null when that is 0 (a review
    counts while current: it judged the status `fulfilled`, and no later report of that
    status followed it); `reviews` counts every commitment, whatever its status (any may be
    reviewed), once, by its latest verdict (`confirmed`, `disputed`, `needs_evidence`) or
    as `unreviewed`: the four add up to `total`.
    """
    return read_models.fulfilment(services().engine, **query)
