"""Shapes of comment threads: a comment, a reply, a correction, a page of them."""

from __future__ import annotations

from marshmallow import Schema, fields

from domain.texts import PROSE
from web.schemas.common import Body
from web.schemas.fields import text
from web.schemas.queries import page_of


class CommentIn(Body):
    """A comment on a record, or a reply to one of its comments (`reply_to`)."""

    body = text(limit=PROSE)
    reply_to = fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "the id of a comment on the same record"},
    )


class CommentCorrectionIn(Body):
    """What a comment should have said, and why it is put right."""

    body = text(limit=PROSE)
    reason = text(limit=PROSE)


class RecordRefOut(Schema):
    """The record a comment is about."""

    type = fields.String(required=True, metadata={"description": "such as `evidence`"})
    id = fields.String(required=True)


class CommentOut(Schema):
    """A comment. Where it was written while evidence was more guarded than the reader may
    read, `redacted` is true and its `body` and `reason` are null (who wrote it, and when,
    stay)."""

    id = fields.String(required=True)
    record = fields.Nested(RecordRefOut, required=True)
    reply_to = fields.String(allow_none=True, required=True)
    body = fields.String(allow_none=True, required=True)
    author = fields.String(required=True, metadata={"description": "the author's user name"})
    recorded_at = fields.DateTime(required=True)
    version = fields.Integer(
        required=True, metadata={"description": "1, and 1 more per correction"}
    )
    corrected = fields.Boolean(required=True)
    corrected_at = fields.DateTime(allow_none=True, required=True)
    reason = fields.String(
        allow_none=True, required=True, metadata={"description": "why it was last corrected"}
    )
    redacted = fields.Boolean(required=True)


CommentPageOut = page_of(CommentOut, "CommentPage")
