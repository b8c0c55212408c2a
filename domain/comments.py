"""Comment threads: what people say to each other about a record, kept like everything else.

Each record that has comments has one thread, an aggregate of its own whose id derives from
the record's (`thread_id`): a comment never changes the record's version, so nobody editing
the record with If-Match is refused because someone commented. A whole thread is read in
one load. A comment can be corrected (with a reason), never deleted; each comment and each
correction names the version of the record it was written against, so that content written
while evidence was confidential stays hidden from whoever could not read it then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.rules import Check
from domain.texts import PROSE, unsafe_characters

# Thread ids derive from the record's id: one thread per record, found without a lookup.
THREAD_NAMESPACE = UUID("6f1c7a52-3b8e-4d0a-9e47-1c2b5a9d8e31")


def thread_id(record_id: UUID) -> UUID:
    """The id of the comment thread of a record."""
    return uuid5(THREAD_NAMESPACE, f"comments\x1f{record_id}")


class CommentNotFound(DomainError):
    """The thread has no comment with this id."""

    def __init__(self, comment_id: object) -> None:
        self.comment_id = comment_id
        super().__init__(f"no comment with id {comment_id}")


@dataclass(frozen=True)
class Comment:
    """One comment as it stands now: its latest body, who wrote it and when, and the
    versions of the record each of its revisions was written against."""

    id: UUID
    body: str
    reply_to: UUID | None
    author: str
    added_at: datetime
    record_versions: tuple[int, ...]
    corrected_at: datetime | None = None
    corrected_by: str | None = None
    reason: str | None = None

    @property
    def version(self) -> int:
        """1 as written, one more for each correction."""
        return len(self.record_versions)

    @property
    def corrected(self) -> bool:
        """Whether the comment was put right since it was written."""
        return self.corrected_at is not None


def check_body(check: Check, field: str = "body", *, empty_ok: bool = False) -> None:
    """Text every store keeps: no control characters, at most PROSE characters."""
    check.text(field, empty_ok=empty_ok)
    value = check.fields.get(field)
    if isinstance(value, str):
        if bad := unsafe_characters(value):
            check.problem(field, f"must not contain control characters or lone surrogates ({bad})")
        elif len(value) > PROSE:
            check.problem(field, f"must be at most {PROSE:,} characters")


class CommentThread(Aggregate):
    """The comments on one record (`kind`, `record`, of the coalition `coalition`), oldest
    first."""

    TOPIC = "comment_thread"

    class Created(Aggregate.Created):
        TOPIC = "comment_thread.created"

    class Started(Created):
        TOPIC = "comment_thread.started"
        kind: str
        record: UUID
        coalition: UUID
        recorded_by: str

    class CommentAdded(Aggregate.Event):
        """A comment, or a reply to one (`reply_to`)."""

        TOPIC = "comment_thread.comment_added"
        comment_id: UUID
        body: str
        reply_to: UUID | None
        record_version: int
        recorded_by: str

        def apply(self, aggregate: Any) -> None:
            aggregate.comments[self.comment_id] = Comment(
                id=self.comment_id,
                body=self.body,
                reply_to=self.reply_to,
                author=self.recorded_by,
                added_at=self.timestamp,
                record_versions=(self.record_version,),
            )

    class CommentCorrected(Aggregate.Event):
        """A comment put right: its new body, and why."""

        TOPIC = "comment_thread.comment_corrected"
        comment_id: UUID
        body: str
        reason: str
        record_version: int
        recorded_by: str

        def apply(self, aggregate: Any) -> None:
            found: Comment = aggregate.comments[self.comment_id]
            aggregate.comments[self.comment_id] = replace(
                found,
                body=self.body,
                corrected_at=self.timestamp,
                corrected_by=self.recorded_by,
                reason=self.reason,
                record_versions=(*found.record_versions, self.record_version),
            )

    @staticmethod
    def create_id(*, kind: str, record: UUID, coalition: UUID, recorded_by: str) -> UUID:
        """One thread per record: its id derives from the record's."""
        return thread_id(record)

    @event(Started)
    def __init__(self, *, kind: str, record: UUID, coalition: UUID, recorded_by: str) -> None:
        """The thread of a record, begun by its first comment's author."""
        self.kind, self.record, self.coalition = kind, record, coalition
        self.comments: dict[UUID, Comment] = {}

    def add(
        self,
        body: str,
        reply_to: UUID | None,
        record_version: int,
        recorded_by: str,
        comment_id: UUID | None = None,
    ) -> Comment:
        """A new comment; `reply_to` names a comment of this same thread."""
        check = Check({"body": body, "recorded_by": recorded_by, "reply_to": reply_to})
        check_body(check)
        check.text("recorded_by")
        if reply_to is not None and reply_to not in self.comments:
            check.problem("reply_to", "must be a comment on this same record")
        check.done()
        comment_id = comment_id or uuid4()
        self.trigger_event(
            self.CommentAdded,
            comment_id=comment_id,
            body=body,
            reply_to=reply_to,
            record_version=record_version,
            recorded_by=recorded_by,
        )
        return self.comments[comment_id]

    def correct(
        self, comment_id: UUID, body: str, reason: str, record_version: int, recorded_by: str
    ) -> Comment:
        """Put right what a comment says, for a reason (who may is not the thread's
        question: tracker.permissions)."""
        if comment_id not in self.comments:
            raise CommentNotFound(comment_id)
        check = Check({"body": body, "reason": reason, "recorded_by": recorded_by})
        check_body(check)
        check_body(check, "reason")
        check.text("recorded_by")
        check.done()
        self.trigger_event(
            self.CommentCorrected,
            comment_id=comment_id,
            body=body,
            reason=reason,
            record_version=record_version,
            recorded_by=recorded_by,
        )
        return self.comments[comment_id]

    def oldest_first(self) -> list[Comment]:
        """Every comment, in the order written (a dict keeps the order of insertion)."""
        return list(self.comments.values())
