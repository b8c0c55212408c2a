"""The ledger for evaluators: the chain's head to note, how to verify it later, and audit
packs to take away.

Every page of an evaluator (or admin) shows the head in its footer; `/ledger` explains
what to do with it and offers the packs: the whole store, or one coalition's records.
A pack is made as the store stands when asked, in a temporary file, then sent.
"""

from __future__ import annotations

import tempfile
from typing import Any
from uuid import UUID

from flask import Blueprint, Flask, render_template, request, send_file
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from tracker.ledger.links import Head
from tracker.ledger.packs import write_pack
from tracker.permissions import AUDITORS, may_audit
from web.pages.read_models import all_coalitions
from web.pages.session import reader, require_role, signed_in
from web.schemas.exports import ExportQuery
from web.services import services, use_cases

bp = Blueprint("ledger", __name__)
# Packs up to this size stay in memory while made; larger ones spill to a temporary file.
IN_MEMORY = 8 * 1024 * 1024


@bp.get("/ledger")
@signed_in
def ledger() -> str:
    """The head to note, how to check it, and the audit packs."""
    require_role(*AUDITORS)
    head = use_cases().ledger_head()
    return render_template("ledger.html", head=head, coalitions=all_coalitions())


@bp.get("/ledger/audit-pack.zip")
@signed_in
def audit_pack() -> Response:
    """The audit pack of the whole store, or of one coalition (`?coalition=CODE`)."""
    user = require_role(*AUDITORS)
    try:
        query = ExportQuery().load(request.args)
    except ValidationError as invalid:
        raise NotFound(_("no such audit pack: %(problems)s", problems=invalid.messages)) from None
    key = None if query["coalition"] is None else UUID(query["coalition"])
    code = None
    if key is not None:
        code = str(use_cases().get("coalition", key).code)  # type: ignore[attr-defined]
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (sent, then closed)
    write_pack(services(), spool, coalition=key, coalition_code=code, reader=user)
    spool.seek(0)
    name = f"audit-pack-{code}.zip" if code else "audit-pack.zip"
    return send_file(spool, mimetype="application/zip", as_attachment=True, download_name=name)


def register_footer(app: Flask) -> None:
    """Let every page show auditors the ledger's head (read only when shown)."""

    @app.context_processor
    def _ledger() -> dict[str, Any]:
        return {"ledger_head": _head_for_reader}


def _head_for_reader() -> Head | None:
    user = reader()
    if user is None or not may_audit(user):
        return None
    return use_cases().ledger_head()
