"""`GET /timeline`: the facts of the story by the day they happened, as sentences."""

from __future__ import annotations

from typing import Any

from projections import queries as read_models
from tracker.accounts import user_names
from web import redaction
from web.api.blueprint import Blueprint
from web.auth import current_user
from web.schemas.timeline import TimelinePageOut, TimelineQuery
from web.services import services

bp = Blueprint(
    "timeline",
    __name__,
    url_prefix="/timeline",
    description="What happened, day by day, in sentences a person reads.",
)


@bp.read_query("", TimelineQuery, TimelinePageOut)
def read_timeline(query: dict[str, Any]) -> Any:
    """A page of the timeline of one coalition (or all), between two dates inclusive.

    Ordered by `occurred_on`, then `recorded_at` (`order=desc`: newest first). Each entry
    names who recorded it; a sentence about evidence the reader may not see says only
    what happened to it (`redacted: true`).
    """
    engine = services().engine
    answer = read_models.timeline(
        engine,
        query["coalition"],
        from_=query["from_"],
        to=query["to"],
        order=query["order"],
        page=query["page"],
        per_page=query["per_page"],
    )
    names = user_names(engine, (item["recorded_by"] for item in answer["items"]))
    user = current_user()
    for item in answer["items"]:
        item["recorded_by"] = names.get(item["recorded_by"], item["recorded_by"])
        redaction.timeline_entry(user, item)
    return answer
