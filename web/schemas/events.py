"""The event feed: its query string and its items."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from projections.queries.events import DEFAULT_LIMIT, MAX_LIMIT
from web.schemas.fields import WholeNumber
from web.schemas.queries import Query, day, moment
from web.schemas.timeline import RefOut

LAST_POSITION = 2**62  # beyond any store, within every database's integers


class EventsQuery(Query):
    """Where to start (exclusive; 0 is the beginning) and how many events at most."""

    after = WholeNumber(load_default=0, validate=validate.Range(min=0, max=LAST_POSITION))
    limit = WholeNumber(load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT))


class EventOut(Schema):
    """A stored event, its type by public name."""

    position = fields.Integer(required=True)
    type = fields.String(required=True, metadata={"example": "commitment.made"})
    record = fields.Nested(RefOut, required=True)
    version = fields.Integer(required=True)
    recorded_at = moment(required=True)
    recorded_by = fields.String(
        required=True, allow_none=True, metadata={"description": "the user's id"}
    )
    occurred_on = day(required=True, allow_none=True)
    data = fields.Dict(required=True)


class EventsOut(Schema):
    """A page of the feed; ask again with `after=next_after`. Fewer items than `limit`:
    the end of the feed, for now."""

    items = fields.List(fields.Nested(EventOut), required=True)
    next_after = WholeNumber(required=True)
