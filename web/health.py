"""`GET /healthz`: is this process able to serve? Answered without a token.

503 only when the event store cannot be read: Redis down, a projection behind or one that
failed on an event still leave every write and every record read working, so a load
balancer should keep sending; those make the status `degraded`.
"""

from __future__ import annotations

from typing import Any

import redis
from marshmallow import Schema, fields

from web.api.blueprint import Blueprint
from web.availability import database_reachable
from web.read_models import projection_health
from web.services import services

bp = Blueprint("health", __name__, description="Whether this process can serve.")


class ProjectionHealthOut(Schema):
    """How far one projection lags, and whether it failed on an event."""

    lag = fields.Integer(required=True, metadata={"description": "events not yet applied"})
    error = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "null, or the position of the event it failed on"},
    )


class HealthOut(Schema):
    """How the process and what it depends on are doing."""

    status = fields.String(required=True, metadata={"enum": ["ok", "degraded", "down"]})
    store = fields.String(required=True, metadata={"enum": ["ok", "down"]})
    projection_lag = fields.Integer(
        required=True, allow_none=True, metadata={"description": "events not yet projected"}
    )
    redis = fields.String(required=True, metadata={"enum": ["ok", "down", "not_used"]})
    projections = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(ProjectionHealthOut),
        required=True,
        allow_none=True,
        metadata={"description": "each projection's lag and error (null: the store is down)"},
    )


@bp.route("/healthz", methods=["GET"])
@bp.doc(security=[])
@bp.response(200, HealthOut)
@bp.alt_response(503, schema=HealthOut, description="The event store is unreachable")
def healthz() -> Any:
    """Whether the event store, the projections and Redis can be reached."""
    running = services()
    store, projections = "down", None
    if database_reachable(running.engine):  # quick: never waits on the store's own retries
        try:
            projections, store = projection_health(running), "ok"
        except Exception:  # the store or read models cannot be read: this process cannot serve
            store = "down"
    redis_state = _redis_state(running.settings.redis_url)
    failing = any(p["error"] for p in (projections or {}).values())
    status = "down" if store == "down" else "ok"
    if store == "ok" and (redis_state == "down" or failing):
        status = "degraded"
    body = {
        "status": status,
        "store": store,
        "projection_lag": max((p["lag"] for p in projections.values()), default=0)
        if projections is not None
        else None,
        "projections": projections,
        "redis": redis_state,
    }
    return body, 503 if store == "down" else 200


def _redis_state(url: str | None) -> str:
    if not url:
        return "not_used"
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        return "down"
    finally:
        client.close()
    return "ok"
