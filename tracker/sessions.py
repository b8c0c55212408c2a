"""Web sign-in that holds on a server: revocable sessions and throttled guessing.

A session cookie names the user and the session generation it was signed in under; every
request compares that with the user's current generation, which signing out, a new token
(`users token`), a new password and `users disable` move on, so every session of that user
ends at once, a stolen cookie included. Failed sign-ins are kept in the database, so that
the limit holds across web processes: after FAILURES_ALLOWED failures for one name within
THROTTLE_WINDOW, that name is refused until the window has passed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, DateTime, Engine, Index, Integer, String, Table, delete, func, select
from sqlalchemy.exc import IntegrityError

from tracker.accounts import metadata

FAILURES_ALLOWED = 5
THROTTLE_WINDOW = timedelta(minutes=15)

session_generations = Table(
    "session_generations",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("generation", Integer, nullable=False),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Index("ix_sign_in_failures_name_failed_at", "name", "failed_at"),
)


def generation(engine: Engine, user_id: str) -> int:
    """The user's current session generation (0 until a session was first ended)."""
    query = select(session_generations.c.generation).where(session_generations.c.user_id == user_id)
    with engine.connect() as connection:
        found = connection.execute(query).scalar()
    return int(found or 0)


def end_sessions(engine: Engine, user_id: str) -> None:
    """End every web session of the user at once, wherever it was signed in."""
    with engine.begin() as connection:
        changed = connection.execute(
            session_generations.update()
            .where(session_generations.c.user_id == user_id)
            .values(generation=session_generations.c.generation + 1)
        ).rowcount
        if not changed:
            try:
                with connection.begin_nested():
                    connection.execute(
                        session_generations.insert().values(user_id=user_id, generation=1)
                    )
            except IntegrityError:  # another process inserted it first: move it on
                connection.execute(
                    session_generations.update()
                    .where(session_generations.c.user_id == user_id)
                    .values(generation=session_generations.c.generation + 1)
                )


def locked_for(engine: Engine, name: str, now: datetime | None = None) -> timedelta | None:
    """How much longer sign-ins for this name are refused, or None when they are not."""
    now = now or datetime.now(UTC)
    since = now - THROTTLE_WINDOW
    query = (
        select(sign_in_failures.c.failed_at)
        .where(sign_in_failures.c.name == name, sign_in_failures.c.failed_at > since)
        .order_by(sign_in_failures.c.failed_at.desc())
        .limit(FAILURES_ALLOWED)
    )
    with engine.connect() as connection:
        recent = connection.execute(query).scalars().all()
    if len(recent) < FAILURES_ALLOWED:
        return None
    newest = _aware(recent[0])
    return max(newest + THROTTLE_WINDOW - now, timedelta(seconds=1))


def record_failure(engine: Engine, name: str, now: datetime | None = None) -> None:
    """Count a failed sign-in for this name (and forget failures older than the window)."""
    now = now or datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(sign_in_failures.insert().values(name=name[:300], failed_at=now))
        connection.execute(
            delete(sign_in_failures).where(sign_in_failures.c.failed_at < now - THROTTLE_WINDOW)
        )


def clear_failures(engine: Engine, name: str) -> None:
    """A successful sign-in starts the count again."""
    with engine.begin() as connection:
        connection.execute(delete(sign_in_failures).where(sign_in_failures.c.name == name))


def failures(engine: Engine, name: str) -> int:
    """How many failures are counted for this name now (for tests and operators)."""
    query = select(func.count()).where(sign_in_failures.c.name == name)
    with engine.connect() as connection:
        return int(connection.execute(query).scalar() or 0)


def _aware(moment: datetime) -> datetime:
    # SQLite gives naive datetimes back: they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
