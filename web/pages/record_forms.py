"""Forms that create a coalition's records: evidence, advocacy inputs, commitments made
outside a dialogue, budget lines and outcomes (dialogues have their own module).

Each form (a `WriteForm`) posts to its own address under the coalition, loads through the
API's input schema and calls the same use case; success leads to the new record's page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import lazy_gettext as _l
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
            _l("Record citizen evidence"),
            EvidenceIn,
            shapes.evidence,
            Tracker.record_evidence,
            submit_label=_l("Record the evidence"),
            saved=_l("Saved. The evidence is on record."),
        ),
        WriteForm(
            "advocacy_input",
            "create",
            _l("Record an advocacy input"),
            AdvocacyInputIn,
            shapes.advocacy_input,
            Tracker.submit_advocacy_input,
            {"evidence": "evidence"},
            _l("Record the input"),
            _l("Saved. The advocacy input is on record."),
        ),
        WriteForm(
            "commitment",
            "create",
            _l("Record a commitment made outside a dialogue"),
            CommitmentIn,
            shapes.commitment,
            Tracker.make_commitment,
            submit_label=_l("Record the commitment"),
            saved=_l("Saved. The commitment is on record."),
        ),
        WriteForm(
            "budget_line",
            "create",
            _l("Record a budget line"),
            BudgetLineIn,
            shapes.budget_line,
            Tracker.identify_budget_line,
            {"commitments": "commitment"},
            _l("Record the budget line"),
            _l("Saved. The budget line is on record."),
        ),
        WriteForm(
            "outcome",
            "create",
            _l("Record an outcome"),
            OutcomeIn,
            shapes.outcome,
            Tracker.harvest_outcome,
            {f"links.{name}": cls.KIND for name, cls in OUTCOME_LINK_CLASSES.items()},
            _l("Record the outcome"),
            _l("Saved. The outcome is on record."),
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
            flash(str(spec.saved))
            return redirect(record_url(spec.kind, saved.id))
    choices = spec.choices(coalition.id, user)
    page = render_template(
        "forms/new.html", form=form, spec=spec, coalition=coalition, choices=choices
    )
    return page, 422 if form.errors else 200
