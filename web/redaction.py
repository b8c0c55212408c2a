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
from tracker.permissions import may_ask_outside, written_under
from tracker.sensitivity import may_read, may_read_version, timeline_title


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
    now, then = item.pop("sensitivity", None), item.pop("written_under", None)
    item["title"], item["redacted"] = timeline_title(
        user, item["kind"], item["title"], then, now, item["coalition"]
    )
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

    Each event is judged at the stricter of the sensitivity it was written under and the
    evidence's current one (tracker.permissions.may_read_version); a hidden event keeps its
    provenance but not its data. The state as known then holds the content of every event
    known by then, so it is hidden if any of them is.
    """
    history = answer["history"]
    now = record.sensitivity if isinstance(record, Evidence) else None
    owner = record.id if record.KIND == "coalition" else record.coalition
    levels = written_under(entry["data"] for entry in history)
    hidden_state = False
    for entry, level in zip(history, levels, strict=True):
        hidden = not may_read_version(user, level, now, owner)
        entry["redacted"] = hidden
        if hidden:
            entry["data"] = {}
        hidden_state = hidden_state or (hidden and entry["known"])
    if hidden_state and answer["state"] is not None:
        answer["state"] = redacted(record, coalition_code)
    if record.KIND == "outcome" and not may_ask_outside(user, owner):
        _without_outside_names(answer)
    return answer


def _without_outside_names(answer: dict[str, Any]) -> None:
    """An outcome's audit without the names of outside substantiators (personal data, for
    those who may ask such people: tracker.permissions.may_ask_outside)."""
    for entry in answer["history"]:
        if entry["data"].get("name") is not None and entry["type"] == "outcome.substantiated":
            entry["data"] = {**entry["data"], "name": None}
    state = answer["state"]
    if state is not None and state.get("substantiations"):
        state["substantiations"] = [{**s, "name": None} for s in state["substantiations"]]
