"""Impact chains: every record upstream and downstream of one, with dates and anomalies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import Connection, Engine, select

from domain import KINDS
from domain.vocabularies import strictest
from projections.kinds import RECORD_KINDS
from projections.queries.common import CHUNK, codes, utc
from projections.schema import chain_links, chain_nodes

# Where each kind of record stands in the story, cause before effect.
STAGES = ("evidence", "advocacy-inputs", "dialogues", "commitments", "budget-lines", "outcomes")
NOUNS = {
    "evidence": "evidence",
    "advocacy-inputs": "advocacy input",
    "dialogues": "dialogue",
    "commitments": "commitment",
    "budget-lines": "budget line",
    "outcomes": "outcome",
}


class Known(Protocol):
    """What a chain as known on a date reads from the store (the Tracker)."""

    def position_at(self, moment: datetime) -> int:
        """The last position stored by `moment`."""

    def as_known_on(self, kind: str, record_id: UUID, moment: datetime) -> Any:
        """The record as recorded by `moment`, or None."""


def impact_chain(
    engine: Engine,
    record_id: str | UUID,
    as_known_on: datetime | None = None,
    store: Known | None = None,
) -> dict[str, Any] | None:
    """The chain through a record: its causes and their causes, its effects and theirs.

    Answers `{root, nodes, edges, chronology_ok, anomalies}`, or None when the read model
    knows no such record. Edges run cause -> effect; an anomaly is an edge whose effect is
    dated before its cause. Nodes also carry `coalition` and `sensitivity` for redaction.

    With `as_known_on` (and the `store` to read it from), the chain as it was known then,
    by the rule of the audit: only links recorded by then, and each record as recorded by
    then (its title, date and closing; its sensitivity the stricter of then and now). None
    also when the record had not been recorded yet.
    """
    root = str(record_id)
    known_by = None
    if as_known_on is not None:
        assert store is not None, "a chain as known on a date is read from the store"
        known_by = store.position_at(as_known_on)
    with engine.connect() as connection:
        found = _nodes(connection, {root})
        if root not in found or (
            as_known_on is not None and utc(found[root]["recorded_at"]) > as_known_on
        ):
            return None
        links = _walk(connection, root, "effect", "cause", known_by) | _walk(
            connection, root, "cause", "effect", known_by
        )
        found.update(_nodes(connection, {i for link in links for i in link[:2]} - {root}))
        if as_known_on is not None and store is not None:
            links |= _then(connection, found, store, as_known_on)
        code = codes(connection, (node["coalition"] for node in found.values()))
    place = {
        node_id: index
        for index, node_id in enumerate(sorted(found, key=lambda i: _order(found[i])))
    }
    edges = sorted(links, key=lambda link: (place[link[0]], place[link[1]]))
    anomalies = [
        _anomaly(found[cause], found[effect])
        for cause, effect, _ in edges
        if _before(found[effect]["occurred_on"], found[cause]["occurred_on"])
    ]
    return {
        "root": {"type": found[root]["type"], "id": root},
        "nodes": [_node(found[i], code) for i in sorted(found, key=place.__getitem__)],
        "edges": [{"from": c, "to": e, "relation": r} for c, e, r in edges],
        "chronology_ok": not anomalies,
        "anomalies": anomalies,
    }


def _then(
    connection: Connection, found: dict[str, dict[str, Any]], store: Known, moment: datetime
) -> set[tuple[str, str, str]]:
    """Each node as recorded by `moment`, changed in place; and the links of evidence that
    advocacy inputs named then but were unlinked from since (the read model keeps only the
    links standing now), their evidence added to the nodes."""
    again: set[tuple[str, str, str]] = set()
    for node_id, node in list(found.items()):
        kind = RECORD_KINDS[node["type"]]
        record = store.as_known_on(kind, UUID(node_id), moment)
        if record is None:  # not recorded yet then (a later link reached it)
            del found[node_id]
            continue
        node["title"] = getattr(record, KINDS[kind].title_field)
        if not node["dated_by_amount"]:
            node["occurred_on"] = record.occurred_on
        node["closed_as"] = record.closed_as
        if kind == "evidence":
            node["sensitivity"] = strictest(record.sensitivity, node["sensitivity"])
        if kind == "advocacy_input":
            again |= {(str(e), node_id, "informed") for e in record.evidence}
    missing = {cause for cause, _, _ in again} - set(found)
    if missing:
        found.update(_nodes(connection, missing))
        _then(connection, {i: found[i] for i in missing if i in found}, store, moment)
    return {link for link in again if link[0] in found}


def _walk(
    connection: Connection, root: str, near: str, far: str, known_by: int | None = None
) -> set[tuple[str, str, str]]:
    """Links followed from the root, level by level: towards causes (near=effect) or
    towards effects (near=cause); only those recorded by position `known_by`, if given."""
    links: set[tuple[str, str, str]] = set()
    seen, frontier = {root}, {root}
    while frontier:
        step = set()
        for ids in _chunks(frontier):
            query = select(chain_links.c.cause, chain_links.c.effect, chain_links.c.relation)
            query = query.where(chain_links.c[near].in_(ids))
            if known_by is not None:
                query = query.where(chain_links.c.position <= known_by)
            rows = connection.execute(query)
            step |= {(cause, effect, relation) for cause, effect, relation in rows}
        links |= step
        reached = {link[0] if far == "cause" else link[1] for link in step}
        frontier = reached - seen
        seen |= reached
    return links


def _nodes(connection: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    found = {}
    for chunk in _chunks(ids):
        query = select(chain_nodes).where(chain_nodes.c.id.in_(chunk))
        found.update({row["id"]: dict(row) for row in connection.execute(query).mappings()})
    return found


def _chunks(ids: set[str]) -> list[list[str]]:
    ordered = sorted(ids)
    return [ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)]


def _order(node: dict[str, Any]) -> tuple[Any, ...]:
    # Records of one kind and day stand in the order they were recorded.
    dated = node["occurred_on"] or date.max
    return (STAGES.index(node["type"]), dated, utc(node["recorded_at"]), node["id"])


def _before(effect: date | None, cause: date | None) -> bool:
    return effect is not None and cause is not None and effect < cause


def _node(node: dict[str, Any], code: dict[str, str]) -> dict[str, Any]:
    return {
        "type": node["type"],
        "id": node["id"],
        "title": node["title"],
        "occurred_on": node["occurred_on"],
        "recorded_at": utc(node["recorded_at"]),
        "recorded_by": node["recorded_by"],
        "coalition": code[node["coalition"]],
        "sensitivity": node["sensitivity"],
        "closed_as": node["closed_as"],
    }


def _anomaly(cause: dict[str, Any], effect: dict[str, Any]) -> dict[str, str]:
    reason = (
        f"the {NOUNS[effect['type']]} is dated {effect['occurred_on'].isoformat()}, before the "
        f"{NOUNS[cause['type']]} it follows from ({cause['occurred_on'].isoformat()})"
    )
    return {"from": cause["id"], "to": effect["id"], "reason": reason}
