"""Impact chains: every record upstream and downstream of one, with dates and anomalies."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, select

from projections.queries.common import CHUNK, codes, day, utc
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


def impact_chain(engine: Engine, record_id: str | UUID) -> dict[str, Any] | None:
    """The chain through a record: its causes and their causes, its effects and theirs.

    Answers `{root, nodes, edges, chronology_ok, anomalies}`, or None when the read model
    knows no such record. Edges run cause -> effect; an anomaly is an edge whose effect is
    dated before its cause. Nodes also carry `coalition` and `sensitivity` for redaction.
    """
    root = str(record_id)
    with engine.connect() as connection:
        found = _nodes(connection, {root})
        if root not in found:
            return None
        links = _walk(connection, root, "effect", "cause") | _walk(
            connection, root, "cause", "effect"
        )
        found.update(_nodes(connection, {i for link in links for i in link[:2]} - {root}))
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


def _walk(connection: Connection, root: str, near: str, far: str) -> set[tuple[str, str, str]]:
    """Links followed from the root, level by level: towards causes (near=effect) or
    towards effects (near=cause)."""
    links: set[tuple[str, str, str]] = set()
    seen, frontier = {root}, {root}
    while frontier:
        step = set()
        for ids in _chunks(frontier):
            query = select(chain_links.c.cause, chain_links.c.effect, chain_links.c.relation)
            rows = connection.execute(query.where(chain_links.c[near].in_(ids)))
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
        "occurred_on": day(node["occurred_on"]),
        "recorded_at": utc(node["recorded_at"]),
        "recorded_by": node["recorded_by"],
        "coalition": code[node["coalition"]],
        "sensitivity": node["sensitivity"],
        "closed_as": node["closed_as"],
    }


def _anomaly(cause: dict[str, Any], effect: dict[str, Any]) -> dict[str, str]:
    reason = (
        f"the {NOUNS[effect['type']]} is dated {day(effect['occurred_on'])}, before the "
        f"{NOUNS[cause['type']]} it follows from ({day(cause['occurred_on'])})"
    )
    return {"from": cause["id"], "to": effect["id"], "reason": reason}
