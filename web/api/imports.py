"""Imports over HTTP: a CSV file (and its mapping) uploaded, checked and saved in the
background (an RQ job, or a thread when the tracker runs embedded), its progress and
report read back (DESIGN.md, "Import")."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from werkzeug.exceptions import Forbidden, NotFound

from tracker.imports import background, jobs
from tracker.imports.run import Options
from tracker.permissions import IMPORTERS, may_follow_import, may_import
from web.access import document, documents_query, reserved_for
from web.api.blueprint import Blueprint
from web.auth import API_PREFIX, current_user
from web.schemas.imports import ImportIn, ImportOut
from web.services import services

bp = Blueprint(
    "imports",
    __name__,
    url_prefix="/imports",
    description="CSV files imported in the background: started, followed, reported.",
)
LOCATION = {"Location": {"description": "the import, to follow", "schema": {"type": "string"}}}


@bp.route("", methods=["POST"])
@lambda view: document(view, (413,), [])
@reserved_for(*IMPORTERS)
@bp.arguments(ImportIn, location="multipart")
@bp.response(202, ImportOut, headers=LOCATION)
def start_import(form: dict[str, Any]) -> Any:
    """Start an import of a CSV file (multipart/form-data); follow it at `Location`.

    Without a `mapping` the file is the tracker's own export of that kind. Every row is
    checked first; with errors nothing is saved unless `partial`; a `dry_run` saves
    nothing. A coalition lead names a coalition they lead (403 otherwise), and rows of any
    other coalition are refused. A file the import cannot read (over its size limit, not
    UTF-8, not comma-separated) is reported as `done` with the reason on row 0.
    """
    user = current_user()
    if not may_import(user, form["coalition"]):
        raise Forbidden("a coalition lead imports only into a coalition they lead: name it")
    started = background.begin(services(), user, Options.asked(form, user), form["file"])
    return started.as_json(), 202, {"Location": f"{API_PREFIX}/imports/{started.id}"}


@bp.route("/<uuid:import_id>", methods=["GET"])
@documents_query(404, 422)
@bp.response(200, ImportOut)
def read_import(import_id: UUID) -> Any:
    """How an import goes: `queued`, `running` (`done` of `rows` in its `stage`), then
    `done` with its report, or `failed` (the reason on row 0). Only the user who started
    it, or an admin, may read it."""
    found = jobs.find(services().engine, str(import_id))
    if found is None or not may_follow_import(current_user(), found.started_by):
        raise NotFound("no import has this id")
    return found.as_json()
