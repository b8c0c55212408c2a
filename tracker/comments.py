"""Comment threads as each reader may read them, and the notices their mentions make.

A thread is for whoever may read its record in full (tracker.permissions'
`may_read_in_full`); to anyone else it does not exist (RecordNotFound, as for a record
they may not read). Within it, a comment is judged like a version of the record: at the
stricter of the sensitivity the record had when each of its revisions was written and the
record's current one, so a comment written while evidence was confidential stays hidden
after the evidence is made public. A mention (`@name` of an existing user) tells that user,
by a notice, only if they may read the comment; nothing tells the author who was told.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import Engine

from domain import Record
from domain.comments import Comment
from tracker.accounts import User, list_users
from tracker.application import Tracker
from tracker.errors import RecordNotFound
from tracker.notices import add_notice
from tracker.permissions import (
    COMMENTED,
    may_read_in_full,
    may_read_version,
    sensitivity_at,
)

# Where a mention may begin: an `@` that does not continue a word (an e-mail address).
MENTION = re.compile(r"(?<![\w@])@")


@dataclass(frozen=True)
class Shown:
    """A comment as one reader reads it: `hidden` when its content is not theirs to read."""

    comment: Comment
    hidden: bool


def readable_record(tracker: Tracker, reader: User | None, kind: str, record_id: UUID) -> Record:
    """The record whose thread `reader` asks for; RecordNotFound when they may not read it
    in full (or it takes no comments), exactly as for a record that does not exist."""
    record = tracker.get(kind, record_id)
    if kind not in COMMENTED or not may_read_in_full(reader, record):
        raise RecordNotFound(kind, record_id)
    return record


def thread_as_read(tracker: Tracker, reader: User | None, record: Record) -> list[Shown]:
    """Every comment on the record, oldest first, each hidden where `reader` may not read
    what was written (the caller has checked that `reader` may read the record in full)."""
    thread = tracker.comment_thread(record.KIND, record.id)
    comments = thread.oldest_first() if thread else []
    return [
        Shown(c, not visible)
        for c, visible in zip(comments, _visible(tracker, reader, record, comments), strict=True)
    ]


def _visible(
    tracker: Tracker, reader: User | None, record: Record, comments: list[Comment]
) -> list[bool]:
    now = getattr(record, "sensitivity", None)
    if now is None or not comments:  # not evidence: whoever reads the record reads all
        return [True] * len(comments)
    history = [vars(event) for event in tracker.history(record.KIND, record.id)]
    owner = record.coalition  # type: ignore[attr-defined]
    return [
        all(
            may_read_version(reader, sensitivity_at(history, version), now, owner)
            for version in comment.record_versions
        )
        for comment in comments
    ]


def mentioned(users: Iterable[User], body: str) -> list[User]:
    """The users a text mentions: `@` then a user's whole name (the longest that fits, so
    `@ana.m` is ana.m and not ana), in the order first mentioned."""
    by_length = sorted(users, key=lambda user: len(user.name), reverse=True)
    found: dict[str, User] = {}
    for mark in MENTION.finditer(body):
        start = mark.end()
        for user in by_length:
            end = start + len(user.name)
            if body.startswith(user.name, start) and not _continues(body, end):
                found.setdefault(user.id, user)
                break
    return list(found.values())


def _continues(text: str, at: int) -> bool:
    """Whether a name ending before `at` would run on into more of a word."""
    return at < len(text) and (text[at].isalnum() or text[at] == "_")


def notify_mentions(
    engine: Engine,
    tracker: Tracker,
    record: Record,
    comment: Comment,
    by: str,
    before: str | None = None,
) -> list[str]:
    """Add a `mention` notice for each user the comment names who may read it (never its
    author; after a correction, only those the earlier text did not name); their ids."""
    users = [user for user in list_users(engine) if not user.disabled and user.id != by]
    already = {user.id for user in mentioned(users, before)} if before is not None else set()
    told: list[str] = []
    for user in mentioned(users, comment.body):
        if user.id in already or not may_read_in_full(user, record):
            continue
        if not _visible(tracker, user, record, [comment])[0]:
            continue
        add_notice(
            engine,
            user_id=user.id,
            kind="mention",
            data={
                "kind": record.KIND,
                "record_id": str(record.id),
                "comment_id": str(comment.id),
                "by": by,
            },
        )
        told.append(user.id)
    return told
