"""`/notices`: what the tracker told the signed-in user, newest first, a page at a time.

A reminder lists the commitments of that day's digest (as e-mailed), a mention says who
named the reader in a comment on which record. Both are judged when the page is drawn, by
tracker.permissions: a mention's record is named only while the reader may read it in
full (evidence made confidential since, or a lead moved to another coalition, and it reads
as "a record you may no longer read"); a reminder's commitments pass the same rule, which
lets every role read commitments, so they stay listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from flask import Blueprint, render_template, request

from tracker.accounts import User, user_names
from tracker.errors import RecordNotFound
from tracker.notices import Notice, list_notices
from tracker.permissions import may_read, may_read_in_full
from web.pages.display import record_url
from web.pages.session import current, signed_in
from web.schemas.queries import MOST_PAGES
from web.services import services, use_cases

bp = Blueprint("notices", __name__)

PER_PAGE = 20


@dataclass
class Shown:
    """A notice as its reader may read it now."""

    notice: Notice
    day: date | None = None  # a reminder's day
    due: list[dict[str, Any]] = field(default_factory=list)
    overdue: list[dict[str, Any]] = field(default_factory=list)
    hidden: int = 0  # commitments of a reminder the reader may no longer read
    by: str = ""  # who mentioned the reader
    record: Any = None  # the record a mention is about, when the reader may read it
    link: str = ""


@bp.get("/notices")
@signed_in
def listed() -> tuple[str, int]:
    """The reader's notices, newest first."""
    user = current()
    page = _page_asked()
    found, total = list_notices(
        services().engine, user.id, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    html = render_template(
        "notices.html",
        notices=[shown(notice, user) for notice in found],
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
    )
    return html, 200


def _page_asked() -> int:
    try:
        return min(max(1, int(request.args.get("page", "1"))), MOST_PAGES)
    except ValueError:
        return 1


def shown(notice: Notice, user: User) -> Shown:
    """A notice with what the reader may read of it, looked up now."""
    if notice.kind == "reminder":
        return _reminder(notice, user)
    if notice.kind == "mention":
        return _mention(notice, user)
    return Shown(notice)


def _reminder(notice: Notice, user: User) -> Shown:
    data = notice.data
    made = Shown(notice, day=date.fromisoformat(data["on"]))
    for name in ("due", "overdue"):
        for item in data.get(name, []):
            if not may_read(user, None, item.get("coalition", "")):
                made.hidden += 1
                continue
            getattr(made, name).append(
                {
                    **item,
                    "due_on": date.fromisoformat(item["due_on"]),
                    "link": record_url("commitment", item["id"]),
                }
            )
    return made


def _mention(notice: Notice, user: User) -> Shown:
    data = notice.data
    by = str(data.get("by") or "")
    made = Shown(notice, by=user_names(services().engine, [by]).get(by, by))
    try:
        record = use_cases().get(data["kind"], UUID(data["record_id"]))
    except (RecordNotFound, KeyError, ValueError):
        return made
    if may_read_in_full(user, record):
        made.record = record
        made.link = f"{record_url(record.KIND, record.id)}#comment-{data.get('comment_id', '')}"
    return made
