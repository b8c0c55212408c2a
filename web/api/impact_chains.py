"""`GET /impact-chains/<id>`: from citizen evidence to the change it contributed to."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections import queries as read_models
from tracker.accounts import user_names
from tracker.errors import RecordNotFound
from web import redaction
from web.access import documents_query
from web.api.blueprint import Blueprint
from web.auth import current_user
from web.schemas.impact_chains import ImpactChainOut
from web.services import services

bp = Blueprint(
    "impact_chains",
    __name__,
    url_prefix="/impact-chains",
    description="Every record upstream and downstream of one, with dates and anomalies.",
)


@bp.route("/<uuid:record_id>", methods=["GET"])
@documents_query(404)
@bp.response(200, ImpactChainOut)
def read_impact_chain(record_id: UUID) -> Any:
    """The chain through a record of any kind but a coalition (404 for an unknown id).

    Edges run cause → effect: evidence → advocacy input → dialogue → commitment → budget
    line, and each linked record → outcome. An anomaly is an edge whose effect is dated
    before its cause; such records were accepted when written and are flagged here.
    Evidence the reader may not see keeps its place and dates, not its title.
    """
    engine = services().engine
    answer = read_models.impact_chain(engine, record_id)
    if answer is None:
        raise RecordNotFound("record in any impact chain", record_id)
    names = user_names(engine, (node["recorded_by"] for node in answer["nodes"]))
    for node in answer["nodes"]:
        node["recorded_by"] = names.get(node["recorded_by"], node["recorded_by"])
    return redaction.chain(current_user(), answer)
