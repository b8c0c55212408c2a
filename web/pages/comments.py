"""The comment thread of a record page: reading it, commenting, replying, correcting.

The thread is drawn on the record page (`thread_of`) for whoever may read the record in
full, with a form to comment for any role but viewer, a reply form under each comment and,
for its author (or an admin), a link to correct it with a reason. The forms post here; a
refusal comes back on a page of its own with what was typed kept, and a success goes back
to the record page, at the comment. The rules are the API's (web.api.comments).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.wrappers import Response

from domain import Record
from domain.errors import InvalidRecord
from tracker.accounts import User
from tracker.comments import Shown, notify_mentions, readable_record, thread_as_read
from tracker.errors import ConcurrentUpdate, RecordNotFound, StaleVersion
from tracker.permissions import COMMENTED, may_comment, may_correct_comment
from web.pages.display import kind_of, record_url
from web.pages.forms import WHOLE_FORM, Form, version_named
from web.pages.session import current, signed_in
from web.problems import field_paths
from web.schemas.comments import CommentCorrectionIn, CommentIn
from web.services import services, use_cases

bp = Blueprint("comments", __name__)


@dataclass(frozen=True)
class Thread:
    """A record's comments as the reader reads them, and what the reader may do there."""

    comments: list[Shown]
    may_comment: bool
    correctable: frozenset[UUID]  # the comments the reader may correct
    authors: dict[UUID, str]  # each comment's author's id, for `in reply to`


def thread_of(record: Record, user: User) -> Thread | None:
    """The thread to draw on the record page, or None when the reader may not read it."""
    try:
        readable_record(use_cases(), user, record.KIND, record.id)
    except RecordNotFound:
        return None
    shown = thread_as_read(use_cases(), user, record)
    return Thread(
        comments=shown,
        may_comment=may_comment(user, record),
        correctable=frozenset(
            s.comment.id
            for s in shown
            if not s.hidden and may_correct_comment(user, s.comment.author)
        ),
        authors={s.comment.id: s.comment.author for s in shown},
    )


def _record(collection: str, record_id: UUID, user: User) -> Record:
    """The record whose thread is written to: 404 as for the API to whoever may not read
    it in full, 403 to a viewer."""
    kind = kind_of(collection)
    if kind not in COMMENTED:
        raise NotFound()
    record = readable_record(use_cases(), user, kind, record_id)
    if not may_comment(user, record):
        raise Forbidden(_("Viewers may read comments, not write them."))
    return record


@bp.post("/<collection>/<uuid:record_id>/comments")
@signed_in
def add(collection: str, record_id: UUID) -> Response | tuple[str, int]:
    """Comment on a record, or reply to one of its comments."""
    user = current()
    record = _record(collection, record_id, user)
    form = Form(request.form)
    body = {"body": form.value("body").strip(), "reply_to": form.value("reply_to") or None}
    try:
        data = CommentIn().load(body)
        comment = use_cases().add_comment(
            record.KIND,
            record.id,
            body=data["body"],
            reply_to=data["reply_to"],
            recorded_by=user.id,
        )
    except ValidationError as invalid:
        form.add(field_paths(invalid.messages))
    except InvalidRecord as invalid:
        form.add(invalid.errors)
    except ConcurrentUpdate:
        form.add({WHOLE_FORM: [_("Many people commented at once. Send it again.")]})
    else:
        notify_mentions(services().engine, use_cases(), record, comment, user.id)
        flash(_("Your comment is saved."))
        return redirect(f"{record_url(record.KIND, record.id)}#comment-{comment.id}")
    page = render_template("records/comment_form.html", record=record, form=form, comment=None)
    return page, 422


@bp.route(
    "/<collection>/<uuid:record_id>/comments/<uuid:comment_id>/correct", methods=["GET", "POST"]
)
@signed_in
def correct(collection: str, record_id: UUID, comment_id: UUID) -> Response | tuple[str, int]:
    """Put right what one's own comment says, with the reason."""
    user = current()
    record = _record(collection, record_id, user)
    found = next(
        (s for s in thread_as_read(use_cases(), user, record) if s.comment.id == comment_id), None
    )
    if found is None or found.hidden:
        raise NotFound()
    if not may_correct_comment(user, found.comment.author):
        raise Forbidden(_("Only its author or an administrator may correct a comment."))
    before = found.comment
    if request.method == "GET":
        form = Form({"body": before.body, "version": str(before.version)})
        return render_template(
            "records/comment_form.html", record=record, form=form, comment=before
        ), 200
    form = Form(request.form)
    try:
        data = CommentCorrectionIn().load(
            {"body": form.value("body").strip(), "reason": form.value("reason").strip()}
        )
        comment = use_cases().correct_comment(
            record.KIND,
            record.id,
            comment_id,
            **data,
            recorded_by=user.id,
            expected_version=version_named(form.value("version")),
        )
    except ValidationError as invalid:
        form.add(field_paths(invalid.messages))
    except InvalidRecord as invalid:
        form.add(invalid.errors)
    except (StaleVersion, ConcurrentUpdate):
        form.add(
            {
                WHOLE_FORM: [
                    _(
                        "Someone else corrected this comment while you were typing. Check"
                        " it as it is now, then send the form again."
                    )
                ]
            }
        )
    else:
        notify_mentions(services().engine, use_cases(), record, comment, user.id, before.body)
        flash(_("The comment is corrected."))
        return redirect(f"{record_url(record.KIND, record.id)}#comment-{comment.id}")
    page = render_template("records/comment_form.html", record=record, form=form, comment=before)
    return page, 422
