"""`GET /exports/<name>.csv`: the read models as spreadsheets, safe to open."""

from __future__ import annotations

from typing import Any

from flask import Response, stream_with_context
from marshmallow import RAISE

from tracker.exports import EXPORTS, csv_chunks
from web.access import documents_query
from web.api.blueprint import Blueprint
from web.auth import current_user
from web.schemas.exports import ExportQuery
from web.services import services

bp = Blueprint(
    "exports",
    __name__,
    url_prefix="/exports",
    description="Commitments, timeline, budgets, outcomes and evidence as CSV.",
)
CSV = {"type": "string", "description": "UTF-8 CSV, header row first, one row per record"}


@bp.route(f"/<any({','.join(EXPORTS)}):name>.csv", methods=["GET"])
@documents_query(422)
@bp.arguments(ExportQuery, location="query", unknown=RAISE)
@bp.response(200, CSV, content_type="text/csv")
def export_csv(query: dict[str, Any], name: str) -> Any:
    """One coalition's (or every) record of a kind as CSV, one row per record.

    A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`)
    is prefixed with `'`. Evidence the reader may not see keeps its id, coalition and
    sensitivity, and says `redacted`; its content is left out, as everywhere else.
    """
    chunks = csv_chunks(services(), name, coalition=query["coalition"], reader=current_user())
    filename = f"{name}.csv"
    return Response(
        stream_with_context(chunks),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
