"""Comment threads on records: `GET|POST /<kind>/<id>/comments`, and corrections of a comment.

Any role but viewer that may read the record in full may comment; whoever may read it in
full (viewers too) may read its thread. To anyone else the thread answers exactly as a
record that does not exist would: 404, naming nothing they may not see. A comment is an
event of the record's thread (domain.comments), never of the record: commenting leaves the
record's version, and so everyone's If-Match, as it was. A comment is corrected by its
author (or an admin), with a reason, never deleted; `If-Match` on a correction names the
comment's `version`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from werkzeug.exceptions import Forbidden

from domain import Record
from projections.kinds import API_KINDS, RECORD_KINDS
from tracker.accounts import user_names
from tracker.comments import Shown, notify_mentions, readable_record, thread_as_read
from tracker.errors import RecordNotFound
from tracker.permissions import COMMENTED, may_correct_comment, may_write_comments
from web.access import CHANGE_ERRORS, IF_MATCH, document
from web.api.blueprint import Blueprint
from web.auth import API_PREFIX, current_user
from web.idempotency import idempotent
from web.schemas.comments import CommentCorrectionIn, CommentIn, CommentOut, CommentPageOut
from web.schemas.queries import PageQuery, Query
from web.services import services, use_cases
from web.writes import if_match

bp = Blueprint(
    "comments",
    __name__,
    url_prefix="",
    description="Comment threads on records: for those who may read the record in full.",
)
COLLECTIONS = ", ".join(f"'{API_KINDS[kind]}'" for kind in COMMENTED)
THREAD = f"/<any({COLLECTIONS}):collection>/<uuid:record_id>/comments"
WRITE_ERRORS = tuple(sorted({*CHANGE_ERRORS, 404} - {412}))


def guards_thread(
    errors: tuple[int, ...], parameters: list[dict[str, Any]]
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A write to a thread: never a viewer's (403); to anyone who may not read the record
    in full, 404 as if it did not exist; both before the body is read. The view is given
    the record (`record`) instead of its path."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, collection: str, record_id: UUID, **kwargs: Any) -> Any:
            user = current_user()
            if not may_write_comments(user):
                raise Forbidden("a viewer may read comments, not write them")
            if_match()  # a malformed If-Match is a 400 even where a replay would answer
            record = readable_record(use_cases(), user, RECORD_KINDS[collection], record_id)
            return view(*args, record=record, **kwargs)

        return document(guarded, errors, parameters, created=True)

    return decorator


@bp.read_query(THREAD, PageQuery, CommentPageOut, 404)
def read_thread(query: dict[str, Any], collection: str, record_id: UUID) -> Any:
    """A page of the record's comments, oldest first, for whoever may read it in full.

    A comment written while evidence was more guarded than the reader may read is
    `redacted`: who wrote it and when, not what it says.
    """
    user = current_user()
    record = readable_record(use_cases(), user, RECORD_KINDS[collection], record_id)
    shown = thread_as_read(use_cases(), user, record)
    page, per_page = query["page"], query["per_page"]
    chosen = shown[(page - 1) * per_page : page * per_page]
    return {
        "items": presented(record, chosen),
        "page": page,
        "per_page": per_page,
        "total": len(shown),
    }


@bp.read_query(THREAD + "/<uuid:comment_id>", Query, CommentOut, 404)
def read_comment(query: dict[str, Any], collection: str, record_id: UUID, comment_id: UUID) -> Any:
    """One comment of the record's thread, with its `version` (also its `ETag`)."""
    user = current_user()
    record = readable_record(use_cases(), user, RECORD_KINDS[collection], record_id)
    found = _one(thread_as_read(use_cases(), user, record), comment_id)
    return presented(record, [found])[0], 200, {"ETag": f'"{found.comment.version}"'}


@bp.route(THREAD, methods=["POST"])
@guards_thread(WRITE_ERRORS, [])
@idempotent
@bp.arguments(CommentIn)
@bp.response(201, CommentOut)
def add_comment(body: dict[str, Any], record: Record) -> Any:
    """Comment on the record, or reply to one of its comments (`reply_to`).

    A mention of a user (`@name`) tells that user, if they may read the record in full.
    """
    user = current_user()
    comment = use_cases().add_comment(
        record.KIND, record.id, body=body["body"], reply_to=body["reply_to"], recorded_by=user.id
    )
    notify_mentions(services().engine, use_cases(), record, comment, user.id)
    location = f"{API_PREFIX}/{API_KINDS[record.KIND]}/{record.id}/comments/{comment.id}"
    return presented(record, [Shown(comment, False)])[0], 201, {"Location": location}


@bp.route(THREAD + "/<uuid:comment_id>/corrections", methods=["POST"])
@guards_thread((*WRITE_ERRORS, 412), [IF_MATCH])
@idempotent
@bp.arguments(CommentCorrectionIn)
@bp.response(201, CommentOut)
def correct_comment(body: dict[str, Any], record: Record, comment_id: UUID) -> Any:
    """Put right what a comment says, with the reason: its author, or an admin.

    `If-Match` names the comment's `version` it corrects; a stale one is a 412.
    """
    user = current_user()
    before = _one(thread_as_read(use_cases(), user, record), comment_id)
    if not may_correct_comment(user, before.comment.author):
        raise Forbidden("only its author or an admin corrects a comment")
    comment = use_cases().correct_comment(
        record.KIND,
        record.id,
        comment_id,
        **body,
        recorded_by=user.id,
        expected_version=if_match(),
    )
    notify_mentions(
        services().engine, use_cases(), record, comment, user.id, before=before.comment.body
    )
    location = f"{API_PREFIX}/{API_KINDS[record.KIND]}/{record.id}/comments/{comment.id}"
    return presented(record, [Shown(comment, False)])[0], 201, {"Location": location}


def _one(shown: list[Shown], comment_id: UUID) -> Shown:
    for each in shown:
        if each.comment.id == comment_id:
            return each
    raise RecordNotFound("comment", comment_id)


def presented(record: Record, shown: list[Shown]) -> list[dict[str, Any]]:
    """Comments as the API answers them: authors by name, hidden content left out."""
    names = user_names(services().engine, (s.comment.author for s in shown))
    ref = {"type": API_KINDS[record.KIND], "id": str(record.id)}
    return [
        {
            "id": str(c.id),
            "record": ref,
            "reply_to": str(c.reply_to) if c.reply_to else None,
            "body": None if each.hidden else c.body,
            "author": names.get(c.author, c.author),
            "recorded_at": c.added_at,
            "version": c.version,
            "corrected": c.corrected,
            "corrected_at": c.corrected_at,
            "reason": None if each.hidden else c.reason,
            "redacted": each.hidden,
        }
        for each in shown
        for c in (each.comment,)
    ]
