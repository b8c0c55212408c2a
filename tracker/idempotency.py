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

from sqlalchemy import Column, DateTime, Engine, Index, Integer, String, Table, Text
from sqlalchemy.exc import IntegrityError

from tracker.accounts import metadata

KEEP = timedelta(hours=24)
ABANDONED = timedelta(minutes=10)


# One row per Idempotency-Key, scoped to the user, method and path (joins the accounts' tables).
keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(64), primary_key=True),  # SHA-256 of user, method, path and key
    Column("request_hash", String(64), nullable=False),
    Column("status", Integer, nullable=True),  # None while the first request still runs
    Column("body", Text, nullable=True),
    Column("location", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_idempotency_keys_created_at", "created_at"),
)


@dataclass(frozen=True)
class Stored:
    """The first answer given under a key."""

    status: int
    body: str
    location: str | None


@dataclass(frozen=True)
class Claim:
    """What claiming a key found: `claimed` (run the request), a stored answer to replay,
    `running` (the first request has not answered yet) or `mismatch` (another body)."""

    claimed: bool = False
    stored: Stored | None = None
    running: bool = False
    mismatch: bool = False


def scope_of(user_id: str, method: str, path: str, key: str) -> str:
    """The stored name of a key: keys are scoped to the user, the method and the path."""
    return hashlib.sha256("\x1f".join((user_id, method, path, key)).encode("utf-8")).hexdigest()


def claim(engine: Engine, scope: str, request_hash: str) -> Claim:
    """Claim the key for this request, or say what holds it already."""
    for _attempt in range(3):
        now = datetime.now(UTC)
        try:
            with engine.begin() as connection:
                connection.execute(keys.delete().where(keys.c.created_at < now - KEEP))
                connection.execute(
                    keys.insert().values(scope=scope, request_hash=request_hash, created_at=now)
                )
            return Claim(claimed=True)
        except IntegrityError:
            pass
        with engine.connect() as connection:
            row = connection.execute(keys.select().where(keys.c.scope == scope)).mappings().first()
        if row is None:  # released or expired since: try again
            continue
        if row["request_hash"] != request_hash:
            return Claim(mismatch=True)
        if row["status"] is not None:
            return Claim(stored=Stored(row["status"], row["body"] or "", row["location"]))
        created_at = row["created_at"]
        if created_at.tzinfo is None:  # SQLite keeps no offset; every time here is UTC
            created_at = created_at.replace(tzinfo=UTC)
        if now - created_at < ABANDONED:
            return Claim(running=True)
        release(engine, scope)  # the first request died: give its claim up
    return Claim(running=True)


def complete(engine: Engine, scope: str, answer: Stored) -> None:
    """Store the answer of the request that claimed the key, to be replayed from now on."""
    with engine.begin() as connection:
        connection.execute(
            keys.update()
            .where(keys.c.scope == scope)
            .values(status=answer.status, body=answer.body, location=answer.location)
        )


def release(engine: Engine, scope: str) -> None:
    """Give the key up without an answer (the request failed), so a retry runs again."""
    with engine.begin() as connection:
        connection.execute(keys.delete().where(keys.c.scope == scope, keys.c.status.is_(None)))
