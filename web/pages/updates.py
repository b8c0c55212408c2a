"""Forms that change a record: progress and review of a commitment, budget amounts,
substantiation and stage of an outcome, follow-ups, retractions, withdrawals, quality.

One table says, for each change, its schema, how the form reads and which use case it
calls (a `WriteForm` each); who may send it is tracker.permissions' `WRITES`, as for the
API. One view serves them all. The form carries the version it was filled against, so a
change someone else saved meanwhile is not overwritten: the form comes back and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from domain import Record
from tracker.accounts import User
from tracker.application import Saved, Tracker, today
from tracker.permissions import may_write, writers
from web.pages.display import kind_of, record_url
from web.pages.forms import Form, shapes, submit, version_named
from web.pages.forms.shapes import WriteForm
from web.pages.session import require_lead_of, require_role, signed_in
from web.schemas.advocacy_inputs import WithdrawalIn
from web.schemas.budget_lines import AmountIn
from web.schemas.commitments import DueDateChangeIn, ProgressIn, ReviewIn
from web.schemas.dialogues import FollowUpIn
from web.schemas.evidence import QualityAssessmentIn, RetractionIn
from web.schemas.outcomes import StageChangeIn, SubstantiationIn
from web.services import use_cases

bp = Blueprint("updates", __name__)


def _fill_progress(record: Record) -> dict[str, str]:
    return {"status": record.status, "completion": record.completion}  # type: ignore[attr-defined]


CHANGES: dict[tuple[str, str], WriteForm] = {
    (form.kind, form.action): form
    for form in (
        WriteForm(
            "commitment",
            "progress",
            _l("Report progress"),
            ProgressIn,
            shapes.progress,
            Tracker.report_progress,
            {"evidence": "evidence"},
            _l("Report progress"),
            saved=_l("Saved: report progress."),
        ),
        WriteForm(
            "commitment",
            "due-date",
            _l("Record a new due date"),
            DueDateChangeIn,
            shapes.due_date_change,
            Tracker.change_due_date,
            saved=_l("Saved: record a new due date."),
        ),
        WriteForm(
            "commitment",
            "review",
            _l("Review fulfilment"),
            ReviewIn,
            shapes.verdict,
            Tracker.review_commitment,
            submit_label=_l("Record the review"),
            saved=_l("Saved: review fulfilment."),
        ),
        WriteForm(
            "budget_line",
            "amount",
            _l("Record an amount"),
            AmountIn,
            shapes.amount,
            Tracker.record_budget_amount,
            submit_label=_l("Record the amount"),
            saved=_l("Saved: record an amount."),
        ),
        WriteForm(
            "outcome",
            "substantiation",
            _l("Substantiate the outcome"),
            SubstantiationIn,
            shapes.verdict,
            Tracker.substantiate_outcome,
            submit_label=_l("Record the substantiation"),
            saved=_l("Saved: substantiate the outcome."),
        ),
        WriteForm(
            "outcome",
            "stage",
            _l("Record a change of stage"),
            StageChangeIn,
            shapes.stage_change,
            Tracker.change_outcome_stage,
            saved=_l("Saved: record a change of stage."),
        ),
        WriteForm(
            "dialogue",
            "follow-up",
            _l("Record a follow-up"),
            FollowUpIn,
            shapes.note_on,
            Tracker.record_follow_up,
            saved=_l("Saved: record a follow-up."),
        ),
        WriteForm(
            "evidence",
            "quality",
            _l("Assess quality"),
            QualityAssessmentIn,
            shapes.quality,
            Tracker.assess_evidence_quality,
            saved=_l("Saved: assess quality."),
        ),
        WriteForm(
            "evidence",
            "retraction",
            _l("Retract the evidence"),
            RetractionIn,
            shapes.reason_on,
            Tracker.retract_evidence,
            submit_label=_l("Retract"),
            saved=_l("Saved: retract the evidence."),
        ),
        WriteForm(
            "advocacy_input",
            "withdrawal",
            _l("Withdraw the input"),
            WithdrawalIn,
            shapes.reason_on,
            Tracker.withdraw_advocacy_input,
            submit_label=_l("Withdraw"),
            saved=_l("Saved: withdraw the input."),
        ),
    )
}

PREFILL: dict[tuple[str, str], Callable[[Record], dict[str, str]]] = {
    ("commitment", "progress"): _fill_progress,
}


def allowed(user: User, kind: str, action: str, record: Record) -> bool:
    """Whether the user may make this change to this record (to offer it on a page)."""
    return may_write(user, kind, action, record.coalition)  # type: ignore[attr-defined]


def blank_form(kind: str, action: str, record: Record) -> Form:
    """The form of a change as first shown: today's date, the record's version."""
    fill = PREFILL.get((kind, action), lambda _record: {})
    return Form(
        {"occurred_on": today().isoformat(), "version": str(record.version), **fill(record)}
    )


@bp.route("/<collection>/<uuid:record_id>/<action>", methods=["GET", "POST"])
@signed_in
def change(collection: str, record_id: UUID, action: str) -> Response | tuple[str, int]:
    """A change form of a record, on its own page (record pages show some inline too)."""
    kind = kind_of(collection)
    spec = CHANGES.get((kind, action))
    if spec is None:
        raise NotFound()
    record = use_cases().get(kind, record_id)
    user = require_role(*writers(kind, action))
    if not may_write(user, kind, action, record.coalition):  # type: ignore[attr-defined]
        coalition = use_cases().get("coalition", record.coalition)  # type: ignore[attr-defined]
        require_lead_of(coalition.id, coalition.code)  # type: ignore[attr-defined]
    if request.method == "GET":
        form = blank_form(kind, action, record)
    else:
        form = Form(request.form)
        version = form.value("version")

        def save(body: dict[str, Any]) -> Saved:
            return spec.use_case(
                use_cases(),
                record_id,
                **body,
                recorded_by=user.id,
                expected_version=version_named(version),
            )

        saved = submit(form, spec.schema(), spec.shape, save)
        if saved is not None:
            flash(str(spec.saved))
            return redirect(record_url(kind, record_id))
        form.values["version"] = str(use_cases().get(kind, record_id).version)
    page = render_template(
        "forms/change.html",
        form=form,
        spec=spec,
        kind=kind,
        action=action,
        record=record,
        choices=spec.choices(record.coalition, user),  # type: ignore[attr-defined]
    )
    return page, 422 if form.errors else 200
