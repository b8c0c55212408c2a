"""The ledger's head, as an evaluator notes it to check the store against later."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.schemas.queries import moment


class LedgerHeadOut(Schema):
    """The chain's last link: `tracker verify --head POSITION:HASH` checks it is still there."""

    position = fields.Integer(required=True, metadata={"example": 1207})
    hash = fields.String(
        required=True,
        metadata={"description": "SHA-256 of the link, 64 hex digits", "example": "9f2c…"},
    )
    recorded_at = moment(required=True, allow_none=True)  # when its event was recorded
