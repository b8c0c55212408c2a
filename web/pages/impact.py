"""Impact chains for evaluators: every record upstream and downstream of one, drawn from
citizen evidence to the change, each link dated, with who recorded it and when, and
links whose effect is dated before its cause highlighted.

The chain is projections.queries.impact_chain, the API's /impact-chains answer; evidence
content the reader may not see is left out, the node kept. It is drawn on a date axis
(web.pages.chain_drawing) above the same chain in words.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from babel.dates import format_date, format_skeleton
from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.outcomes import Outcome
from projections import queries
from projections.kinds import RECORD_KINDS
from tracker.errors import RecordNotFound
from tracker.permissions import may_audit
from web.pages.audit import moment_asked
from web.pages.chain_drawing import Calendar, lay_out
from web.pages.display import locale
from web.pages.forms import Form
from web.pages.labels import hidden_evidence, kind_name
from web.pages.read_models import all_records, hidden
from web.pages.session import current, signed_in
from web.services import services, use_cases

bp = Blueprint("impact", __name__)

# The stages of the story, cause before effect, as the chain's nodes name their kinds.
STAGES = (
    ("evidence", _l("Citizen evidence")),
    ("advocacy-inputs", _l("Advocacy inputs")),
    ("dialogues", _l("Dialogues with decision makers")),
    ("commitments", _l("Commitments")),
    ("budget-lines", _l("Budget lines")),
    ("outcomes", _l("Changes (outcomes)")),
)
# How a link reads from the effect's side: "<cause> informed it".
RELATIONS = {
    "informed": _l("informed it"),
    "presented_at": _l("was presented at it"),
    "produced": _l("produced it"),
    "funded_by": _l("is funded by it"),
    "contributed_to": _l("contributed to it"),
}


@bp.get("/outcomes")
@signed_in
def outcomes() -> str:
    """Every outcome, with its stage and substantiations, to open its chain or audit it.

    SEAM: each outcome is read from the store for its stage and substantiations, until a
    read model of outcomes answers that.
    """
    user = current()
    found = []
    for choice in all_records("outcome", user):
        outcome = use_cases().get("outcome", UUID(choice.id))
        assert isinstance(outcome, Outcome)
        found.append((choice, outcome))
    return render_template(
        "outcomes.html", outcomes=found, evaluates=user.role in ("admin", "evaluator")
    )


@bp.get("/impact-chains/<uuid:record_id>")
@signed_in
def chain(record_id: UUID) -> tuple[str, int]:
    """The chain through any record, from evidence to change; as known on a date (and
    time) asked, by the audit's rule."""
    user = current()
    form = Form(request.args)
    moment = moment_asked(form)
    answer = queries.impact_chain(services().engine, record_id, moment, use_cases())
    if answer is None and moment is not None:
        answer = queries.impact_chain(services().engine, record_id)
        if answer is not None:  # the record exists, but was not recorded yet then
            form.errors["as_known_on"] = [
                _("It had not been recorded yet then; pick a later date.")
            ]
            moment = None
    if answer is None:
        raise RecordNotFound("record", record_id)
    nodes = {node["id"]: _node(node, user) for node in answer["nodes"]}
    anomalies = [
        {**a, "reason": _out_of_order(nodes[a["from"]], nodes[a["to"]])}
        for a in answer["anomalies"]
    ]
    flagged = {(a["from"], a["to"]): a["reason"] for a in anomalies}
    for edge in answer["edges"]:
        nodes[edge["to"]]["causes"].append(
            {
                "node": nodes[edge["from"]],
                "relation": str(
                    RELATIONS.get(edge["relation"], edge["relation"].replace("_", " "))
                ),
                "anomaly": flagged.get((edge["from"], edge["to"])),
            }
        )
    root = nodes[answer["root"]["id"]]
    # Drawn from the redacted nodes, so a hidden title stays hidden in the drawing too.
    drawing = lay_out(
        list(nodes.values()), answer["edges"], anomalies, root["id"], STAGES, _calendar()
    )
    stages = [(label, [n for n in nodes.values() if n["type"] == kind]) for kind, label in STAGES]
    page = render_template(
        "impact_chain.html",
        form=form,
        moment=moment,
        with_time=bool(form.value("at").strip()),
        root=root,
        stages=[(label, found) for label, found in stages if found],
        anomalies=[
            {"reason": a["reason"], "cause": nodes[a["from"]], "effect": nodes[a["to"]]}
            for a in anomalies
        ],
        chronology_ok=answer["chronology_ok"],
        evaluates=may_audit(user),
        drawing=drawing,
        numbers={mark.id: mark.number for mark in drawing.marks},
    )
    return page, 422 if form.errors else 200


def _node(node: dict[str, Any], user: Any) -> dict[str, Any]:
    kind = RECORD_KINDS[node["type"]]
    secret = kind == "evidence" and hidden(user, node)
    return {
        **node,
        "kind": kind,
        "title": hidden_evidence(node["sensitivity"]) if secret else node["title"],
        "causes": [],
    }


def _out_of_order(cause: dict[str, Any], effect: dict[str, Any]) -> str:
    """Why a link is out of order, in the page's language (the API's answer says it in
    English: projections.queries.chains)."""
    return _(
        "the %(effect)s is dated %(effect_on)s, before the %(cause)s it follows from"
        " (%(cause_on)s)",
        effect=kind_name(effect["kind"]),
        effect_on=effect["occurred_on"].isoformat(),
        cause=kind_name(cause["kind"]),
        cause_on=cause["occurred_on"].isoformat(),
    )


def _calendar() -> Calendar:
    """How the drawing writes dates in the page's language, as web.pages.display does."""
    where = locale()
    return Calendar(
        day=lambda d: format_skeleton("MMMd", d, locale=where),
        year=lambda d: format_skeleton("y", d, locale=where),
        full=lambda d: format_date(d, "medium", locale=where),
        undated=_("undated"),
    )
