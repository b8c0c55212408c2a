"""An audit of one record: its whole history, and the record as known on a date."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.schemas.queries import Moment, Query, day, moment


class AuditQuery(Query):
    """As known on when (omitted: now)."""

    as_known_on = Moment(load_default=None)


class HistoryEntryOut(Schema):
    """One event of the record; `known` if it had been recorded by `as_known_on`."""

    version = fields.Integer(required=True)
    type = fields.String(required=True, metadata={"example": "commitment.progress_reported"})
    recorded_at = moment(required=True)
    recorded_by = fields.String(
        required=True, allow_none=True, metadata={"description": "the user's name"}
    )
    occurred_on = day(required=True, allow_none=True)
    data = fields.Dict(required=True, metadata={"description": "empty when redacted"})
    known = fields.Boolean(required=True)
    position = fields.Integer(
        required=True, allow_none=True, metadata={"description": "its position in the store"}
    )
    link = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "the hash of its ledger link (64 hex digits)"},
    )
    redacted = fields.Boolean(required=True)


class AuditOut(Schema):
    """The record's history and its state as known on `as_known_on` (null: not yet
    recorded then)."""

    kind = fields.String(required=True)
    id = fields.String(required=True)
    as_known_on = moment(required=True)
    state = fields.Dict(required=True, allow_none=True)
    version = fields.Integer(required=True, allow_none=True)
    history = fields.List(fields.Nested(HistoryEntryOut), required=True)
