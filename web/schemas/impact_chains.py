"""An impact chain: records as nodes, links as edges from cause to effect, and anomalies."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.schemas.queries import Moment, Query, day, moment
from web.schemas.timeline import RefOut


class ImpactChainQuery(Query):
    """As known on when (omitted: now)."""

    as_known_on = Moment(load_default=None)


class NodeOut(Schema):
    """A record in the chain, dated by its creating event; hidden evidence has no title."""

    type = fields.String(required=True)
    id = fields.String(required=True)
    title = fields.String(required=True, allow_none=True)
    occurred_on = day(required=True, allow_none=True)
    recorded_at = moment(required=True)
    recorded_by = fields.String(required=True, metadata={"description": "the user's name"})
    coalition = fields.String(required=True)
    sensitivity = fields.String(required=True, allow_none=True)
    closed_as = fields.String(required=True, allow_none=True)
    redacted = fields.Boolean(required=True)


EdgeOut = Schema.from_dict(
    {
        "from": fields.String(required=True, metadata={"description": "the cause's id"}),
        "to": fields.String(required=True, metadata={"description": "the effect's id"}),
        "relation": fields.String(required=True),
    },
    name="EdgeOut",
)

AnomalyOut = Schema.from_dict(
    {
        "from": fields.String(required=True),
        "to": fields.String(required=True),
        "reason": fields.String(required=True),
    },
    name="AnomalyOut",
)


class ImpactChainOut(Schema):
    """Every record upstream and downstream of the root; an anomaly is an edge whose effect
    is dated before its cause."""

    root = fields.Nested(RefOut, required=True)
    nodes = fields.List(fields.Nested(NodeOut), required=True)
    edges = fields.List(fields.Nested(EdgeOut), required=True)
    chronology_ok = fields.Boolean(required=True)
    anomalies = fields.List(fields.Nested(AnomalyOut), required=True)
