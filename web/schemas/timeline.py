"""The timeline's query string and entries."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from web.schemas.fields import Day
from web.schemas.queries import CoalitionFilter, PageQuery, day, moment, page_of


class TimelineQuery(PageQuery):
    """Which entries: one coalition's (or all), between two dates inclusive, in which order."""

    coalition = CoalitionFilter()
    from_ = Day(data_key="from", load_default=None, metadata={"description": "first day"})
    to = Day(load_default=None, metadata={"description": "last day"})
    order = fields.String(
        load_default="asc",
        validate=validate.OneOf(("asc", "desc")),
        metadata={"description": "by occurred_on, then recorded_at: oldest first (asc)"},
    )


class RefOut(Schema):
    """The record an entry is about."""

    type = fields.String(required=True, metadata={"description": "a <kind> of the paths"})
    id = fields.String(required=True)


class TimelineEntryOut(Schema):
    """One fact, with the sentence a person reads; hidden evidence says only what happened."""

    occurred_on = day(required=True)
    recorded_at = moment(required=True)
    kind = fields.String(required=True, metadata={"example": "commitment.progress_reported"})
    title = fields.String(required=True)
    ref = fields.Nested(RefOut, required=True)
    recorded_by = fields.String(required=True, metadata={"description": "the user's name"})
    correction = fields.Boolean(required=True)
    coalition = fields.String(required=True)
    redacted = fields.Boolean(required=True)


TimelinePageOut = page_of(TimelineEntryOut, "TimelinePageOut")
