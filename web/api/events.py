"""`GET /events`: the event store as a feed, for admins and evaluators."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE

from projections.queries.events import events
from web.access import reserved_for
from web.api.blueprint import Blueprint
from web.schemas.events import EventsOut, EventsQuery
from web.services import use_cases

bp = Blueprint(
    "events",
    __name__,
    url_prefix="/events",
    description="Every stored event, in store order, for tools that follow the tracker.",
)


@bp.route("", methods=["GET"])
@reserved_for("evaluator")
@bp.arguments(EventsQuery, location="query", unknown=RAISE)
@bp.response(200, EventsOut)
def read_events(query: dict[str, Any]) -> Any:
    """Up to `limit` events after position `after` (exclusive; 0 = from the start).

    Each names its type publicly (`commitment.made`), its record, version, when and by
    whom (the user's id) it was recorded, and its data. Ask again with
    `after=next_after`; fewer items than `limit` means the end of the feed, for now.
    Nothing is redacted: only admins and evaluators, who may read everything, are let in.
    """
    return events(use_cases(), query["after"], query["limit"])
