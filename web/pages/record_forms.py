"""Forms that create a coalition's records: evidence, advocacy inputs, commitments made
outside a dialogue, budget lines and outcomes (dialogues have their own module).

Each form posts to its own address under the coalition, loads through the API's input
schema and calls the same use case; success leads to the new record's page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from marshmallow import Schema
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from tracker.application import OUTCOME_LINK_CLASSES, Saved, Tracker, today
from web.pages.display import record_url
from web.pages.forms import Form, Reading, shapes, submit
from web.pages.read_models import Choice, coalition_named, records_of
from web.pages.session import require_lead_of, signed_in
from web.schemas.advocacy_inputs import AdvocacyInputIn
from web.schemas.budget_lines import BudgetLineIn
from web.schemas.commitments import CommitmentIn
from web.schemas.evidence import EvidenceIn
from web.schemas.outcomes import OutcomeIn
from web.services import use_cases

bp = Blueprint("record_forms", __name__)


@dataclass(frozen=True)
class NewRecord:
    """A kind of record created by a form: its schema, shape, use case and the lists of
    records a person picks links from (form field -> kind listed)."""

    kind: str
    heading: str
    schema: type[Schema]
    shape: Callable[[Reading], dict[str, Any]]
    create: Callable[[Tracker], Callable[..., Saved]]
    pickers: dict[str, str] = field(default_factory=dict)
    submit_label: str = "Save"


FORMS = {
    "evidence": NewRecord(
        "evidence",
        "Record citizen evidence",
        EvidenceIn,
        shapes.evidence,
        lambda t: t.record_evidence,
        submit_label="Record the evidence",
    ),
    "advocacy-inputs": NewRecord(
        "advocacy_input",
        "Record an advocacy input",
        AdvocacyInputIn,
        shapes.advocacy_input,
        lambda t: t.submit_advocacy_input,
        {"evidence": "evidence"},
        "Record the input",
    ),
    "commitments": NewRecord(
        "commitment",
        "Record a commitment made outside a dialogue",
        CommitmentIn,
        shapes.commitment,
        lambda t: t.make_commitment,
        submit_label="Record the commitment",
    ),
    "budget-lines": NewRecord(
        "budget_line",
        "Record a budget line",
        BudgetLineIn,
        shapes.budget_line,
        lambda t: t.identify_budget_line,
        {"commitments": "commitment"},
        "Record the budget line",
    ),
    "outcomes": NewRecord(
        "outcome",
        "Record an outcome",
        OutcomeIn,
        shapes.outcome,
        lambda t: t.harvest_outcome,
        {f"links.{name}": cls.KIND for name, cls in OUTCOME_LINK_CLASSES.items()},
        "Record the outcome",
    ),
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
            return spec.create(use_cases())(**body, recorded_by=user.id)

        saved = submit(
            form,
            spec.schema(),
            lambda r: {"coalition": coalition.code, **spec.shape(r)},
            save,
        )
        if saved is not None:
            flash(f"Saved. The {spec.kind.replace('_', ' ')} is on record.")
            return redirect(record_url(spec.kind, saved.id))
    choices = pickers(coalition.id, spec.pickers, user)
    page = render_template(
        "forms/new.html", form=form, spec=spec, coalition=coalition, choices=choices
    )
    return page, 422 if form.errors else 200


def pickers(coalition: Any, wanted: dict[str, str], user: Any) -> dict[str, list[Choice]]:
    """The records a form offers to link to, by form field."""
    return {name: records_of(coalition, kind, user) for name, kind in wanted.items()}
