"""Whether the database can be reached, asked quickly, so that no request waits on it.

The event store's own client retries a lost connection many times before it gives up, so a
request made while PostgreSQL is unreachable would hang for tens of seconds. Instead each
process probes the database (one `SELECT 1`, at most once a second, with a short connect
timeout) before a request reaches its view: while it cannot be reached, every request is
answered at once with 503 problem+json and `Retry-After`, and service resumes by itself
when it answers again. /healthz asks the same probe.
"""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, request
from sqlalchemy import Engine, text

from web.problems import problem
from web.services import services

PROBE_EVERY = 1.0  # seconds an answer of the probe is trusted
RETRY_AFTER = "2"
# Files that need no database: served even while it is away.
NO_DATABASE = ("/static/", "/api/docs", "/api/openapi.json")

_lock = threading.Lock()
_last: dict[int, tuple[float, bool]] = {}


def database_reachable(engine: Engine) -> bool:
    """Whether the database answered a `SELECT 1` (asked at most once a second per engine)."""
    now = time.monotonic()
    with _lock:
        seen = _last.get(id(engine))
    if seen is not None and now - seen[0] < PROBE_EVERY:
        return seen[1]
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        reachable = True
    except Exception:  # any failure to reach it: unreachable for this second
        reachable = False
    with _lock:
        _last[id(engine)] = (time.monotonic(), reachable)
    return reachable


def register_availability(app: Flask) -> None:
    """Answer 503 at once while the database cannot be reached (before any other hook)."""
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_while_unreachable)


def _refuse_while_unreachable() -> Response | None:
    if request.path.startswith(NO_DATABASE) or request.path == "/healthz":
        return None
    if database_reachable(services().engine):
        return None
    return problem(
        503,
        "the database cannot be reached; nothing was read or saved, retry in a moment",
        slug="unavailable",
        headers={"Retry-After": RETRY_AFTER},
    )
