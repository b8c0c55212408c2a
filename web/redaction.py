"""Who may see evidence content: public to all, restricted to all but viewers, confidential
to admins, evaluators and the leads of its coalition. Others learn that it exists.

The rule itself is tracker.sensitivity's (the exports and the pages ask it too); this
module applies it to each shape the API answers with: a record, a timeline entry, an
impact chain's nodes, an audit. Whatever is hidden keeps its id, coalition, sensitivity
and dates (so that a chain's chronology can still be checked), and says `redacted: true`.
"""

from __future__ import annotations

from typing import Any

from domain.evidence import Evidence
from tracker.accounts import User
from tracker.sensitivity import hidden_sentence, may_read, strictest


def may_see(user: User, evidence: Evidence) -> bool:
    """Whether the user may read the evidence's content."""
    return may_read(user, evidence.sensitivity, evidence.coalition)


def redacted(evidence: Evidence, coalition_code: str) -> dict[str, Any]:
    """What a reader without the right sees: that it exists, whose it is, how sensitive."""
    return {
        "id": str(evidence.id),
        "coalition": coalition_code,
        "sensitivity": evidence.sensitivity,
        "redacted": True,
    }


def timeline_entry(user: User, item: dict[str, Any]) -> dict[str, Any]:
    """A timeline entry of projections.queries, its sentence hidden if it tells evidence
    content the user may not read."""
    sensitivity = item.pop("sensitivity", None)
    hidden = item["ref"]["type"] == "evidence" and not may_read(
        user, sensitivity, item["coalition"]
    )
    if hidden:
        item["title"] = hidden_sentence(item["kind"], sensitivity)
    item["redacted"] = hidden
    return item


def chain(user: User, answer: dict[str, Any]) -> dict[str, Any]:
    """An impact chain whose evidence nodes lose their titles where the user may not read
    them (the anomalies name only kinds and dates, so they stay)."""
    for node in answer["nodes"]:
        hidden = node["type"] == "evidence" and not may_read(
            user, node["sensitivity"], node["coalition"]
        )
        if hidden:
            node["title"] = None
        node["redacted"] = hidden
    return answer


def audit(user: User, answer: dict[str, Any], record: Any, coalition_code: str) -> dict[str, Any]:
    """An audit of a record, with evidence content left out where the user may not read it.

    Evidence is judged at the strictest sensitivity it has ever had, since its earlier
    content was written under that sensitivity: the state as known then becomes the
    redacted form, and each event keeps its provenance but not its data.
    """
    hidden = False
    if isinstance(record, Evidence):
        levels = [record.sensitivity]
        for entry in answer["history"]:
            data = entry["data"]
            levels += [data.get("sensitivity"), data.get("changes", {}).get("sensitivity")]
        sensitivity = strictest([level for level in levels if isinstance(level, str)])
        hidden = not may_read(user, sensitivity, record.coalition)
    for entry in answer["history"]:
        entry["redacted"] = hidden
        if hidden:
            entry["data"] = {}
    if hidden and answer["state"] is not None:
        answer["state"] = redacted(record, coalition_code)
    return answer
