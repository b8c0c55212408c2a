"""Correcting a wrong entry of any record: the form starts from what is on record, and only
the fields changed are sent as the correction (with its reason).

A correction is not a change in the world; the record's history and the timeline show
it as a correction. Only the record's coalition's leads (and admins) may correct it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import Schema
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from tracker.application import Saved, today
from web.pages.display import kind_of, record_url
from web.pages.forms import Form, Reading, shapes, submit, version_named
from web.pages.forms.prefill import form_values
from web.pages.session import require_lead_of, signed_in
from web.schemas.advocacy_inputs import AdvocacyInputCorrectionIn
from web.schemas.budget_lines import BudgetLineCorrectionIn
from web.schemas.commitments import CommitmentCorrectionIn
from web.schemas.dialogues import DialogueCorrectionIn
from web.schemas.evidence import EvidenceCorrectionIn
from web.schemas.outcomes import OutcomeCorrectionIn
from web.services import use_cases

bp = Blueprint("corrections", __name__)

# For each kind: the API's correction schema, and how its form reads (given the number of
# decision-maker rows, which only a dialogue has).
CORRECTIONS: dict[str, tuple[type[Schema], Callable[[Reading, int], dict[str, Any]]]] = {
    "evidence": (EvidenceCorrectionIn, lambda r, _rows: shapes.evidence(r)),
    "advocacy_input": (AdvocacyInputCorrectionIn, lambda r, _rows: shapes.advocacy_input(r)),
    "dialogue": (DialogueCorrectionIn, lambda r, rows: shapes.dialogue(r, 0, rows)),
    "commitment": (CommitmentCorrectionIn, lambda r, _rows: shapes.commitment_fields(r)),
    "budget_line": (BudgetLineCorrectionIn, lambda r, _rows: shapes.budget_line(r)),
    "outcome": (OutcomeCorrectionIn, lambda r, _rows: shapes.outcome(r)),
}


@bp.route("/<collection>/<uuid:record_id>/correction", methods=["GET", "POST"])
@signed_in
def correct(collection: str, record_id: UUID) -> Response | tuple[str, int]:
    """Put right a wrong entry of a record of one's own coalition."""
    kind = kind_of(collection)
    if kind not in CORRECTIONS:
        raise NotFound()
    schema, shape = CORRECTIONS[kind]
    record = use_cases().get(kind, record_id)
    coalition = use_cases().get("coalition", record.coalition)  # type: ignore[attr-defined]
    user = require_lead_of(coalition.id, coalition.code)  # type: ignore[attr-defined]
    correctable = record.CORRECTABLE
    if request.method == "GET":
        form = Form(form_values(record.fields(), correctable))
        form.values.update({"version": str(record.version), "occurred_on": today().isoformat()})
    else:
        form = Form(request.form)
        rows = form.compact("decision_makers")

        def read(r: Reading) -> dict[str, Any]:
            body = shape(r, rows)
            picked = {name: body[name] for name in correctable if name in body}
            return {**picked, "reason": r.text("reason"), "occurred_on": r.day("occurred_on")}

        def save(loaded: dict[str, Any]) -> Saved:
            reason, occurred_on = loaded.pop("reason"), loaded.pop("occurred_on")
            now = record.fields()
            changed = {name: value for name, value in loaded.items() if value != now.get(name)}
            version = form.value("version")
            return use_cases().correct(
                kind,
                record_id,
                changes=changed,
                reason=reason,
                occurred_on=occurred_on,
                recorded_by=user.id,
                expected_version=version_named(version),
            )

        saved = submit(form, schema(), read, save)
        if saved is not None:
            flash(_("Saved: the correction is on record, with its reason."))
            return redirect(record_url(kind, record_id))
        form.values["version"] = str(use_cases().get(kind, record_id).version)
    page = render_template("forms/correction.html", form=form, kind=kind, record=record)
    return page, 422 if form.errors else 200
