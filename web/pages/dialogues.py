"""The form a coalition lead fills after a dialogue: the dialogue and every commitment made
in it, saved together or not at all.

"Add another commitment" (and "Add another decision maker") send the form back to the
server, which returns it with everything typed and one more empty row: no JavaScript
needed, nothing lost. Rows left empty are dropped, and the rest numbered without gaps,
before the form is read, so a problem in `commitments.1.due_on` is shown on the second
row on the page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import ngettext
from werkzeug.wrappers import Response

from tracker.application import Saved, today
from web.pages.display import record_url
from web.pages.forms import Form, shapes, submit
from web.pages.read_models import coalition_named, records_of
from web.pages.session import require_lead_of, signed_in
from web.schemas.dialogues import DialogueIn
from web.services import use_cases

bp = Blueprint("dialogues", __name__)

ROWS = ("commitments", "decision_makers")


@bp.route("/coalitions/<code>/dialogues/new", methods=["GET", "POST"])
@signed_in
def new(code: str) -> Response | tuple[str, int]:
    """Log a dialogue with decision makers and the commitments they made in it."""
    coalition = coalition_named(code)
    user = require_lead_of(coalition.id, coalition.code)
    if request.method == "GET":
        form = Form({"occurred_on": today().isoformat()})
        filled = dict.fromkeys(ROWS, 0)
        adding = None
    else:
        form = Form(request.form)
        filled = {rows: form.compact(rows) for rows in ROWS}
        adding = request.form.get("add")
        if adding not in ROWS:
            adding = None

            def save(body: dict[str, Any]) -> Saved:
                return use_cases().log_dialogue(**body, recorded_by=user.id)

            saved = submit(
                form,
                DialogueIn(),
                lambda r: {
                    "coalition": coalition.code,
                    **shapes.dialogue(r, filled["commitments"], filled["decision_makers"]),
                },
                save,
            )
            if saved is not None:
                made = len(saved.commitments)
                flash(
                    ngettext(
                        "Saved: the dialogue and %(num)s commitment made in it.",
                        "Saved: the dialogue and %(num)s commitments made in it.",
                        made,
                    )
                )
                return redirect(record_url("dialogue", saved.id))
    shown = {rows: max(filled[rows] + (rows == adding), 1) for rows in ROWS}
    page = render_template(
        "forms/dialogue.html",
        form=form,
        coalition=coalition,
        rows=shown,
        added=adding,
        inputs=records_of(coalition.id, "advocacy_input", user),
    )
    return page, 422 if form.errors else 200
