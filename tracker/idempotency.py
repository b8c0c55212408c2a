"""Idempotency keys: a retried request is answered once, in every process, across restarts.

A key is claimed with an INSERT in its own transaction before the use case runs, so two
processes racing with one key cannot both run it: the primary key lets one INSERT win.
The winner stores the answer when it is done; the others replay it, or hear that the first
is still running. Keys are kept at least KEEP; an answer that never came (the process
died mid-request) is given up after ABANDONED, so the key can be used again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from tracker.accounts import idempotency_keys as keys

KEEP = timedelta(hours=24)
ABANDONED = timedelta(minutes=10)


@dataclass(frozen=True)
class Stored:
    """The first answer given under a key."""

    status: int
    body: str
    location: str | None


@dataclass(frozen=True)
class Outcome:
    """What claiming a key found: `claimed` (run the request), a stored answer to replay,
    `running` (the first request has not answered yet) or `mismatch` (another body)."""

    claimed: bool = False
    stored: Stored | None = None
    running: bool = False
    mismatch: bool = False


def scope_of(user_id: str, method: str, path: str, key: str) -> str:
    """The stored name of a key: keys are scoped to the user, the method and the path."""
    return hashlib.sha256("\x1f".join((user_id, method, path, key)).encode("utf-8")).hexdigest()


def claim(engine: Engine, scope: str, request_hash: str) -> Outcome:
    """Claim the key for this request, or say what holds it already."""
    for _attempt in range(3):
        now = datetime.now(UTC)
        try:
            with engine.begin() as connection:
                connection.execute(delete(keys).where(keys.c.created_at < now - KEEP))
                connection.execute(
                    insert(keys).values(scope=scope, request_hash=request_hash, created_at=now)
                )
            return Outcome(claimed=True)
        except IntegrityError:
            pass
        with engine.connect() as connection:
            row = connection.execute(select(keys).where(keys.c.scope == scope)).mappings().first()
        if row is None:  # released or expired since: try again
            continue
        if row["request_hash"] != request_hash:
            return Outcome(mismatch=True)
        if row["status"] is not None:
            return Outcome(stored=Stored(row["status"], row["body"] or "", row["location"]))
        created_at = row["created_at"]
        if created_at.tzinfo is None:  # SQLite keeps no offset; every time here is UTC
            created_at = created_at.replace(tzinfo=UTC)
        if now - created_at < ABANDONED:
            return Outcome(running=True)
        with engine.begin() as connection:  # the first request died: give its claim up
            connection.execute(delete(keys).where(keys.c.scope == scope, keys.c.status.is_(None)))
    return Outcome(running=True)


def complete(engine: Engine, scope: str, answer: Stored) -> None:
    """Store the answer of the request that claimed the key, to be replayed from now on."""
    with engine.begin() as connection:
        connection.execute(
            update(keys)
            .where(keys.c.scope == scope)
            .values(status=answer.status, body=answer.body, location=answer.location)
        )


def release(engine: Engine, scope: str) -> None:
    """Give the key up without an answer (the request failed), so a retry runs again."""
    with engine.begin() as connection:
        connection.execute(delete(keys).where(keys.c.scope == scope, keys.c.status.is_(None)))
