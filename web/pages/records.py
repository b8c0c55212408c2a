"""A page for each record: what it says now, what followed from it, and its whole history.

Everyone signed in may read every record; evidence content is hidden from those without
the right (web.redaction), here and in the record's history. The forms a reader may
send about the record are offered on the page: the committee's review form is on every
commitment, the evaluators' substantiation form on every outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from domain import Record
from domain.evidence import Evidence
from domain.outcomes import Outcome
from tracker.accounts import User
from tracker.application import today
from tracker.permissions import (
    CORRECTABLE,
    may_ask_outside,
    may_read_version,
    may_write,
    written_under,
)
from web.pages.comments import thread_of
from web.pages.display import PAGE_KINDS, TITLE_FIELDS, collection_of, kind_of, title_of
from web.pages.facts import PROVENANCE, Fact, facts
from web.pages.forms import Form
from web.pages.labels import event_name
from web.pages.outside_requests import requests_shown
from web.pages.read_models import budget_lines_of, followed_by
from web.pages.session import current, signed_in
from web.pages.updates import CHANGES, allowed, blank_form
from web.redaction import may_see
from web.services import use_cases

bp = Blueprint("records", __name__)

# Changes whose form is drawn on the record page itself, not only linked.
INLINE = {"commitment": "review", "outcome": "substantiation"}
# Record fields not listed among its facts (shown otherwise, or not at all).
NOT_LISTED = frozenset({"coalition"})
TITLE_LENGTH = 160  # characters of a title shown whole in a page's heading


def not_listed(record: Record) -> frozenset[str]:
    """Fields left out of a record's facts: its coalition, and its title when the page's
    heading shows it whole."""
    title = TITLE_FIELDS[record.KIND]
    return NOT_LISTED | {title} if len(title_of(record)) <= TITLE_LENGTH else NOT_LISTED


@dataclass(frozen=True)
class Entry:
    """One event of a record's history, as a person reads it."""

    version: int
    what: str
    correction: bool
    occurred_on: date | None
    recorded_at: datetime
    recorded_by: str
    details: list[Fact]
    hidden: bool = False


def history_of(record: Record, user: User) -> list[Entry]:
    """Every event of the record, oldest first. An event's details are hidden where the
    reader may not read the content it was written under (tracker.permissions)."""
    events = use_cases().history(record.KIND, record.id)
    now = getattr(record, "sensitivity", None)
    owner = record.id if record.KIND == "coalition" else record.coalition  # type: ignore[attr-defined]
    levels = written_under(vars(event) for event in events)
    # An outside substantiator's name is for those who may ask such people (tracker.permissions).
    private = record.KIND == "outcome" and not may_ask_outside(user, owner)
    hide = frozenset({"name"}) if private else frozenset()
    return [
        entry(event, user, may_read_version(user, level, now, owner), hide)
        for event, level in zip(events, levels, strict=True)
    ]


def entry(
    event: Aggregate.Event, user: User, visible: bool, hide: frozenset[str] = frozenset()
) -> Entry:
    """An event as a history entry (without the fields named in `hide`)."""
    topic: str = type(event).TOPIC  # type: ignore[attr-defined]
    fields = {k: v for k, v in vars(event).items() if k not in PROVENANCE}
    if "changes" in fields:  # a correction: what was changed to what, then why
        fields = {**fields.pop("changes"), **fields}
    return Entry(
        version=event.originator_version,
        what=event_name(topic),
        correction=topic.endswith(".corrected"),
        occurred_on=getattr(event, "occurred_on", None),
        recorded_at=event.timestamp,
        recorded_by=getattr(event, "recorded_by", ""),
        details=list(facts(fields, user, skip=NOT_LISTED | hide)) if visible else [],
        hidden=not visible,
    )


def actions_for(user: User, record: Record) -> list[tuple[str, str]]:
    """The forms this reader may send about the record: (label, address); a form drawn on
    the page itself is linked by its place on the page."""
    kind, collection = record.KIND, collection_of(record.KIND)
    found = [
        (
            spec.heading,
            "#inline-form"
            if INLINE.get(kind) == action
            else url_for(
                "pages.updates.change", collection=collection, record_id=record.id, action=action
            ),
        )
        for (of_kind, action), spec in CHANGES.items()
        if of_kind == kind and allowed(user, kind, action, record)
    ]
    owner = record.coalition  # type: ignore[attr-defined]
    if kind in CORRECTABLE and may_write(user, kind, "correction", owner):
        found.append(
            (
                _("Correct a wrong entry"),
                url_for("pages.corrections.correct", collection=collection, record_id=record.id),
            )
        )
    if kind in ("commitment", "dialogue", "evidence", "advocacy_input", "budget_line"):
        code = use_cases().get("coalition", record.coalition).code  # type: ignore[attr-defined]
        if may_write(user, "outcome", "create", owner):
            found.append(
                (
                    _("Record an outcome that followed from it"),
                    url_for("pages.record_forms.new", code=code, collection="outcomes")
                    + f"?links.{collection.replace('-', '_')}={record.id}",
                )
            )
    return found


@bp.get("/<collection>/<uuid:record_id>")
@signed_in
def record(collection: str, record_id: UUID) -> tuple[str, int]:
    """The record as it stands now, with its history and the forms the reader may send."""
    kind = kind_of(collection)
    if kind not in PAGE_KINDS:
        raise NotFound()
    found = use_cases().get(kind, record_id)
    user = current()
    visible = not isinstance(found, Evidence) or may_see(user, found)
    coalition = use_cases().get("coalition", found.coalition)  # type: ignore[attr-defined]
    inline: dict[str, Any] = {}
    action = INLINE.get(kind)
    if action and allowed(user, kind, action, found):
        inline = {
            "action": action,
            "spec": CHANGES[(kind, action)],
            "form": blank_form(kind, action, found),
        }
    page = render_template(
        f"records/{kind}.html",
        kind=kind,
        record=found,
        coalition=coalition,
        visible=visible,
        facts=list(facts(found.fields(), user, skip=not_listed(found))) if visible else [],
        history=history_of(found, user),
        followed_by=followed_by(found.id, user),
        actions=actions_for(user, found),
        inline=inline,
        today=today(),
        evaluates=user.role in ("admin", "evaluator"),
        outside_names=may_ask_outside(user, found.coalition),  # type: ignore[attr-defined]
        outside_requests=requests_shown(found, user) if isinstance(found, Outcome) else None,
        thread=thread_of(found, user),
        comment_form=Form(),
        budget_lines=[use_cases().get("budget_line", UUID(i)) for i in budget_lines_of(found.id)]
        if kind == "commitment"
        else [],
    )
    return page, 200
