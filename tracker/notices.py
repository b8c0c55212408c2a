"""Notices: what the tracker tells one user (a mention in a comment, a reminder digest).

Plain rows beside the accounts, not events: a notice is a message to a person, not part of
the advocacy story. Each keeps its kind and the facts it was made of (`data`), not a
sentence, so that the `/notices` page and the e-mail say it in the reader's language.
A notice with a `dedupe` key is made at most once per user (a day's reminder digest:
`reminder:2026-12-05`), which is what makes sending a day's digests safe to run twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    String,
    Table,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from tracker.accounts import metadata

KINDS = ("mention", "reminder")

notices = Table(
    "notices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("data", JSON, nullable=False),
    Column("dedupe", String(100), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("sent_at", DateTime(timezone=True), nullable=True),  # e-mailed, for those that are
    UniqueConstraint("user_id", "dedupe", name="notices_once"),
)


@dataclass(frozen=True)
class Notice:
    """One notice to one user."""

    id: str
    user_id: str
    kind: str
    data: dict[str, Any]
    dedupe: str | None
    created_at: datetime
    sent_at: datetime | None


def add_notice(
    engine: Engine,
    *,
    user_id: str,
    kind: str,
    data: dict[str, Any],
    dedupe: str | None = None,
) -> Notice | None:
    """Make a notice for a user; None when one with the same `dedupe` key exists already."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    notice = Notice(
        id=str(uuid.uuid4()),
        user_id=user_id,
        kind=kind,
        data=data,
        dedupe=dedupe,
        created_at=datetime.now(UTC),
        sent_at=None,
    )
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(notices).values(
                    id=notice.id,
                    user_id=user_id,
                    kind=kind,
                    data=data,
                    dedupe=dedupe,
                    created_at=notice.created_at,
                )
            )
    except IntegrityError:
        return None
    return notice


def mark_sent(engine: Engine, notice_id: str) -> None:
    """Note that the notice went out by e-mail."""
    with engine.begin() as connection:
        connection.execute(
            update(notices).where(notices.c.id == notice_id).values(sent_at=datetime.now(UTC))
        )


def find_notice(engine: Engine, user_id: str, dedupe: str) -> Notice | None:
    """The user's notice with this `dedupe` key, if one was made."""
    query = select(notices).where(notices.c.user_id == user_id, notices.c.dedupe == dedupe)
    with engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return _notice(row) if row else None


def list_notices(
    engine: Engine, user_id: str, *, limit: int = 50, offset: int = 0
) -> tuple[list[Notice], int]:
    """A user's notices, newest first, and how many they have in all."""
    query = (
        select(notices)
        .where(notices.c.user_id == user_id)
        .order_by(notices.c.created_at.desc(), notices.c.id)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
        total = connection.execute(
            select(func.count()).select_from(notices).where(notices.c.user_id == user_id)
        ).scalar_one()
    return [_notice(row) for row in rows], int(total)


def _notice(row: Any) -> Notice:
    created, sent = row["created_at"], row["sent_at"]
    return Notice(
        id=row["id"],
        user_id=row["user_id"],
        kind=row["kind"],
        data=dict(row["data"]),
        dedupe=row["dedupe"],
        created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
        sent_at=None if sent is None else (sent if sent.tzinfo else sent.replace(tzinfo=UTC)),
    )
