"""The import page, for admins and coalition leads: a CSV file (and its mapping) uploaded,
first checked (a dry run, showing the first rows with their problems), then, once
confirmed, imported; its progress refreshes itself without JavaScript until the report.

The checks and the saving run in the background as over the API (tracker.imports.jobs and
background); the dry run keeps the file, so that confirming starts the real import of the
very file that was checked.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from tracker.accounts import User
from tracker.imports import background, jobs
from tracker.imports.more_kinds import IMPORT_KINDS
from tracker.imports.reading import FileRefused
from tracker.imports.run import Options
from tracker.permissions import IMPORTERS, may_follow_import, may_import
from web.pages.forms import Form
from web.pages.forms.messages import translated
from web.pages.read_models import all_coalitions
from web.pages.session import require_role, signed_in
from web.problems import field_paths
from web.schemas.imports import ImportIn
from web.services import services

bp = Blueprint("imports", __name__)
PREVIEW_ROWS = 10


@bp.app_context_processor
def _importers() -> dict[str, Any]:
    """Who sees the import page in the navigation (tracker.permissions says who may)."""
    return {"importers": ("admin", *IMPORTERS)}


@bp.route("/imports", methods=["GET", "POST"])
@signed_in
def new() -> Response | tuple[str, int]:
    """The upload form; sent, it starts a dry run and leads to its page."""
    user = require_role(*IMPORTERS)
    form = Form(MultiDict(request.form))
    if request.method == "POST":
        fields = MultiDict(request.form)
        fields.pop("csrf_token", None)
        fields["dry_run"] = "true"
        if not fields.get("coalition"):
            fields.pop("coalition", None)
        try:
            loaded = ImportIn().load(CombinedMultiDict([fields, request.files]))
        except ValidationError as invalid:
            form.add(field_paths(invalid.messages))
        else:
            if may_import(user, loaded["coalition"]):
                return redirect(url_for(".progress", import_id=_start(user, loaded)))
            form.add({"coalition": [_("Choose a coalition you lead.")]})
    page = render_template(
        "imports.html",
        form=form,
        kinds=list(IMPORT_KINDS),
        coalitions=_coalitions(user),
        earlier=jobs.recent(services().engine, None if user.role == "admin" else user.id),
    )
    return page, 422 if form.errors else 200


@bp.get("/imports/<uuid:import_id>")
@signed_in
def progress(import_id: UUID) -> str:
    """How the import goes; a dry run's first rows with their problems, then the report."""
    found = _followed(import_id)
    # The rows' problems are stored as the rules say them (the API answers them so): shown
    # in the page's language where the message is a known one.
    found = replace(
        found,
        errors=[
            {**error, "message": translated(str(error.get("message", "")))}
            for error in found.errors
        ],
    )
    preview, refused = None, None
    if found.dry_run and found.status == "done" and found.has_file:
        try:
            preview = jobs.preview(services().engine, found.id, PREVIEW_ROWS)
        except FileRefused as unreadable:
            refused = translated(str(unreadable))
    by_row: dict[int, list[dict[str, Any]]] = {}
    for error in found.errors:
        by_row.setdefault(int(error["row"]), []).append(error)
    return render_template(
        "import.html", job=found, preview=preview, refused=refused, by_row=by_row
    )


@bp.post("/imports/<uuid:import_id>/confirm")
@signed_in
def confirm(import_id: UUID) -> Response:
    """Start the real import of the file a dry run checked."""
    require_role(*IMPORTERS)
    found = _followed(import_id)
    real = None
    if found.dry_run and found.status == "done":
        real = jobs.again(services().engine, found, partial=request.form.get("partial") == "on")
    if real is None:
        raise NotFound(_("This check's file is no longer kept: upload it again."))
    real = background.submit(services(), real)
    return redirect(url_for(".progress", import_id=real.id))


def _start(user: User, loaded: dict[str, Any]) -> str:
    options = Options.asked(loaded, user, dry_run=True)
    return background.begin(services(), user, options, loaded["file"]).id


def _followed(import_id: UUID) -> jobs.Import:
    user = require_role(*IMPORTERS)
    found = jobs.find(services().engine, str(import_id))
    if found is None or not may_follow_import(user, found.started_by):
        raise NotFound(_("No import has this address."))
    return found


def _coalitions(user: User) -> list[tuple[str, str]]:
    return [
        (c["code"], f"{c['name']} ({c['code']})")
        for c in all_coalitions()
        if user.role == "admin" or c["code"] in user.coalitions
    ]
