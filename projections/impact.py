"""The impact graph: records as nodes and typed links between them, cause -> effect.

evidence -> advocacy input -> dialogue -> commitment -> budget line, and every record an
outcome names -> that outcome. A node is dated by its creating event's `occurred_on`; a
budget line given no date is dated by its earliest amount.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain import KINDS
from domain.advocacy_inputs import AdvocacyInput
from domain.budget_lines import BudgetLine
from domain.commitments import Commitment
from domain.dialogues import Dialogue
from domain.evidence import Evidence
from domain.outcomes import Outcome
from projections.batch import Change, Key, Op, Removal, Row
from projections.kinds import API_KINDS, event_type, id_text
from projections.projection import Projection, View
from projections.schema import chain_links, chain_nodes

# The field of each kind's creating event that names the node, and corrections may change.
TITLE_FIELDS = {name: kind.title_field for name, kind in KINDS.items() if name != "coalition"}
CREATIONS = tuple(KINDS[name].created for name in TITLE_FIELDS)
CORRECTIONS = (
    Evidence.Corrected,
    AdvocacyInput.Corrected,
    Dialogue.Corrected,
    Commitment.Corrected,
    BudgetLine.Corrected,
    Outcome.Corrected,
)

READS_NODE = (BudgetLine.AmountRecorded, Evidence.Retracted, AdvocacyInput.Withdrawn, *CORRECTIONS)

projection = Projection("impact", tables=(chain_nodes, chain_links), cost=24)


@projection.reads
def _needs(event: Any) -> Iterator[tuple[Any, Key]]:
    if isinstance(event, READS_NODE):
        yield chain_nodes, id_text(event.originator_id)


def _link(cause: Any, effect: Any, relation: str, position: int) -> Row:
    return Row(
        chain_links,
        {
            "cause": id_text(cause),
            "effect": id_text(effect),
            "relation": relation,
            "position": position,
        },
    )


def _causes(event: Any) -> Iterator[tuple[Any, str]]:
    """The records a new record follows from, with how it follows from each."""
    if isinstance(event, AdvocacyInput.Submitted):
        yield from ((e, "informed") for e in event.evidence)
    elif isinstance(event, Dialogue.Held):
        yield from ((i, "presented_at") for i in event.advocacy_inputs)
    elif isinstance(event, Commitment.Made) and event.dialogue is not None:
        yield event.dialogue, "produced"
    elif isinstance(event, BudgetLine.Identified):
        yield from ((c, "funded_by") for c in event.commitments)
    elif isinstance(event, Outcome.Harvested):
        for ids in event.links.values():
            yield from ((record, "contributed_to") for record in ids)


@projection.on(*CREATIONS)
def _created(event: Any, view: View) -> Iterator[Op]:
    kind = event_type(event).partition(".")[0]
    yield Row(
        chain_nodes,
        {
            "id": id_text(event.originator_id),
            "type": API_KINDS[kind],
            "coalition": id_text(event.coalition),
            "title": getattr(event, TITLE_FIELDS[kind]),
            "occurred_on": event.occurred_on,
            "dated_by_amount": event.occurred_on is None,
            "recorded_at": event.timestamp,
            "recorded_by": event.recorded_by,
            "sensitivity": getattr(event, "sensitivity", None),
        },
    )
    for cause, relation in dict(_causes(event)).items():
        yield _link(cause, event.originator_id, relation, view.position)


@projection.on(AdvocacyInput.EvidenceLinked)
def _linked(event: AdvocacyInput.EvidenceLinked, view: View) -> Iterator[Op]:
    yield _link(event.evidence_id, event.originator_id, "informed", view.position)


@projection.on(AdvocacyInput.EvidenceUnlinked)
def _unlinked(event: AdvocacyInput.EvidenceUnlinked, view: View) -> Iterator[Op]:
    yield Removal(chain_links, (id_text(event.evidence_id), id_text(event.originator_id)))


@projection.on(BudgetLine.AmountRecorded)
def _amount(event: BudgetLine.AmountRecorded, view: View) -> Iterator[Op]:
    key = id_text(event.originator_id)
    node = view.get(chain_nodes, key)
    if not node or not node["dated_by_amount"]:
        return
    if node["occurred_on"] is None or event.occurred_on < node["occurred_on"]:
        yield Change(chain_nodes, key, {"occurred_on": event.occurred_on})


@projection.on(*CORRECTIONS)
def _corrected(event: Any, view: View) -> Iterator[Op]:
    kind = event_type(event).partition(".")[0]
    change = {}
    if TITLE_FIELDS[kind] in event.changes:
        change["title"] = event.changes[TITLE_FIELDS[kind]]
    if "sensitivity" in event.changes:
        change["sensitivity"] = event.changes["sensitivity"]
    if change:
        yield Change(chain_nodes, id_text(event.originator_id), change)


@projection.on(Evidence.Retracted, AdvocacyInput.Withdrawn)
def _closed(event: Evidence.Retracted | AdvocacyInput.Withdrawn, view: View) -> Iterator[Op]:
    closed_as = "retracted" if isinstance(event, Evidence.Retracted) else "withdrawn"
    yield Change(chain_nodes, id_text(event.originator_id), {"closed_as": closed_as})
