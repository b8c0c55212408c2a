"""How far each projection has got: position, lag, version, and the event it failed on."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Engine

from projections.catalogue import chosen
from projections.catch_up import head
from projections.transactions import (
    built_versions,
    stored_failures,
    stored_positions,
)


def outdated(engine: Engine) -> list[str]:
    """The projections built by an older version of their handlers: to be rebuilt."""
    projections = chosen()
    built = built_versions(engine, {p.name: p.version for p in projections})
    return [p.name for p in projections if built[p.name] < p.version]


def status(app: Application[UUID], engine: Engine) -> dict[str, Any]:
    """The head of the log, and each projection's position, lag behind it, the version of
    its handlers that built its tables (`outdated`: an older one, to be rebuilt), and its
    `error` (None, or the `position` of the event it failed on, the `error`, `failed_at`)."""
    projections = chosen()
    last, stored = head(app), stored_positions(engine)
    built = built_versions(engine, {p.name: p.version for p in projections})
    failures = stored_failures(engine)
    found = {}
    for p in projections:
        position, version = stored.get(p.name, 0), built[p.name]
        failure = failures.get(p.name)
        found[p.name] = {
            "position": position,
            "lag": last - position,
            "version": version,
            "outdated": version < p.version,
            "error": failure and {**failure, "failed_at": failure["failed_at"].isoformat()},
        }
    return {"head": last, "projections": found}


def lag(app: Application[UUID], engine: Engine) -> int:
    """How many events the projection furthest behind has yet to apply."""
    return max(p["lag"] for p in status(app, engine)["projections"].values())
