"""Bodies of outside substantiation: a link asked for, and the requests listed."""

from __future__ import annotations

from marshmallow import Schema, fields

from domain.texts import NAME, PROSE
from tracker.languages import LANGUAGES
from web.schemas.common import Body
from web.schemas.fields import choice, text

EMAIL = 254  # characters of an e-mail address at most


class SubstantiationRequestIn(Body):
    """Whom to ask (`name`, `email`, the `language` of the page they will read), what to
    ask, and until when the link works (after today, at most 90 days ahead)."""

    name = text(limit=NAME)
    email = text(limit=EMAIL)
    language = choice(LANGUAGES)
    question = text(limit=PROSE)
    expires_on = fields.Date(required=True)


class SubstantiationRequestCreatedOut(Schema):
    """The request's id and the link to send: shown once, never stored."""

    id = fields.String(required=True)
    link = fields.String(required=True, metadata={"description": "<host>/substantiate/<token>"})


class SubstantiationRequestOut(Schema):
    """A request as its askers see it (never its link)."""

    id = fields.String()
    name = fields.String()
    email = fields.String()
    language = fields.String()
    question = fields.String()
    expires_on = fields.Date()
    asked_by = fields.String(metadata={"description": "the user's name"})
    asked_at = fields.DateTime()
    status = fields.String(metadata={"enum": ["open", "used", "revoked", "expired"]})
    used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    substantiation_version = fields.Integer(
        allow_none=True, metadata={"description": "the outcome's version the answer made"}
    )


class SubstantiationRequestsOut(Schema):
    """An outcome's requests, oldest first."""

    items = fields.List(fields.Nested(SubstantiationRequestOut), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
