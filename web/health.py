"""`GET /healthz`: is this process able to serve? Answered without a token.

503 only when the event store cannot be read: Redis down or projections behind still
leave every write and every record read working, so a load balancer should keep sending.
"""

from __future__ import annotations

from typing import Any

import redis
from marshmallow import Schema, fields

from web.api.blueprint import Blueprint
from web.availability import database_reachable
from web.read_models import projection_lag
from web.services import services

bp = Blueprint("health", __name__, description="Whether this process can serve.")


class HealthOut(Schema):
    """How the process and what it depends on are doing."""

    status = fields.String(required=True, metadata={"enum": ["ok", "degraded", "down"]})
    store = fields.String(required=True, metadata={"enum": ["ok", "down"]})
    projection_lag = fields.Integer(
        required=True, allow_none=True, metadata={"description": "events not yet projected"}
    )
    redis = fields.String(required=True, metadata={"enum": ["ok", "down", "not_used"]})


@bp.route("/healthz", methods=["GET"])
@bp.doc(security=[])
@bp.response(200, HealthOut)
@bp.alt_response(503, schema=HealthOut, description="The event store is unreachable")
def healthz() -> Any:
    """Whether the event store, the projections and Redis can be reached."""
    running = services()
    store, lag = "down", None
    if database_reachable(running.engine):  # quick: never waits on the store's own retries
        try:
            lag, store = projection_lag(running), "ok"
        except Exception:  # the store or read models cannot be read: this process cannot serve
            store = "down"
    redis_state = _redis_state(running.settings.redis_url)
    status = "down" if store == "down" else ("degraded" if redis_state == "down" else "ok")
    body = {"status": status, "store": store, "projection_lag": lag, "redis": redis_state}
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
