"""Forms that create a coalition's records: evidence, advocacy inputs, commitments made
outside a dialogue, budget lines and outcomes (dialogues have their own module).

Each form (a `WriteForm`) posts to its own address under the coalition, loads through the
API's input schema and calls the same use case; success leads to the new record's page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from tracker.application import OUTCOME_LINK_CLASSES, Saved, Tracker, today
from web.pages.display import collection_of, record_url
from web.pages.forms import Form, shapes, submit
from web.pages.forms.shapes import WriteForm
from web.pages.read_models import coalition_named
from web.pages.session import require_lead_of, signed_in
from web.schemas.advocacy_inputs import AdvocacyInputIn
from web.schemas.budget_lines import BudgetLineIn
from web.schemas.commitments import CommitmentIn
from web.schemas.evidence import EvidenceIn
from web.schemas.outcomes import OutcomeIn
from web.services import use_cases

bp = Blueprint("record_forms", __name__)


# By the path segment of the kind each creates (`advocacy-inputs`).
FORMS: dict[str, WriteForm] = {
    collection_of(form.kind): form
    for form in (
        WriteForm(
            "evidence",
            "create",
            "Record citizen evidence",
            EvidenceIn,
            shapes.evidence,
            Tracker.record_evidence,
            submit_label="Record the evidence",
        ),
        WriteForm(
            "advocacy_input",
            "create",
            "Record an advocacy input",
            AdvocacyInputIn,
            shapes.advocacy_input,
            Tracker.submit_advocacy_input,
            {"evidence": "evidence"},
            "Record the input",
        ),
        WriteForm(
            "commitment",
            "create",
            "Record a commitment made outside a dialogue",
            CommitmentIn,
            shapes.commitment,
            Tracker.make_commitment,
            submit_label="Record the commitment",
        ),
        WriteForm(
            "budget_line",
            "create",
            "Record a budget line",
            BudgetLineIn,
            shapes.budget_line,
            Tracker.identify_budget_line,
            {"commitments": "commitment"},
            "Record the budget line",
        ),
        WriteForm(
            "outcome",
            "create",
            "Record an outcome",
            OutcomeIn,
            shapes.outcome,
            Tracker.harvest_outcome,
            {f"links.{name}": cls.KIND for name, cls in OUTCOME_LINK_CLASSES.items()},
            "Record the outcome",
        ),
    )
}


@bp.route("/coalitions/<code>/<collection>/new", methods=["GET", "POST"])
@signed_in
def new(code: str, collection: str) -> Response | tuple[str, int]:
    """A form for a new record of the coalition; only its leads (and admins) may send it."""
    spec = FORMS.get(collection)
    if spec is None:
        raise NotFound()
    coalition = coalition_named(code)
    user = require_lead_of(coalition.id, coalition.code)
    if request.method == "GET":
        form = Form(MultiDict(request.args))  # links may be chosen already: ?evidence=<id>
        form.values.setdefault("occurred_on", today().isoformat())
    else:
        form = Form(request.form)

        def save(body: dict[str, Any]) -> Saved:
            return spec.use_case(use_cases(), **body, recorded_by=user.id)

        saved = submit(
            form,
            spec.schema(),
            lambda r: {"coalition": coalition.code, **spec.shape(r)},
            save,
        )
        if saved is not None:
            flash(f"Saved. The {spec.kind.replace('_', ' ')} is on record.")
            return redirect(record_url(spec.kind, saved.id))
    choices = spec.choices(coalition.id, user)
    page = render_template(
        "forms/new.html", form=form, spec=spec, coalition=coalition, choices=choices
    )
    return page, 422 if form.errors else 200
