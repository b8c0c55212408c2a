"""`GET /impact-chains/<id>`: from citizen evidence to the change it contributed to."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections import queries as read_models
from tracker.accounts import user_names
from tracker.errors import RecordNotFound
from web import redaction
from web.api.blueprint import Blueprint
from web.auth import current_user
from web.schemas.impact_chains import ImpactChainOut, ImpactChainQuery
from web.services import services, use_cases

bp = Blueprint(
    "impact_chains",
    __name__,
    url_prefix="/impact-chains",
    description="Every record upstream and downstream of one, with dates and anomalies.",
)


@bp.read_query("/<uuid:record_id>", ImpactChainQuery, ImpactChainOut, 404)
def read_impact_chain(query: dict[str, Any], record_id: UUID) -> Any:
    """The chain through a record of any kind but a coalition (404 for an unknown id).

    Edges run cause → effect: evidence → advocacy input → dialogue → commitment → budget
    line, and each linked record → outcome. An anomaly is an edge whose effect is dated
    before its cause; such records were accepted when written and are flagged here.
    Evidence the reader may not see keeps its place and dates, not its title.

    `as_known_on` (a date, meaning the end of that day, or a date-time; without an offset,
    UTC) answers the chain as it was known then, by the audit's rule: only links recorded
    by then, each record as recorded by then; 404 if the record was not yet recorded.
    """
    engine = services().engine
    answer = read_models.impact_chain(engine, record_id, query["as_known_on"], use_cases())
    if answer is None:
        raise RecordNotFound("record in any impact chain", record_id)
    names = user_names(engine, (node["recorded_by"] for node in answer["nodes"]))
    for node in answer["nodes"]:
        node["recorded_by"] = names.get(node["recorded_by"], node["recorded_by"])
    return redaction.chain(current_user(), answer)
