"""The audit view of a record: its whole history, and the record as it was known on a date.

"As known on" asks what had been *recorded* by the end of that day (UTC), or of the
second given with it, whatever the dates the events say things happened: an evaluator
sees what the tracker showed then, and which later entries changed it. For evaluators
and administrators (DESIGN.md).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from uuid import UUID

from flask import Blueprint, render_template, request
from werkzeug.exceptions import NotFound

from domain.evidence import Evidence
from web.pages.display import PAGE_KINDS, kind_of
from web.pages.facts import facts
from web.pages.forms import Form
from web.pages.forms.filters import AuditMoment, load
from web.pages.records import NOT_LISTED, history_of
from web.pages.session import require_role, signed_in
from web.redaction import may_see
from web.services import use_cases

bp = Blueprint("audit", __name__)


def moment_asked(form: Form) -> datetime | None:
    """The end of the day asked (UTC), or of the minute or second asked on it; None: now."""
    chosen = load(AuditMoment(), form)
    on, at = chosen["as_known_on"], chosen["at"]
    if on is None:
        return None
    if at is None:
        return datetime.combine(on, time.max, tzinfo=UTC)
    if form.value("at").count(":") == 1:  # HH:MM means the end of that minute
        at = at.replace(second=59)
    return datetime.combine(on, at.replace(microsecond=999999, tzinfo=UTC))


@bp.get("/audit/<collection>/<uuid:record_id>")
@signed_in
def record(collection: str, record_id: UUID) -> tuple[str, int]:
    """The record's history, each entry marked known or not yet on the date asked."""
    user = require_role("evaluator")
    kind = kind_of(collection)
    if kind not in PAGE_KINDS:
        raise NotFound()
    now = use_cases().get(kind, record_id)
    form = Form(request.args)
    moment = moment_asked(form)
    then = use_cases().as_known_on(kind, record_id, moment) if moment else now
    history = history_of(now, user)
    known = [moment is None or item.recorded_at <= moment for item in history]
    # The state as known then holds the content of every event known by then.
    visible = (not isinstance(now, Evidence) or may_see(user, now)) and not any(
        item.hidden for item, was in zip(history, known, strict=True) if was
    )
    page = render_template(
        "audit.html",
        kind=kind,
        record=now,
        then=then,
        moment=moment,
        with_time=bool(form.value("at").strip()),
        form=form,
        visible=visible,
        state=list(facts(then.fields(), user, skip=NOT_LISTED)) if then and visible else [],
        history=history,
        known=known,
        links=use_cases().ledger.links_of(record_id),
        coalition=use_cases().get("coalition", now.coalition),  # type: ignore[attr-defined]
    )
    return page, 422 if form.errors else 200
