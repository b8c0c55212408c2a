"""CSV exports for people signed in to the pages: a browser link sends the session
cookie, not a bearer token, so the pages serve the same files as `/api/v1/exports`."""

from __future__ import annotations

from flask import Blueprint, Response, request, stream_with_context
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import NotFound

from tracker.exports import EXPORTS, csv_chunks
from web.pages.session import current, signed_in
from web.schemas.exports import ExportQuery
from web.services import services

bp = Blueprint("exports", __name__)


@bp.get(f"/exports/<any({','.join(EXPORTS)}):name>.csv")
@signed_in
def export_csv(name: str) -> Response:
    """One coalition's (or every) record of a kind as CSV, redacted as for the reader."""
    try:
        query = ExportQuery().load(request.args)
    except ValidationError as invalid:  # e.g. an unknown coalition in a hand-typed address
        raise NotFound(_("no such export: %(problems)s", problems=invalid.messages)) from None
    chunks = csv_chunks(services(), name, coalition=query["coalition"], reader=current())
    return Response(
        stream_with_context(chunks),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
